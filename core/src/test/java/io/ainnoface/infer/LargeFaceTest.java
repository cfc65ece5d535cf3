package io.ainnoface.infer;

import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Rectangle;
import io.ainnoface.TestData;
import io.ainnoface.box.Boxes;
import io.ainnoface.anchor.AnchorGenerator;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single scale on faces larger than the largest anchor (401.6 px for the shipped model): Grace Hopper's face cut out
 * of the sample photo and enlarged until it fills most of a 1024-px portrait, as a phone's selfie or an ID photo does
 * ({@code FaceDetector#withLargeFacePasses}).
 */
class LargeFaceTest {
    /** Crops (x, y, w, h) of the sample around the face, each enlarged to a long side of 1024. */
    private static final int[] TIGHTER = {156, 80, 220, 250};
    private static final int[] TIGHT = {136, 55, 260, 300};

    private static BufferedImage tighter;
    private static BufferedImage tight;
    private static BufferedImage sample;

    @BeforeAll
    static void photos() throws Exception {
        sample = new ImageLoader(Long.MAX_VALUE, 1).load(TestData.sample());
        tighter = enlarged(sample, TIGHTER, 1024);
        tight = enlarged(sample, TIGHT, 1024);
    }

    /** The face box {@link TestData#HOPPER_FACE} (read by eye) in pixels of an enlarged crop. */
    private static float[] face(int[] crop, BufferedImage img) {
        double s = img.getHeight() / (double) crop[3];
        float[] f = TestData.HOPPER_FACE;
        return new float[] {(float) ((f[0] - crop[0]) * s), (float) ((f[1] - crop[1]) * s),
            (float) ((f[2] - crop[0]) * s), (float) ((f[3] - crop[1]) * s)};
    }

    private static BufferedImage enlarged(BufferedImage src, int[] crop, int longSide) {
        double s = longSide / (double) Math.max(crop[2], crop[3]);
        int w = (int) Math.round(crop[2] * s);
        int h = (int) Math.round(crop[3] * s);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src.getSubimage(crop[0], crop[1], crop[2], crop[3]), 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static double bestIou(List<Face> faces, float[] truth) {
        double best = 0;
        for (Face f : faces) {
            best = Math.max(best, Boxes.iou(new float[] {f.x1(), f.y1(), f.x2(), f.y2()}, 0, truth, 0));
        }
        return best;
    }

    @Test
    void singleScaleBoxesAFaceLargerThanTheLargestAnchor() throws Exception {
        try (FaceDetector det = FaceDetector.load(TestData.bundled())) {
            assertTrue(det.config().inference.largeFacePasses, "on by default");
            // a face of about 770 x 880 px at 1024 (the tighter crop) and 600 x 730 px (the tight one)
            for (BufferedImage img : List.of(tighter, tight)) {
                float[] truth = face(img == tighter ? TIGHTER : TIGHT, img);
                assertTrue(truth[3] - truth[1] > 1.5 * AnchorGenerator.largestSide(det.config().model));
                List<Face> faces = det.detect(img, 0.5);
                assertEquals(1, faces.size(), faces.toString());
                assertTrue(bestIou(faces, truth) >= 0.7, faces + " against " + java.util.Arrays.toString(truth));
            }
            // the single pass of before: no box on the larger face at all, a loose one (IoU < 0.5) on the other
            DetectorConfig one = ConfigLoader.copy(det.config());
            one.inference.largeFacePasses = false;
            FaceDetector single = det.withInference(one.inference);
            assertTrue(bestIou(single.detect(tighter, 0.5), face(TIGHTER, tighter)) < 0.5);
            assertTrue(bestIou(single.detect(tight, 0.5), face(TIGHT, tight)) < 0.5);

            // a short side up to 1.4 times the largest anchor (563 px) gets one pass: the 512-px sample is unchanged
            assertEquals(single.detect(sample, 0.5), det.detect(sample, 0.5));
            // batched with it, each image gets its own passes
            List<List<Face>> batch = det.detect(List.of(sample, tighter), 0.5);
            assertTrue(bestIou(batch.get(0), TestData.HOPPER_FACE) >= 0.5, batch.get(0).toString());
            assertTrue(bestIou(batch.get(1), face(TIGHTER, tighter)) >= 0.7, batch.get(1).toString());
        }
    }

    /** A DJL user's predictor runs the same passes: the predictor's pass first, the others on its block. */
    @Test
    void criteriaRunsTheSamePasses() throws Exception {
        ImageFactory factory = ImageFactory.getInstance();
        DetectedObjects found = CriteriaTest.predict(CriteriaTest.criteria(TestData.bundled(), 0.5f),
                factory.fromImage(tighter));
        assertEquals(1, found.getNumberOfObjects());
        DetectedObjects.DetectedObject best = found.best();
        Rectangle r = best.getBoundingBox().getBounds();
        int w = tighter.getWidth();
        int h = tighter.getHeight();
        float[] box = {(float) (r.getX() * w), (float) (r.getY() * h), (float) ((r.getX() + r.getWidth()) * w),
            (float) ((r.getY() + r.getHeight()) * h)};
        try (FaceDetector det = FaceDetector.load(TestData.bundled())) {
            Face f = det.detect(tighter, 0.5).get(0);
            assertEquals(f.score(), best.getProbability(), 1e-4);
            assertEquals(1.0, Boxes.iou(box, 0, new float[] {f.x1(), f.y1(), f.x2(), f.y2()}, 0), 1e-3);
        }
    }
}
