import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How large a face single scale boxes (session 47, docs/training.md). {@code crops DIR}: three crops of the Grace Hopper
 * sample around her face, each enlarged to long sides 400, 456, ..., 1016, as JPEGs in DIR. {@code score FILE}: for
 * each image of a {@code detect --json} FILE run on DIR, the face's height and the best IoU of any box with the face
 * (TestData.HOPPER_FACE, read by eye, mapped into the crop) and that box's score.
 *
 * <pre>
 * java tools/LargeFaceSweep.java crops /tmp/sweep
 * bin/ainnoface detect /tmp/sweep --threshold 0.05 --draw none --json /tmp/sweep.json [--set inference.largeFacePasses=false]
 * java tools/LargeFaceSweep.java score /tmp/sweep.json
 * </pre>
 */
public class LargeFaceSweep {
    private static final float[] FACE = {176, 106, 352, 320};
    private static final String[] NAMES = {"tighter", "tight", "mid"};
    private static final int[][] CROPS = {{156, 80, 220, 250}, {136, 55, 260, 300}, {96, 25, 340, 380}};

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("crops") || args[0].equals("score"))) {
            System.err.println("usage: java tools/LargeFaceSweep.java crops DIR | score DETECTIONS.json");
            System.exit(2);
        }
        if (args[0].equals("crops")) {
            crops(Path.of(args[1]));
        } else {
            score(Path.of(args[1]));
        }
    }

    private static void crops(Path dir) throws Exception {
        Files.createDirectories(dir);
        BufferedImage src = ImageIO.read(new File("samples/grace_hopper_512x512.jpg"));
        for (int i = 0; i < CROPS.length; i++) {
            int[] c = CROPS[i];
            for (int side = 400; side <= 1024; side += 56) {
                double s = side / (double) Math.max(c[2], c[3]);
                int w = (int) Math.round(c[2] * s);
                int h = (int) Math.round(c[3] * s);
                BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = out.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
                g.drawImage(src.getSubimage(c[0], c[1], c[2], c[3]), 0, 0, w, h, null);
                g.dispose();
                ImageIO.write(out, "jpg", dir.resolve(String.format(Locale.ROOT, "%s_%04d.jpg", NAMES[i], side)).toFile());
            }
        }
    }

    /** Reads detect's JSON with patterns: one object per image, its faces' boxes and scores. */
    private static void score(Path json) throws Exception {
        String text = Files.readString(json);
        Matcher img = Pattern.compile("\"image\"\\s*:\\s*\"[^\"]*?(\\w+)_(\\d{4})\\.jpg\"[^\\[]*?\"height\"\\s*:\\s*(\\d+)"
                + "\\s*,\\s*\"faces\"\\s*:\\s*\\[(.*?)\\]\\s*}", Pattern.DOTALL).matcher(text);
        Pattern face = Pattern.compile("\"box\"\\s*:\\s*\\[([^\\]]*)\\]\\s*,\\s*\"score\"\\s*:\\s*([0-9.Ee+-]+)");
        System.out.println("crop     side  face height  best IoU  its score");
        while (img.find()) {
            int k = java.util.Arrays.asList(NAMES).indexOf(img.group(1));
            int[] c = CROPS[k];
            double s = Integer.parseInt(img.group(3)) / (double) c[3];
            double[] t = {(FACE[0] - c[0]) * s, (FACE[1] - c[1]) * s, (FACE[2] - c[0]) * s, (FACE[3] - c[1]) * s};
            double best = 0;
            double score = 0;
            Matcher f = face.matcher(img.group(4));
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
            System.out.printf(Locale.ROOT, "%-8s %5s %12.0f %9.2f %10.2f%n", img.group(1), img.group(2), t[3] - t[1], best,
                    score);
        }
    }

    private static double iou(double[] a, double[] b) {
        double w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double i = w * h;
        return i / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - i);
    }
}
