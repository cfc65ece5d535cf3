import io.ainnoface.infer.Face;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ImageLoader;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Prototype (session 31), not a product feature: does the detector place a small box better when it looks again at
 * the box's surroundings zoomed in? The detector's boxes on faces of 16-64 px sit closer to their faces than its boxes
 * on faces under 16 px (median best IoU 0.75 against 0.65 with TTA on devval), and most false positives above the
 * large faces are the only box on a small face at IoU 0.3-0.5 (docs/training.md, session 31).
 *
 * <p>For every box of a WIDER submission folder (x y w h score, e.g. an {@code evaluate --tta} output's predictions)
 * with {@code sqrt(w·h)} below {@code --max-size} and score at least {@code --min-score} (the {@code --top} best of
 * each image): a square crop centred on the box is upscaled so the box is {@code --target} pixels across, in a
 * {@code --crop}² input (mean colour outside the image), and the detector runs on it single-scale. The detection
 * overlapping the original box most (IoU at least {@code --min-iou}) replaces its corners as
 * {@code (1 - mix) · old + mix · new}; scores are left as they were, so only placement changes. Writes a submission
 * folder for {@code bin/ainnoface evaluate --predictions} and {@code compare}.
 *
 * <p>Run from the repository root after {@code mvn -q -B -o install -DskipTests}:
 * <pre>
 * java -Dai.djl.offline=true -cp "serve/target/ainnoface-serve-0.1.0-SNAPSHOT.jar:serve/target/lib/*" \
 *     tools/ZoomRefinePrototype.java MODEL_DIR PREDICTIONS_DIR IMAGES_DIR OUT_DIR [--max-size 32] [--target 40] \
 *     [--crop 128] [--min-score 0.05] [--top 300] [--min-iou 0.3] [--mix 1.0]
 * </pre>
 */
public final class ZoomRefinePrototype {
    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args[0].equals("--help")) {
            System.out.println("usage: ZoomRefinePrototype MODEL_DIR PREDICTIONS_DIR IMAGES_DIR OUT_DIR [--max-size 32]"
                    + " [--target 40] [--crop 128] [--min-score 0.05] [--top 300] [--min-iou 0.3] [--mix 1.0]");
            return;
        }
        Path model = Path.of(args[0]);
        Path predictions = Path.of(args[1]);
        Path images = Path.of(args[2]);
        Path out = Path.of(args[3]);
        double maxSize = 32;
        double target = 40;
        int crop = 128;
        double minScore = 0.05;
        int top = 300;
        double minIou = 0.3;
        double mix = 1.0;
        for (int i = 4; i + 1 < args.length; i += 2) {
            double v = Double.parseDouble(args[i + 1]);
            switch (args[i]) {
                case "--max-size" -> maxSize = v;
                case "--target" -> target = v;
                case "--crop" -> crop = (int) v;
                case "--min-score" -> minScore = v;
                case "--top" -> top = (int) v;
                case "--min-iou" -> minIou = v;
                case "--mix" -> mix = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(predictions)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        ImageLoader loader = new ImageLoader(Long.MAX_VALUE, 1);
        long refined = 0;
        long tried = 0;
        double moved = 0;
        long t0 = System.nanoTime();
        try (FaceDetector det = FaceDetector.load(model)) {
            List<Float> mean = det.config().model.mean;
            Color fill = new Color(Math.round(mean.get(0) * 255), Math.round(mean.get(1) * 255),
                    Math.round(mean.get(2) * 255));
            int n = 0;
            for (Path f : files) {
                List<String> lines = Files.readAllLines(f);
                String name = lines.get(0).trim();
                int count = Integer.parseInt(lines.get(1).trim());
                double[][] boxes = new double[count][];
                for (int i = 0; i < count; i++) {
                    String[] t = lines.get(2 + i).trim().split("\\s+");
                    boxes[i] = new double[] {Double.parseDouble(t[0]), Double.parseDouble(t[1]),
                        Double.parseDouble(t[2]), Double.parseDouble(t[3]), Double.parseDouble(t[4])};
                }
                String event = f.getParent().getFileName().toString();
                Path img = images.resolve(event).resolve(name.endsWith(".jpg") ? name : name + ".jpg");
                BufferedImage image = loader.load(img);
                List<Integer> chosen = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    double[] b = boxes[i];
                    if (Math.sqrt(Math.max(0, b[2]) * Math.max(0, b[3])) < maxSize && b[4] >= minScore) {
                        chosen.add(i);
                    }
                }
                chosen.sort((a, b) -> Double.compare(boxes[b][4], boxes[a][4]));
                if (chosen.size() > top) {
                    chosen = chosen.subList(0, top);
                }
                for (int from = 0; from < chosen.size(); from += 32) {
                    List<Integer> part = chosen.subList(from, Math.min(chosen.size(), from + 32));
                    List<BufferedImage> crops = new ArrayList<>();
                    double[][] frames = new double[part.size()][];
                    for (int k = 0; k < part.size(); k++) {
                        double[] b = boxes[part.get(k)];
                        double z = target / Math.max(1, Math.sqrt(b[2] * b[3]));
                        double cx = b[0] + b[2] / 2;
                        double cy = b[1] + b[3] / 2;
                        double x0 = cx - crop / 2.0 / z;
                        double y0 = cy - crop / 2.0 / z;
                        frames[k] = new double[] {x0, y0, z};
                        crops.add(zoom(image, x0, y0, z, crop, fill));
                    }
                    double[] ones = new double[crops.size()];
                    java.util.Arrays.fill(ones, 1.0);
                    List<List<Face>> found = det.detectScaled(crops, ones, 0.01);
                    for (int k = 0; k < part.size(); k++) {
                        double[] b = boxes[part.get(k)];
                        double[] fr = frames[k];
                        double[] old = {b[0], b[1], b[0] + b[2], b[1] + b[3]};
                        double[] best = null;
                        double bestIou = minIou;
                        for (Face g : found.get(k)) {
                            double[] c = {fr[0] + g.x1() / fr[2], fr[1] + g.y1() / fr[2],
                                fr[0] + g.x2() / fr[2], fr[1] + g.y2() / fr[2]};
                            double iou = iou(old, c);
                            if (iou >= bestIou) {
                                bestIou = iou;
                                best = c;
                            }
                        }
                        tried++;
                        if (best != null) {
                            refined++;
                            moved += 1 - bestIou;
                            double x1 = (1 - mix) * old[0] + mix * best[0];
                            double y1 = (1 - mix) * old[1] + mix * best[1];
                            double x2 = (1 - mix) * old[2] + mix * best[2];
                            double y2 = (1 - mix) * old[3] + mix * best[3];
                            b[0] = x1;
                            b[1] = y1;
                            b[2] = x2 - x1;
                            b[3] = y2 - y1;
                        }
                    }
                }
                Path o = out.resolve(event).resolve(f.getFileName());
                Files.createDirectories(o.getParent());
                StringBuilder sb = new StringBuilder(name).append('\n').append(count).append('\n');
                for (double[] b : boxes) {
                    sb.append(String.format(Locale.ROOT, "%.1f %.1f %.1f %.1f %.5f%n", b[0], b[1], b[2], b[3], b[4]));
                }
                Files.writeString(o, sb.toString());
                if (++n % 20 == 0) {
                    System.err.printf(Locale.ROOT, "%d/%d images, %.0f s%n", n, files.size(),
                            (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d boxes looked at, %d refined (mean 1-IoU of the move %.3f), %.0f s%n", tried,
                refined, refined == 0 ? 0 : moved / refined, (System.nanoTime() - t0) / 1e9);
    }

    /** The region from (x0, y0) of side crop/z original pixels, upscaled z times into a crop² image. */
    static BufferedImage zoom(BufferedImage img, double x0, double y0, double z, int crop, Color fill) {
        BufferedImage out = new BufferedImage(crop, crop, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(fill);
        g.fillRect(0, 0, crop, crop);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        java.awt.geom.AffineTransform t = new java.awt.geom.AffineTransform();
        t.scale(z, z);
        t.translate(-x0, -y0);
        g.drawImage(img, t, null);
        g.dispose();
        return out;
    }

    static double iou(double[] a, double[] b) {
        double iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }
}
