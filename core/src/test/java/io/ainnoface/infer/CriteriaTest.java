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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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
        return Criteria.builder()
                .setTypes(Image.class, DetectedObjects.class)
                .optModelPath(dir)
                .optTranslatorFactory(new FaceTranslatorFactory())
                .build();
    }

    @TempDir
    Path tmp;

    @Test
    void modelFolderLoadsThroughCriteriaAndAgreesWithTheDetector() throws Exception {
        // threshold 0: an untrained head scores everything near its 0.01 prior
        Path dir = TestModels.untrainedFolder(tmp.resolve("m"), 0.0);
        Criteria<Image, DetectedObjects> criteria = criteria(dir);
        Image img = ImageFactory.getInstance().fromFile(TestData.sample());
        DetectedObjects found;
        try (ZooModel<Image, DetectedObjects> model = criteria.loadModel();
                Predictor<Image, DetectedObjects> p = model.newPredictor()) {
            found = p.predict(img);
        }
        List<Face> direct;
        // the same engine as Criteria's (the folder also holds the ONNX export)
        try (FaceDetector det = FaceDetector.load(dir, FaceDetector.Engine.PYTORCH, 0)) {
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
}
