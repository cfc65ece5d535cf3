package io.ainnoface.eval;

import io.ainnoface.infer.Face;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The WIDER FACE submission layout: {@code <event>/<image>.txt} holding the image name, the
 * number of boxes, then one {@code x y w h score} line per box.
 */
public final class Submission {
    private Submission() {}

    /** Reads every {@code .txt} of a submission folder into key {@code event/image} → x y w h score rows. */
    public static Map<String, double[]> read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": predictions folder not found");
        }
        Map<String, double[]> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".txt") && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path f : files) {
            String event = dir.relativize(f).getNameCount() > 1 ? f.getParent().getFileName().toString() : "";
            String stem = f.getFileName().toString().replaceFirst("\\.txt$", "");
            out.put(event + "/" + stem, readFile(f));
        }
        return out;
    }

    static double[] readFile(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            throw new IOException(f + ":" + (lines.size() + 1) + ": expected the image name and a box count");
        }
        int count;
        try {
            count = Integer.parseInt(lines.get(1).trim());
        } catch (NumberFormatException e) {
            throw new IOException(f + ":2: expected a box count, got '" + lines.get(1).trim() + "'");
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 2; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] t = line.split("\\s+");
            if (t.length != 5) {
                throw new IOException(f + ":" + (i + 1) + ": expected 'x y w h score', got '" + line + "'");
            }
            double[] r = new double[5];
            for (int k = 0; k < 5; k++) {
                try {
                    r[k] = Double.parseDouble(t[k]);
                } catch (NumberFormatException e) {
                    throw new IOException(f + ":" + (i + 1) + ": '" + t[k] + "' is not a number");
                }
                if (!Double.isFinite(r[k])) {
                    throw new IOException(f + ":" + (i + 1) + ": '" + t[k] + "' is not finite");
                }
            }
            rows.add(r);
        }
        if (rows.size() != count) {
            throw new IOException(f + ":2: the file says " + count + " boxes but has " + rows.size());
        }
        double[] out = new double[rows.size() * 5];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, 5 * i, 5);
        }
        return out;
    }

    /** Writes one image's faces ({@code xyxy} pixels) as {@code <dir>/<event>/<stem>.txt}. */
    public static void write(Path dir, String event, String stem, List<Face> faces) throws IOException {
        Path d = dir.resolve(event);
        Files.createDirectories(d);
        StringBuilder sb = new StringBuilder();
        sb.append(stem).append('\n').append(faces.size()).append('\n');
        for (Face f : faces) {
            sb.append(String.format(Locale.ROOT, "%.1f %.1f %.1f %.1f %.5f%n", f.x1(), f.y1(), f.width(), f.height(),
                    f.score()));
        }
        Files.writeString(d.resolve(stem + ".txt"), sb, StandardCharsets.UTF_8);
    }
}
