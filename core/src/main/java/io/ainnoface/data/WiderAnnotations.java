package io.ainnoface.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of WIDER FACE's {@code wider_face_*_bbx_gt.txt}: per image a path line, a count line,
 * then one {@code x y w h blur expression illumination invalid occlusion pose} line per face (an
 * image with no face still has one all-zero line). Invalid faces and faces of zero size are
 * dropped and counted; any malformed line is an error naming the file and line.
 */
public final class WiderAnnotations {
    private final List<WiderImage> images;
    private final int droppedInvalid;
    private final int droppedDegenerate;

    private WiderAnnotations(List<WiderImage> images, int invalid, int degenerate) {
        this.images = images;
        this.droppedInvalid = invalid;
        this.droppedDegenerate = degenerate;
    }

    public List<WiderImage> images() {
        return images;
    }

    public int droppedInvalid() {
        return droppedInvalid;
    }

    public int droppedDegenerate() {
        return droppedDegenerate;
    }

    public int faceCount() {
        return images.stream().mapToInt(i -> i.faces().size()).sum();
    }

    public static WiderAnnotations read(Path file) throws IOException {
        return read(file, false);
    }

    /**
     * @param keepAll keep invalid and zero-size faces too (for evaluation, which ignores them
     *     rather than forgetting them); they are still counted as dropped
     */
    public static WiderAnnotations read(Path file, boolean keepAll) throws IOException {
        List<String> lines;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = r.lines().toList();
        }
        List<WiderImage> images = new ArrayList<>();
        int invalid = 0;
        int degenerate = 0;
        int i = 0;
        while (i < lines.size()) {
            String path = lines.get(i).trim();
            if (path.isEmpty()) {
                i++;
                continue;
            }
            if (!path.toLowerCase().endsWith(".jpg") && !path.toLowerCase().endsWith(".png")) {
                throw error(file, i, "expected an image path, got '" + path + "'");
            }
            if (i + 1 >= lines.size()) {
                throw error(file, i + 1, "missing face count after " + path);
            }
            int count;
            try {
                count = Integer.parseInt(lines.get(i + 1).trim());
            } catch (NumberFormatException e) {
                throw error(file, i + 1, "expected a face count, got '" + lines.get(i + 1).trim() + "'");
            }
            if (count < 0) {
                throw error(file, i + 1, "negative face count " + count);
            }
            int rows = Math.max(count, 1);
            List<WiderFace> faces = new ArrayList<>(count);
            for (int k = 0; k < rows; k++) {
                int ln = i + 2 + k;
                if (ln >= lines.size()) {
                    throw error(file, ln, "file ends inside the faces of " + path + " (" + count + " expected)");
                }
                String[] t = lines.get(ln).trim().split("\\s+");
                if (t.length < 10) {
                    throw error(file, ln, "expected 10 numbers (x y w h blur expression illumination invalid"
                            + " occlusion pose), got " + t.length + ": '" + lines.get(ln).trim() + "'");
                }
                float[] v = new float[10];
                for (int j = 0; j < 10; j++) {
                    try {
                        v[j] = Float.parseFloat(t[j]);
                    } catch (NumberFormatException e) {
                        throw error(file, ln, "field " + (j + 1) + " is not a number: '" + t[j] + "'");
                    }
                }
                if (count == 0) {
                    continue;
                }
                WiderFace f = new WiderFace(v[0], v[1], v[2], v[3], (int) v[4], (int) v[5], (int) v[6],
                        (int) v[7], (int) v[8], (int) v[9]);
                if (f.invalid() != 0) {
                    invalid++;
                } else if (f.w() <= 0 || f.h() <= 0) {
                    degenerate++;
                } else {
                    faces.add(f);
                    continue;
                }
                if (keepAll) {
                    faces.add(f);
                }
            }
            images.add(new WiderImage(path, List.copyOf(faces)));
            i += 2 + rows;
        }
        return new WiderAnnotations(List.copyOf(images), invalid, degenerate);
    }

    private static IOException error(Path file, int zeroBasedLine, String msg) {
        return new IOException(file + ":" + (zeroBasedLine + 1) + ": " + msg);
    }
}
