package io.ainnoface.infer;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON record of one image's faces, shared by {@code detect} and the HTTP server:
 * {@code {"width", "height", "faces": [{"box": [x1, y1, x2, y2], "score"}]}}, boxes in pixels
 * of the original image rounded to 0.1 px, scores to 1e-4.
 */
public final class FaceJson {
    private FaceJson() {}

    /** Appends {@code width}, {@code height} and {@code faces} to {@code record} (whose keys come first). */
    public static Map<String, Object> record(Map<String, Object> record, BufferedImage img, List<Face> faces) {
        return record(record, img, faces, null);
    }

    /**
     * As {@link #record(Map, BufferedImage, List)}, each face with the file its crop was written to ({@code "crop"},
     * from {@code crops} in the faces' order; a null entry, or a null list, adds none).
     */
    public static Map<String, Object> record(Map<String, Object> record, BufferedImage img, List<Face> faces,
            List<String> crops) {
        record.put("width", img.getWidth());
        record.put("height", img.getHeight());
        List<Map<String, Object>> fl = new ArrayList<>(faces.size());
        for (Face f : faces) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("box", new double[] {round(f.x1()), round(f.y1()), round(f.x2()), round(f.y2())});
            m.put("score", Math.round(f.score() * 10000) / 10000.0);
            if (crops != null && crops.get(fl.size()) != null) {
                m.put("crop", crops.get(fl.size()));
            }
            fl.add(m);
        }
        record.put("faces", fl);
        return record;
    }

    private static double round(float v) {
        return Math.round(v * 10) / 10.0;
    }
}
