package io.ainnoface.infer;

import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Rectangle;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.ainnoface.TestData;
import io.ainnoface.box.Boxes;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model folder that ships in models/, as a user loads it. */
class BundledModelTest {
    /** Grace Hopper's face (forehead under the cap to the chin, cheek to cheek), read off the photo by eye. */
    static final float[] HOPPER_FACE = {176, 106, 352, 320};

    static Path bundled() {
        return TestData.root().resolve("models/ainnoface-mobilenet");
    }

    @Test
    void criteriaLoadsTheShippedFolderAndFindsGraceHopper() throws Exception {
        Criteria<Image, DetectedObjects> criteria = CriteriaTest.criteria(bundled());
        Image img = ImageFactory.getInstance().fromFile(TestData.sample());
        DetectedObjects found;
        try (ZooModel<Image, DetectedObjects> model = criteria.loadModel();
                Predictor<Image, DetectedObjects> p = model.newPredictor()) {
            found = p.predict(img);
        }
        DetectedObjects.DetectedObject best = found.best();
        assertEquals("face", best.getClassName());
        Rectangle r = best.getBoundingBox().getBounds();
        float[] box = {(float) (r.getX() * 512), (float) (r.getY() * 512),
            (float) ((r.getX() + r.getWidth()) * 512), (float) ((r.getY() + r.getHeight()) * 512)};
        double iou = Boxes.iou(box, 0, HOPPER_FACE, 0);
        assertTrue(iou >= 0.5, "IoU " + iou + " of " + java.util.Arrays.toString(box));
        assertTrue(best.getProbability() >= 0.9, "score " + best.getProbability());
        // the same face as the detector API gives on the same engine
        try (FaceDetector det = FaceDetector.load(bundled(), FaceDetector.Engine.PYTORCH, 0)) {
            Face f = det.detect(new ImageLoader(Long.MAX_VALUE, 1).load(TestData.sample()), 0.05).get(0);
            assertEquals(f.score(), best.getProbability(), 1e-5);
        }
    }

    @Test
    void reusedInputBuffersGiveAFreshDetectorsFaces() throws Exception {
        ImageLoader loader = new ImageLoader(Long.MAX_VALUE, 1);
        var hopper = loader.load(TestData.sample());
        // a larger image first leaves stale values all over the reused buffers (ours and ONNX Runtime's)
        var parade = loader.load(TestData.widerRoot().resolve("WIDER_train/images/0--Parade/0_Parade_Parade_0_1014.jpg"));
        try (FaceDetector used = FaceDetector.load(bundled()); FaceDetector fresh = FaceDetector.load(bundled())) {
            assertEquals("onnxruntime", used.engine());
            assertTrue(used.detect(parade, 0.05).size() > 0);
            java.util.List<Face> again = used.detect(hopper, 0.05);
            java.util.List<Face> first = fresh.detect(hopper, 0.05);
            assertEquals(first, again);
        }
    }
}
