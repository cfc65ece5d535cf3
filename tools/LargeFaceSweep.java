import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How large a face single scale boxes (session 47, docs/training.md): faces enlarged until they are larger than the
 * network's largest anchor, each crop with its face's box in {@code truth.txt}.
 *
 * <ul>
 *   <li>{@code grace DIR}: three crops of the Grace Hopper sample around her face (its box read by eye, as
 *       TestData.HOPPER_FACE), each enlarged to long sides 400, 456, ..., 1016.</li>
 *   <li>{@code wider ANNOTATIONS IMAGES DIR [N [W H FROM TO STEP]]}: the first valid, unoccluded face at least 200 px
 *       tall of each of the first N images (default 80) of a WIDER split that has one, enlarged to FROM, FROM + STEP,
 *       ..., TO px tall (default 300 to 800 by 100) in a W × H window around it (default 768 × 1024, a portrait;
 *       smaller where the photo ends).</li>
 *   <li>{@code score DETECTIONS.json DIR/truth.txt}: for each crop of a {@code detect --json} run on DIR, the best IoU of
 *       any box with the face and that box's score, then by face height: how many, how many boxed at IoU 0.5, the
 *       median best IoU.</li>
 * </ul>
 *
 * <pre>
 * java tools/LargeFaceSweep.java wider ../shared/data/widerface/wider_face_split/wider_face_train_bbx_gt.txt \
 *     ../shared/data/widerface/WIDER_train/images /tmp/sweep      # webcam close-ups: ... /tmp/sweep 80 640 480 150 450 50
 * bin/ainnoface detect /tmp/sweep --draw none --json /tmp/sweep.json [--set inference.largeFacePasses=false]
 * java tools/LargeFaceSweep.java score /tmp/sweep.json /tmp/sweep/truth.txt
 * </pre>
 */
