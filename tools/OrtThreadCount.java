import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.ainnoface.infer.FaceTranslatorFactory;

import java.io.File;
import java.nio.file.Path;

/**
 * Check (session 46), not a product feature: which of DJL's ONNX Runtime thread options take effect? Loads a model
 * folder through {@code Criteria} on ONNX Runtime with the given options, runs one image, and prints how many threads
 * the process gained (ONNX Runtime's intra-op pool starts {@code intraOpNumThreads - 1} of its own).
 *
 * <p>Run from the repository root after {@code mvn -q -B -o install -DskipTests}, once per setting:
 * <pre>
 * java -Dai.djl.offline=true -cp "serve/target/ainnoface-serve-0.1.0-SNAPSHOT.jar:serve/target/lib/*" \
 *     tools/OrtThreadCount.java MODEL_DIR IMAGE INTRA|- [INTER]
 * </pre>
 */
public final class OrtThreadCount {
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args[0].equals("--help")) {
            System.out.println("usage: OrtThreadCount MODEL_DIR IMAGE INTRA|- [INTER]   (- leaves intraOpNumThreads unset)");
            return;
        }
        Criteria.Builder<Image, DetectedObjects> b = Criteria.builder()
                .setTypes(Image.class, DetectedObjects.class)
                .optModelPath(Path.of(args[0]))
                .optTranslatorFactory(new FaceTranslatorFactory())
                .optEngine("OnnxRuntime");
        if (!args[2].equals("-")) {
            b.optOption("intraOpNumThreads", args[2]);
        }
        if (args.length > 3) {
            b.optOption("interOpNumThreads", args[3]);
        }
        Image img = ImageFactory.getInstance().fromFile(Path.of(args[1]));
        int before = threads();
        try (ZooModel<Image, DetectedObjects> m = b.build().loadModel();
                Predictor<Image, DetectedObjects> p = m.newPredictor()) {
            p.predict(img);
            System.out.printf("intraOpNumThreads=%s interOpNumThreads=%s: +%d threads%n", args[2],
                    args.length > 3 ? args[3] : "-", threads() - before);
        }
    }

    private static int threads() {
        return new File("/proc/self/task").list().length;
    }
}
