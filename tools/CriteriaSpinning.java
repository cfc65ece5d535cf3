import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.ainnoface.infer.FaceTranslatorFactory;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.infer.OnnxSessions;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Check (session 49), not a product feature: what do our session options (idle threads stop spinning when a run
 * returns) give the {@code Criteria} path? Loads a model folder twice through {@code Criteria} on ONNX Runtime, with
 * DJL's string options only ({@code OnnxSessions.withThreads}) and with our options object
 * ({@code OnnxSessions.loadModel}), then times each on the same photos in blocks, one model at a time, so that one
 * model's spinning threads never run into the other's calls. Prints each block's median and mean per photo.
 *
 * <p>Run from the repository root after {@code mvn -q -B -o install -DskipTests}:
 * <pre>
 * java -Dai.djl.offline=true -cp "serve/target/ainnoface-serve-0.1.0-SNAPSHOT.jar:serve/target/lib/*" \
 *     tools/CriteriaSpinning.java MODEL_DIR ANNOTATIONS IMAGES [tta|single] [PHOTOS] [ROUNDS]
 * </pre>
 * (devval: {@code ../shared/data/widerface/wider_face_split/wider_face_devval_bbx_gt.txt} and
 * {@code ../shared/data/widerface/WIDER_train/images}; the photos are the annotation file's 51st onwards.)
 */
public final class CriteriaSpinning {
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args[0].equals("--help")) {
            System.out.println("usage: CriteriaSpinning MODEL_DIR ANNOTATIONS IMAGES [tta|single] [PHOTOS] [ROUNDS]");
            return;
        }
        boolean tta = args.length < 4 || args[3].equals("tta");
        int n = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        Criteria<Image, DetectedObjects> criteria = Criteria.builder()
                .setTypes(Image.class, DetectedObjects.class)
                .optModelPath(Path.of(args[0]))
                .optTranslatorFactory(new FaceTranslatorFactory())
                .optEngine("OnnxRuntime")
                .optArgument("threshold", 0.5)
                .optArgument("tta", tta)
                .build();
        List<Image> photos = new ArrayList<>();
        ImageLoader loader = new ImageLoader(Long.MAX_VALUE, 1);
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (line.endsWith(".jpg") && photos.size() < n + 50) {
                BufferedImage img = photos.size() < 50 ? null : loader.load(Path.of(args[2], line));
                photos.add(img == null ? null : ImageFactory.getInstance().fromImage(img));
            }
        }
        photos = photos.subList(50, photos.size());
        try (ZooModel<Image, DetectedObjects> spinning = OnnxSessions.withThreads(criteria).loadModel();
                ZooModel<Image, DetectedObjects> stopping = OnnxSessions.loadModel(criteria);
                Predictor<Image, DetectedObjects> a = spinning.newPredictor();
                Predictor<Image, DetectedObjects> b = stopping.newPredictor()) {
            for (int r = 0; r < rounds; r++) {
                // the order alternates, so that neither model always runs on what the other warmed up
                double[][] ms = new double[2][];
                if (r % 2 == 0) {
                    ms[0] = block(a, photos);
                    ms[1] = block(b, photos);
                } else {
                    ms[1] = block(b, photos);
                    ms[0] = block(a, photos);
                }
                System.out.printf("round %d: string options only median %.1f ms, mean %.1f ms | our options object "
                        + "median %.1f ms, mean %.1f ms | ratio of medians %.3f%n", r, ms[0][0], ms[0][1], ms[1][0],
                        ms[1][1], ms[1][0] / ms[0][0]);
            }
        }
    }

    /** Times {@code p} on every photo after one warm-up call: the median and the mean in ms. */
    private static double[] block(Predictor<Image, DetectedObjects> p, List<Image> photos) throws Exception {
        p.predict(photos.get(0));
        double[] t = new double[photos.size()];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            p.predict(photos.get(i));
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        double mean = Arrays.stream(t).average().orElse(0);
        Arrays.sort(t);
        return new double[] {t[t.length / 2], mean};
    }
}
