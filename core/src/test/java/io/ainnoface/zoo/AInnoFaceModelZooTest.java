package io.ainnoface.zoo;

import ai.djl.Application;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Rectangle;
import ai.djl.repository.MRL;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import io.ainnoface.TestData;
import io.ainnoface.box.Boxes;
import io.ainnoface.infer.BundledModel;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.infer.OnnxSessions;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped model as a DJL user finds it: by group and artifact id, through the zoo DJL discovers itself. */
class AInnoFaceModelZooTest {
    private static Criteria.Builder<Image, DetectedObjects> byId() {
        return Criteria.builder()
                .setTypes(Image.class, DetectedObjects.class)
                .optGroupId(AInnoFaceModelZoo.GROUP_ID)
                .optArtifactId(BundledModel.NAME);
    }

    /** DJL's detections in pixels of the 512x512 sample, as faces. */
    private static List<Face> faces(DetectedObjects found) {
        List<DetectedObjects.DetectedObject> items = found.items();
        return items.stream().map(o -> {
            Rectangle r = o.getBoundingBox().getBounds();
            return new Face((float) (r.getX() * 512), (float) (r.getY() * 512),
                    (float) ((r.getX() + r.getWidth()) * 512), (float) ((r.getY() + r.getHeight()) * 512),
                    (float) o.getProbability());
        }).toList();
    }

    private static List<Face> load(Criteria<Image, DetectedObjects> criteria, String engine) throws Exception {
        Image img = ImageFactory.getInstance().fromFile(TestData.sample());
        try (ZooModel<Image, DetectedObjects> model = criteria.loadModel();
                Predictor<Image, DetectedObjects> p = model.newPredictor()) {
            assertEquals(engine, model.getNDManager().getEngine().getEngineName());
            return faces(p.predict(img));
        }
    }

    private static void assertSameFaces(List<Face> want, List<Face> got) {
        assertEquals(want.size(), got.size(), want + " vs " + got);
        for (int i = 0; i < want.size(); i++) {
            Face a = want.get(i);
            Face b = got.get(i);
            assertEquals(a.score(), b.score(), 1e-5);
            assertEquals(a.x1(), b.x1(), 0.05);
            assertEquals(a.y1(), b.y1(), 0.05);
            assertEquals(a.x2(), b.x2(), 0.05);
            assertEquals(a.y2(), b.y2(), 0.05);
        }
    }

    /** The zoo gives ONNX Runtime a thread per processor unless the criteria name threads; the rest is kept. */
    @Test
    void theZooAsksForAThreadPerProcessorUnlessTheCriteriaNameThreads() {
        Criteria<Image, DetectedObjects> given = byId().optEngine("OnnxRuntime").optArgument("threshold", 0.3).build();
        Criteria<Image, DetectedObjects> c = OnnxSessions.withThreads(given);
        assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()), c.getOptions().get("intraOpNumThreads"));
        assertEquals("1", c.getOptions().get("interOpNumThreads"));
        assertEquals(BundledModel.NAME, c.getArtifactId());
        assertEquals("OnnxRuntime", c.getEngine());
        assertEquals(0.3, c.getArguments().get("threshold"));
        Criteria<Image, DetectedObjects> own = byId().optOption("interOpNumThreads", "1").optOption("intraOpNumThreads", "1")
                .build();
        assertSame(own, OnnxSessions.withThreads(own));
    }

    @Test
    void shippedModelLoadsByIdOnEitherEngineAndFindsTheFace() throws Exception {
        BufferedImage sample = new ImageLoader(Long.MAX_VALUE, 1).load(TestData.sample());
        List<Face> pytorch;
        List<Face> onnx;
        try (FaceDetector det = FaceDetector.load(TestData.bundled(), FaceDetector.Engine.PYTORCH, 0)) {
            pytorch = det.detect(sample, 0.5);
        }
        try (FaceDetector det = FaceDetector.load(TestData.bundled(), FaceDetector.Engine.ONNXRUNTIME, 0)) {
            onnx = det.detect(sample, 0.5);
        }
        // no path, no translator factory: the zoo supplies both
        List<Face> byZoo = load(byId().build(), "OnnxRuntime");
        assertEquals(1, byZoo.size(), byZoo.toString());
        Face f = byZoo.get(0);
        assertTrue(f.score() >= 0.9, f.toString());
        assertTrue(Boxes.iou(new float[] {f.x1(), f.y1(), f.x2(), f.y2()}, 0, TestData.HOPPER_FACE, 0) >= 0.5, f.toString());
        assertSameFaces(onnx, byZoo);
        assertSameFaces(pytorch, load(byId().optEngine("PyTorch").build(), "PyTorch"));
        // with the application named too, and the translator's threshold argument
        List<Face> low = load(byId().optApplication(Application.CV.OBJECT_DETECTION).optArgument("threshold", 0.05)
                .build(), "OnnxRuntime");
        // and the tta argument: detect --tta, the verifiers included
        List<Face> tta = load(byId().optArgument("threshold", 0.05).optArgument("tta", true).build(), "OnnxRuntime");
        try (FaceDetector det = FaceDetector.load(TestData.bundled(), FaceDetector.Engine.ONNXRUNTIME, 0)) {
            assertSameFaces(det.detect(sample, 0.05), low);
            assertSameFaces(det.detectTta(sample, 0.05), tta);
        }
        assertTrue(low.size() > 1, low.toString());
        assertTrue(tta.size() != low.size(), tta.size() + " faces with TTA, " + low.size() + " without");
    }

    @Test
    void zooListsTheShippedModelAndNothingUnderOtherIds() throws Exception {
        assertTrue(ModelZoo.hasModelZoo(AInnoFaceModelZoo.GROUP_ID));
        Map<Application, List<MRL>> listed = ModelZoo.listModels(byId().build());
        List<MRL> detection = listed.get(Application.CV.OBJECT_DETECTION);
        assertEquals(1, detection.size(), listed.toString());
        assertEquals(BundledModel.NAME, detection.get(0).getArtifactId());
        assertEquals(AInnoFaceModelZoo.GROUP_ID, detection.get(0).getGroupId());

        ModelNotFoundException e = assertThrows(ModelNotFoundException.class,
                () -> byId().optArtifactId("no-such-model").build().loadModel());
        assertTrue(e.getMessage().contains("No model matching the criteria"), e.getMessage());
        // a class path without the model artifact gives an empty zoo, not a failure at DJL's start-up
        try (URLClassLoader bare = new URLClassLoader(new URL[0], null)) {
            assertTrue(new AInnoFaceModelZoo(bare).getModelLoaders().isEmpty());
        }
        assertEquals(1, new AInnoFaceModelZoo().getModelLoaders().size());
    }
}
