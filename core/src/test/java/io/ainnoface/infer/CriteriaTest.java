package io.ainnoface.infer;

import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.BoundingBox;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.ainnoface.TestData;
import io.ainnoface.TestModels;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.InferenceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CriteriaTest {
    /**
     * How a user loads a model folder: the block comes from the folder's serving.properties
     * (blockFactory); DJL 0.36 picks the translator factory before it reads serving.properties,
     * so it is named here.
     */
    static Criteria<Image, DetectedObjects> criteria(Path dir) {
        return builder(dir).build();
    }

    /** The same with the translator's {@code threshold} argument. */
    static Criteria<Image, DetectedObjects> criteria(Path dir, Object threshold) {
        return builder(dir).optArgument("threshold", threshold).build();
    }

    private static Criteria.Builder<Image, DetectedObjects> builder(Path dir) {
        return Criteria.builder()
                .setTypes(Image.class, DetectedObjects.class)
                .optModelPath(dir)
                .optTranslatorFactory(new FaceTranslatorFactory());
    }

    /** What a DJL user's predictor returns for {@code img}. */
    static DetectedObjects predict(Criteria<Image, DetectedObjects> criteria, Image img) throws Exception {
        try (ZooModel<Image, DetectedObjects> model = criteria.loadModel();
                Predictor<Image, DetectedObjects> p = model.newPredictor()) {
            return p.predict(img);
        }
    }

    @TempDir
    Path tmp;

    @Test
    void modelFolderLoadsThroughCriteriaAndAgreesWithTheDetector() throws Exception {
        // threshold 0: an untrained head scores everything near its 0.01 prior
        Path dir = TestModels.untrainedFolder(tmp.resolve("m"), 0.0);
        Image img = ImageFactory.getInstance().fromFile(TestData.sample());
        DetectedObjects found = predict(criteria(dir, 0.0), img);
        List<Face> direct;
        // the same engine as Criteria's: the folder's serving.properties names ONNX Runtime, which runs its ONNX export
        try (FaceDetector det = FaceDetector.load(dir, FaceDetector.Engine.ONNXRUNTIME, 0)) {
            direct = det.detect(ImageLoader.toRgb((java.awt.image.BufferedImage) img.getWrappedImage()), -1);
        }
        assertTrue(found.getNumberOfObjects() > 0);
        assertEquals(direct.size(), found.getNumberOfObjects());
        DetectedObjects.DetectedObject best = found.best();
        assertEquals("face", best.getClassName());
        assertEquals(direct.get(0).score(), best.getProbability(), 1e-5);
        BoundingBox b = best.getBoundingBox();
        // DJL's ratio convention: fractions of the 512x512 image
        assertEquals(direct.get(0).x1() / 512.0, b.getBounds().getX(), 1e-4);
        assertEquals(direct.get(0).width() / 512.0, b.getBounds().getWidth(), 1e-4);
    }

    /** Without the argument the translator keeps what {@code detect} keeps by default (0.5); with it, its value. */
    @Test
    void thresholdArgumentKeepsWhatTheDetectorKeeps() throws Exception {
        Path dir = TestData.bundled();
        Path crowd = TestData.widerRoot().resolve("WIDER_train/images/0--Parade/0_Parade_Parade_0_1019.jpg");
        Image img = ImageFactory.getInstance().fromFile(crowd);
        int at05;
        int at03;
        try (FaceDetector det = FaceDetector.load(dir, FaceDetector.Engine.ONNXRUNTIME, 0)) {
            java.awt.image.BufferedImage rgb = ImageLoader.toRgb((java.awt.image.BufferedImage) img.getWrappedImage());
            at05 = det.detect(rgb, 0.5).size();
            at03 = det.detect(rgb, 0.3).size();
        }
        assertTrue(at03 > at05 && at05 > 0, at03 + " faces at 0.3, " + at05 + " at 0.5");
        DetectedObjects byDefault = predict(criteria(dir), img);
        assertEquals(at05, byDefault.getNumberOfObjects());
        for (DetectedObjects.DetectedObject o : byDefault.<DetectedObjects.DetectedObject>items()) {
            assertTrue(o.getProbability() >= 0.5, "score " + o.getProbability());
        }
        // a line in the folder's serving.properties, which DJL hands over as a string
        Path copy = Files.createDirectories(tmp.resolve("t03"));
        for (String f : TestData.bundledFiles()) {
            Files.copy(dir.resolve(f), copy.resolve(f));
        }
        Files.writeString(copy.resolve("serving.properties"), "threshold=0.3\n", StandardOpenOption.APPEND);
        assertEquals(at03, predict(criteria(copy), img).getNumberOfObjects());
    }

    /**
     * Without {@code optEngine} DJL runs the engine the folder's {@code serving.properties} names, ONNX Runtime on its
     * {@code ainnoface.onnx}; {@code optEngine("PyTorch")} runs the DJL parameters instead. Either finds, box for box,
     * what our own detector finds on that engine.
     */
    @Test
    void theFoldersEngineIsOnnxRuntimeAndPyTorchIsAnOption() throws Exception {
        for (String engine : List.of(DjlDetector.ONNXRUNTIME, DjlDetector.PYTORCH)) {
            assertSameAsOurDetector(engine);
        }
    }

    private static void assertSameAsOurDetector(String engine) throws Exception {
        Path dir = TestData.bundled();
        Image img = ImageFactory.getInstance().fromFile(TestData.sample());
        List<Face> direct;
        boolean onnx = engine.equals(DjlDetector.ONNXRUNTIME);
        try (FaceDetector det = FaceDetector.load(dir, onnx ? FaceDetector.Engine.ONNXRUNTIME : FaceDetector.Engine.PYTORCH,
                0)) {
            direct = det.detect(ImageLoader.toRgb((java.awt.image.BufferedImage) img.getWrappedImage()), 0.5);
        }
        Criteria<Image, DetectedObjects> criteria = onnx ? builder(dir).build() : builder(dir).optEngine(engine).build();
        DetectedObjects found;
        try (ZooModel<Image, DetectedObjects> model = criteria.loadModel();
                Predictor<Image, DetectedObjects> p = model.newPredictor()) {
            assertEquals(engine, model.getNDManager().getEngine().getEngineName());
            found = p.predict(img);
        }
        assertTrue(direct.size() >= 1 && direct.get(0).score() >= 0.9, direct.toString());
        assertEquals(direct.size(), found.getNumberOfObjects());
        List<DetectedObjects.DetectedObject> items = found.items();
        for (int i = 0; i < direct.size(); i++) {
            Face f = direct.get(i);
            DetectedObjects.DetectedObject o = items.get(i);
            assertEquals(f.score(), o.getProbability(), 1e-5);
            ai.djl.modality.cv.output.Rectangle r = o.getBoundingBox().getBounds();
            assertEquals(f.x1() / 512.0, r.getX(), 1e-4);
            assertEquals(f.y1() / 512.0, r.getY(), 1e-4);
            assertEquals(f.width() / 512.0, r.getWidth(), 1e-4);
            assertEquals(f.height() / 512.0, r.getHeight(), 1e-4);
        }
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefusedByName() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> predict(criteria(TestData.bundled(), "1.5"), ImageFactory.getInstance().fromFile(TestData.sample())));
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof IllegalArgumentException)) {
            t = t.getCause();
        }
        assertTrue(t.getMessage().contains("argument 'threshold' must be a number in [0, 1], got '1.5'"), t.toString());
    }

    /**
     * {@code tta=true} (as a line of serving.properties gives it, a string) runs the test-time augmentation with the
     * folder's verifiers; two predictors of one model, on two threads at once, share its translator and verifiers and
     * each finds what {@link FaceDetector#detectTta} finds. On PyTorch, whose runners reuse one native input buffer
     * (a copy of the folder whose TTA stops at 1024² pixels, to keep it quick).
     */
    @Test
    void ttaArgumentRunsTheAugmentationOnPredictorsOfSeveralThreads() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tta1024"));
        for (String f : TestData.bundledFiles()) {
            Files.copy(TestData.bundled().resolve(f), dir.resolve(f));
        }
        Path yaml = dir.resolve(ModelFolder.CONFIG);
        Files.writeString(yaml, Files.readString(yaml).replace("ttaMaxSize: 2048", "ttaMaxSize: 1024"));
        Image img = ImageFactory.getInstance().fromFile(TestData.sample());
        List<Face> expected;
        try (FaceDetector det = FaceDetector.load(dir, FaceDetector.Engine.PYTORCH, 0)) {
            assertEquals(1024, det.config().inference.ttaMaxSize);
            expected = det.detectTta(ImageLoader.toRgb((java.awt.image.BufferedImage) img.getWrappedImage()), 0.05);
        }
        assertTrue(expected.size() >= 5, expected.size() + " faces");
        Criteria<Image, DetectedObjects> criteria = builder(dir).optArgument("threshold", "0.05")
                .optArgument("tta", "true").optEngine(DjlDetector.PYTORCH).build();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (ZooModel<Image, DetectedObjects> model = criteria.loadModel()) {
            List<java.util.concurrent.Future<DetectedObjects>> runs = new java.util.ArrayList<>();
            for (int k = 0; k < 2; k++) {
                runs.add(pool.submit(() -> {
                    try (Predictor<Image, DetectedObjects> p = model.newPredictor()) {
                        return p.predict(img);
                    }
                }));
            }
            for (java.util.concurrent.Future<DetectedObjects> run : runs) {
                DetectedObjects found = run.get();
                assertEquals(expected.size(), found.getNumberOfObjects());
                List<DetectedObjects.DetectedObject> items = found.items();
                for (int i = 0; i < expected.size(); i++) {
                    Face f = expected.get(i);
                    assertEquals(f.score(), items.get(i).getProbability(), 1e-5, "face " + i);
                    ai.djl.modality.cv.output.Rectangle r = items.get(i).getBoundingBox().getBounds();
                    assertEquals(f.x1() / 512.0, r.getX(), 1e-4);
                    assertEquals(f.y2() / 512.0, r.getY() + r.getHeight(), 1e-4);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /** {@code ttaPreset} runs the TTA with the folder's named setting, as {@code detect --tta-preset} does. */
    @Test
    void ttaPresetArgumentRunsTheFoldersNamedSetting() throws Exception {
        Path dir = TestData.bundled();
        Image img = ImageFactory.getInstance().fromFile(TestData.sample());
        java.awt.image.BufferedImage rgb = ImageLoader.toRgb((java.awt.image.BufferedImage) img.getWrappedImage());
        List<Face> expected;
        List<Face> shipped;
        try (FaceDetector det = FaceDetector.load(dir, FaceDetector.Engine.ONNXRUNTIME, 0)) {
            shipped = det.detectTta(rgb, 0.05);
            InferenceConfig inf = det.config().inference;
            ConfigLoader.overrideInference(inf, ConfigLoader.presetValues(inf, "large-faces"));
            expected = det.detectTta(rgb, 0.05);
        }
        assertTrue(expected.size() != shipped.size() || expected.get(0).score() != shipped.get(0).score(),
                "the preset changed nothing: the test cannot tell");
        DetectedObjects found = predict(builder(dir).optArgument("threshold", 0.05).optArgument("ttaPreset", "large-faces")
                .build(), img);
        assertEquals(expected.size(), found.getNumberOfObjects());
        List<DetectedObjects.DetectedObject> items = found.items();
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).score(), items.get(i).getProbability(), 1e-5, "face " + i);
            assertEquals(expected.get(i).x1() / 512.0, items.get(i).getBoundingBox().getBounds().getX(), 1e-4);
        }
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> predict(builder(dir).optArgument("ttaPreset", "slow").build(), img));
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof IllegalArgumentException)) {
            t = t.getCause();
        }
        assertTrue(t.getMessage().startsWith("argument 'ttaPreset': no test-time preset 'slow' in the model folder (it has "
                + "fast, large-faces;"), t.toString());
    }

    @Test
    void aTtaArgumentOtherThanTrueOrFalseIsRefusedByName() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> predict(builder(TestData.bundled()).optArgument("tta", "yes").build(),
                        ImageFactory.getInstance().fromFile(TestData.sample())));
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof IllegalArgumentException)) {
            t = t.getCause();
        }
        assertTrue(t.getMessage().contains("argument 'tta' must be true or false, got 'yes'"), t.toString());
    }
}