public class LargeFaceSweep {
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("grace")) {
            grace(Path.of(args[1]));
        } else if ((args.length == 4 || args.length == 5 || args.length == 10) && args[0].equals("wider")) {
            int[] v = {80, 768, 1024, 300, 800, 100};
            for (int i = 4; i < args.length; i++) {
                v[i - 4] = Integer.parseInt(args[i]);
            }
            wider(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), v);
        } else if (args.length == 3 && args[0].equals("score")) {
            score(Path.of(args[1]), Path.of(args[2]));
        } else {
            System.err.println("usage: java tools/LargeFaceSweep.java grace DIR | wider ANNOTATIONS IMAGES DIR [N [W H FROM TO STEP]]"
                    + " | score DETECTIONS.json TRUTH");
            System.exit(2);
        }
    }

    private static void grace(Path dir) throws Exception {
        Files.createDirectories(dir);
        BufferedImage src = ImageIO.read(new File("samples/grace_hopper_512x512.jpg"));
        double[] face = {176, 106, 352, 320};
        String[] names = {"tighter", "tight", "mid"};
        int[][] crops = {{156, 80, 220, 250}, {136, 55, 260, 300}, {96, 25, 340, 380}};
        StringBuilder truth = new StringBuilder();
        for (int i = 0; i < crops.length; i++) {
            int[] c = crops[i];
            for (int side = 400; side <= 1024; side += 56) {
                double s = side / (double) Math.max(c[2], c[3]);
                String name = String.format(Locale.ROOT, "%s_%04d.jpg", names[i], side);
                write(src, c, s, dir.resolve(name));
                truth.append(line(name, face, c, s));
            }
        }
        Files.writeString(dir.resolve("truth.txt"), truth);
    }

    /** {@code v}: N, window W and H, face heights FROM, TO, STEP. */
    private static void wider(Path annotations, Path images, Path dir, int[] v) throws Exception {
        int n = v[0];
        Files.createDirectories(dir);
        List<String> lines = Files.readAllLines(annotations);
        StringBuilder truth = new StringBuilder();
        int used = 0;
        for (int i = 0; i < lines.size() && used < n && !lines.get(i).isBlank(); ) {
            String file = lines.get(i).trim();
            int k = Integer.parseInt(lines.get(i + 1).trim());
            double[] face = null;
            for (int j = 0; j < k; j++) {
                String[] a = lines.get(i + 2 + j).trim().split("\\s+");
                int h = Integer.parseInt(a[3]);
                // attributes: blur expression illumination invalid occlusion pose
                if (face == null && h >= 200 && a[7].equals("0") && a[8].equals("0")) {
                    int x = Integer.parseInt(a[0]);
                    int y = Integer.parseInt(a[1]);
                    face = new double[] {x, y, x + Integer.parseInt(a[2]), y + h};
                }
            }
            i += 2 + Math.max(k, 1);
            if (face == null) {
                continue;
            }
            BufferedImage src = ImageIO.read(images.resolve(file).toFile());
            used++;
            for (int t = v[3]; t <= v[4]; t += v[5]) {
                double s = t / (face[3] - face[1]);
                int[] c = window(src, face, v[1] / s, v[2] / s);
                String name = String.format(Locale.ROOT, "w%03d_%d.jpg", used, t);
                write(src, c, s, dir.resolve(name));
                truth.append(line(name, face, c, s));
            }
        }
        Files.writeString(dir.resolve("truth.txt"), truth);
        System.out.println(used + " faces, " + used * ((v[4] - v[3]) / v[5] + 1) + " crops in " + dir);
    }

    /** A {@code w × h} window (x, y, w, h) centred on the face, moved or cut to stay inside the photo. */
    private static int[] window(BufferedImage src, double[] face, double w, double h) {
        int cw = (int) Math.min(src.getWidth(), Math.round(w));
        int ch = (int) Math.min(src.getHeight(), Math.round(h));
        int x = (int) Math.round((face[0] + face[2]) / 2 - cw / 2.0);
        int y = (int) Math.round((face[1] + face[3]) / 2 - ch / 2.0);
        x = Math.max(0, Math.min(src.getWidth() - cw, x));
        y = Math.max(0, Math.min(src.getHeight() - ch, y));
        return new int[] {x, y, cw, ch};
    }

    private static void write(BufferedImage src, int[] c, double s, Path out) throws Exception {
        int w = (int) Math.round(c[2] * s);
        int h = (int) Math.round(c[3] * s);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src.getSubimage(c[0], c[1], c[2], c[3]), 0, 0, w, h, null);
        g.dispose();
        ImageIO.write(img, "jpg", out.toFile());
    }

    /** The face box mapped into the crop {@code c} enlarged by {@code s}: "name x1 y1 x2 y2". */
    private static String line(String name, double[] f, int[] c, double s) {
        return String.format(Locale.ROOT, "%s %.1f %.1f %.1f %.1f%n", name, (f[0] - c[0]) * s, (f[1] - c[1]) * s,
                (f[2] - c[0]) * s, (f[3] - c[1]) * s);
    }

    /** Reads detect's JSON with patterns: one object per image, its faces' boxes and scores. */
    private static void score(Path json, Path truthFile) throws Exception {
        Map<String, double[]> truth = new HashMap<>();
        for (String l : Files.readAllLines(truthFile)) {
            String[] v = l.trim().split("\\s+");
            truth.put(v[0], new double[] {Double.parseDouble(v[1]), Double.parseDouble(v[2]), Double.parseDouble(v[3]),
                Double.parseDouble(v[4])});
        }
        Matcher img = Pattern.compile("\"image\"\\s*:\\s*\"[^\"]*?([^/\"]+\\.jpg)\".*?\"faces\"\\s*:\\s*\\[(.*?)\\]\\s*}",
                Pattern.DOTALL).matcher(Files.readString(json));
        Pattern face = Pattern.compile("\"box\"\\s*:\\s*\\[([^\\]]*)\\]\\s*,\\s*\"score\"\\s*:\\s*([0-9.Ee+-]+)");
        Map<Long, List<Double>> byHeight = new TreeMap<>();
        System.out.println("crop                 face height  best IoU  its score");
        while (img.find()) {
            double[] t = truth.get(img.group(1));
            if (t == null) {
                continue;
            }
            double best = 0;
            double score = 0;
            Matcher f = face.matcher(img.group(2));
            while (f.find()) {
                String[] v = f.group(1).split(",");
                double[] b = new double[4];
                for (int i = 0; i < 4; i++) {
                    b[i] = Double.parseDouble(v[i].trim());
                }
                double iou = iou(b, t);
                if (iou > best) {
                    best = iou;
                    score = Double.parseDouble(f.group(2));
                }
            }
            double height = t[3] - t[1];
            System.out.printf(Locale.ROOT, "%-20s %12.0f %9.2f %10.2f%n", img.group(1), height, best, score);
            byHeight.computeIfAbsent(Math.round(height / 50) * 50, x -> new ArrayList<>()).add(best);
        }
        System.out.println(" face height (to 50 px)  crops  boxed at IoU 0.5  median best IoU");
        for (Map.Entry<Long, List<Double>> e : byHeight.entrySet()) {
            List<Double> v = e.getValue();
            v.sort(null);
            long boxed = v.stream().filter(x -> x >= 0.5).count();
            System.out.printf(Locale.ROOT, "%23d %6d %17d %16.2f%n", e.getKey(), v.size(), boxed, v.get(v.size() / 2));
        }
    }

    private static double iou(double[] a, double[] b) {
        double w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double i = w * h;
        return i / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - i);
    }
}
