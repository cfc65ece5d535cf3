import io.ainnoface.infer.Face;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ImageLoader;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Benchmark (session 38), not a product feature: would the TTA run faster if each pass and its mirror went through the
 * network as one batch of two instead of two calls? For the first N images of a folder, at each scale, it times both
 * ways on the same image pair, alternating which goes first, and checks that the batched call finds the same faces.
 *
 * <p>Run from the repository root after {@code mvn -q -B -o install -DskipTests}, with nothing else running:
 * <pre>
 * source bin/ainnoface-env   # with APP_HOME set to the repository root: the launchers' oneDNN and malloc settings
 * java -Dai.djl.offline=true -cp "serve/target/ainnoface-serve-0.1.0-SNAPSHOT.jar:serve/target/lib/*" \
 *     tools/BatchedMirrorBench.java MODEL_DIR IMAGES_DIR [N=12] [SCALE...=1 2 2.41]
 * </pre>
 */
public final class BatchedMirrorBench {
    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args[0].equals("--help")) {
            System.out.println("usage: BatchedMirrorBench MODEL_DIR IMAGES_DIR [N=12] [SCALE...=1 2 2.41]");
            return;
        }
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        List<Double> scales = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            scales.add(Double.parseDouble(args[i]));
        }
        if (scales.isEmpty()) {
            scales = List.of(1.0, 2.0, 2.41);
        }
        List<Path> images;
        try (Stream<Path> s = Files.list(Path.of(args[1]))) {
            images = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(n).toList();
        }
        ImageLoader loader = new ImageLoader(Long.MAX_VALUE, 1);
        try (FaceDetector det = FaceDetector.load(Path.of(args[0]))) {
            for (double scale : scales) {
                long apart = 0;
                long batched = 0;
                int differ = 0;
                for (int i = 0; i < images.size(); i++) {
                    BufferedImage img = loader.load(images.get(i));
                    AffineTransform tx = AffineTransform.getScaleInstance(-1, 1);
                    tx.translate(-img.getWidth(), 0);
                    BufferedImage mirror = new AffineTransformOp(tx, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(img, null);
                    for (int k = 0; k < 2; k++) {
                        if ((k == 0) == (i % 2 == 0)) {
                            long t = System.nanoTime();
                            List<Face> a = det.detectScaled(List.of(img), new double[] {scale}, -1).get(0);
                            List<Face> b = det.detectScaled(List.of(mirror), new double[] {scale}, -1).get(0);
                            apart += System.nanoTime() - t;
                            List<List<Face>> both = det.detectScaled(List.of(img, mirror), new double[] {scale, scale}, -1);
                            differ += both.get(0).equals(a) && both.get(1).equals(b) ? 0 : 1;
                        } else {
                            long t = System.nanoTime();
                            det.detectScaled(List.of(img, mirror), new double[] {scale, scale}, -1);
                            batched += System.nanoTime() - t;
                        }
                    }
                }
                System.out.printf("scale %.2f, %d image pairs: two calls %.1f ms, one batch of two %.1f ms per pair;"
                        + " batched / apart %.3f; pairs whose faces differ %d%n", scale, images.size(),
                        apart / 1e6 / images.size(), batched / 1e6 / images.size(), (double) batched / apart, differ);
            }
        }
    }
}
