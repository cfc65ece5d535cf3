package io.ainnoface.box;

import io.ainnoface.infer.Face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Hard NMS over faces: the peers' post-processing and the merge of our single scale's large-face passes. */
public final class FaceNms {
    private FaceNms() {}

    /**
     * The faces scoring above {@code threshold}, best first: at most {@code candidates} of them go into NMS at
     * {@code iou} ({@link Boxes#nms}, {@code xyxy}), and at most {@code keep} of the survivors come out.
     */
    public static List<Face> select(List<Face> faces, double threshold, int candidates, double iou, int keep) {
        List<Face> c = new ArrayList<>();
        for (Face f : faces) {
            if (f.score() > threshold) {
                c.add(f);
            }
        }
        c.sort(Comparator.comparingDouble(f -> -f.score()));
        if (c.size() > candidates) {
            c = c.subList(0, candidates);
        }
        float[] boxes = new float[c.size() * 4];
        float[] scores = new float[c.size()];
        for (int i = 0; i < c.size(); i++) {
            Face f = c.get(i);
            boxes[4 * i] = f.x1();
            boxes[4 * i + 1] = f.y1();
            boxes[4 * i + 2] = f.x2();
            boxes[4 * i + 3] = f.y2();
            scores[i] = f.score();
        }
        int[] kept = Boxes.nms(boxes, scores, iou);
        List<Face> out = new ArrayList<>();
        for (int k = 0; k < kept.length && out.size() < keep; k++) {
            out.add(c.get(kept[k]));
        }
        return out;
    }
}
