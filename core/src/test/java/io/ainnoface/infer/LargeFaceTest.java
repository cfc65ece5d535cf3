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
 * of the sample photo and enlarged until it fills most of a 1024-px portrait, as a phone's selfie or an ID photo does,
 * and a face of the train split filling a 640 × 480 frame, as a webcam's close-up does
 * ({@code FaceDetector#withLargeFacePasses}).
 */
class LargeFaceTest {
    /** Crops (x, y, w, h) of the sample around the face, each enlarged to a long side of 1024. */
    private static final int[] TIGHTER = {156, 80, 220, 250};
    private static final int[] TIGHT = {136, 55, 260, 300};

    /**
     * A face of the train split ({@code xyxy}, its annotation), 266 px tall, and the 640 × 480 window around it in which
     * it becomes 400 px tall ({@code tools/LargeFaceSweep.java}'s crop w042_400; session 48).
     */
    private static final String CLOSE_UP = "WIDER_train/images/1--Handshaking/1_Handshaking_Handshaking_1_740.jpg";
    private static final float[] CLOSE_UP_FACE = {216, 212, 402, 478};
    /** A parade of 13 faces, none over 108 px tall (67 px at 640 × 480). */
    private static final String CROWD = "WIDER_train/images/0--Parade/0_Parade_Parade_0_1019.jpg";

    private static BufferedImage tighter;
    private static BufferedImage tight;
    private static BufferedImage sample;
    private static BufferedImage webcam;
    private static float[] webcamFace;

    @BeforeAll
    static void photos() throws Exception {
        ImageLoader loader = new ImageLoader(Long.MAX_VALUE, 1);
        sample = loader.load(TestData.sample());
        tighter = enlarged(sample, TIGHTER, 1024);
        tight = enlarged(sample, TIGHT, 1024);
        double s = 400 / (double) (CLOSE_UP_FACE[3] - CLOSE_UP_FACE[1]);
        int[] window = {(int) Math.round((CLOSE_UP_FACE[0] + CLOSE_UP_FACE[2]) / 2 - 320 / s),
            (int) Math.round((CLOSE_UP_FACE[1] + CLOSE_UP_FACE[3]) / 2 - 240 / s), (int) Math.round(640 / s),
            (int) Math.round(480 / s)};
        webcam = resized(loader.load(TestData.widerRoot().resolve(CLOSE_UP)), window, 640, 480);
        webcamFace = face(window, CLOSE_UP_FACE, webcam);
    }

    /** The face box {@link TestData#HOPPER_FACE} (read by eye) in pixels of an enlarged crop. */
    private static float[] face(int[] crop, BufferedImage img) {
        return face(crop, TestData.HOPPER_FACE, img);
    }

    /** The face box {@code f} in pixels of {@code img}, the crop {@code crop} (x, y, w, h) enlarged. */
    private static float[] face(int[] crop, float[] f, BufferedImage img) {
        double sx = img.getWidth() / (double) crop[2];
        double sy = img.getHeight() / (double) crop[3];
        return new float[] {(float) ((f[0] - crop[0]) * sx), (float) ((f[1] - crop[1]) * sy),
            (float) ((f[2] - crop[0]) * sx), (float) ((f[3] - crop[1]) * sy)};
    }

    private static BufferedImage enlarged(BufferedImage src, int[] crop, int longSide) {
        double s = longSide / (double) Math.max(crop[2], crop[3]);
        return resized(src, crop, (int) Math.round(crop[2] * s), (int) Math.round(crop[3] * s));
    }

    /** The crop (x, y, w, h) of {@code src} resized to {@code w × h}, bicubic. */
    private static BufferedImage resized(BufferedImage src, int[] crop, int w, int h) {
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

            // a short side up to the largest anchor gets one pass: the sample at 400 x 400 is unchanged
            BufferedImage small = enlarged(sample, new int[] {0, 0, 512, 512}, 400);
            assertTrue(400 < AnchorGenerator.largestSide(det.config().model));
            assertEquals(single.detect(small, 0.5), det.detect(small, 0.5));
            // batched with it, each image gets its own passes
            List<List<Face>> batch = det.detect(List.of(sample, tighter), 0.5);
            assertTrue(bestIou(batch.get(0), TestData.HOPPER_FACE) >= 0.5, batch.get(0).toString());
            assertTrue(bestIou(batch.get(1), face(TIGHTER, tighter)) >= 0.7, batch.get(1).toString());
        }
    }

    /** A webcam's close-up: one pass finds no face at all, the second pass boxes it. */
    @Test
    void secondPassBoxesAWebcamCloseUp() throws Exception {
        try (FaceDetector det = FaceDetector.load(TestData.bundled())) {
            assertEquals(640, webcam.getWidth());
            assertEquals(480, webcam.getHeight());
            assertEquals(400, webcamFace[3] - webcamFace[1], 1);
            DetectorConfig one = ConfigLoader.copy(det.config());
            one.inference.largeFacePasses = false;
            assertTrue(bestIou(det.withInference(one.inference).detect(webcam, 0.5), webcamFace) < 0.5);
            List<Face> faces = det.detect(webcam, 0.5);
            assertEquals(1, faces.size(), faces.toString());
            assertTrue(bestIou(faces, webcamFace) >= 0.8, faces + " against " + java.util.Arrays.toString(webcamFace));
        }
    }

    /**
     * Network runs per photo: a short side over the largest anchor takes the second pass only when the first pass saw
     * a large face; a crowd of small faces, at 640 × 480 or at its own 1024 px, does not. Given the first pass's outputs,
     * as a DJL predictor has them, {@code detectAfterFirstPass} runs one pass less for the same faces.
     */
    @Test
    void secondPassRunsWhereALargeFaceCanBe() throws Exception {
        try (FaceDetector det = FaceDetector.load(TestData.bundled())) {
            int[] runs = {0};
            NetworkRunner counting = new NetworkRunner() {
                @Override
                public float[][] run(float[] data, long[] shape) {
                    runs[0]++;
                    return det.forward(data, new ai.djl.ndarray.types.Shape(shape));
                }

                @Override
                public String engine() {
                    return "onnxruntime";
                }

                @Override
                public void close() {}
            };
            FaceDetector counted = new FaceDetector(counting, det.config());
            BufferedImage parade = new ImageLoader(Long.MAX_VALUE, 1).load(TestData.widerRoot().resolve(CROWD));
            BufferedImage crowd = resized(parade, new int[] {0, 0, parade.getWidth(), parade.getHeight()}, 640, 480);
            BufferedImage small = enlarged(sample, new int[] {0, 0, 512, 512}, 400);
            // 1024 x 680: over 1.4 times the largest anchor, where until session 48 every photo took the second pass
            double reach = AnchorGenerator.largestSide(det.config().model);
            assertTrue(Math.min(parade.getWidth(), parade.getHeight()) > 1.4 * reach);
            Object[][] cases = {{crowd, 1}, {parade, 1}, {small, 1}, {webcam, 2}, {sample, 2}, {tight, 2}};
            for (Object[] c : cases) {
                BufferedImage img = (BufferedImage) c[0];
                runs[0] = 0;
                List<Face> faces = counted.detect(img, 0.5);
                assertEquals(c[1], runs[0], img.getWidth() + "x" + img.getHeight());
                assertEquals(det.detect(img, 0.5), faces);
                // as a DJL predictor calls it, the first pass already run: only the second pass is left to run
                float[][] first = firstPass(det, img);
                runs[0] = 0;
                assertEquals(faces, counted.detectAfterFirstPass(img, first, 0.5));
                assertEquals((int) c[1] - 1, runs[0], img.getWidth() + "x" + img.getHeight());
            }
            List<Face> people = det.detect(crowd, 0.5);
            assertTrue(people.size() >= 5 && people.stream().allMatch(f -> f.height() < 100), people.toString());
        }
    }

    /** The network's outputs for {@code img} resized as single scale's first pass resizes it. */
    private static float[][] firstPass(FaceDetector det, BufferedImage img) {
        var inf = det.config().inference;
        double s = ImageTensors.longSideScale(inf.maxLongSide, img.getWidth(), img.getHeight());
        int w = ImageTensors.scaledSide(img.getWidth(), s);
        int h = ImageTensors.scaledSide(img.getHeight(), s);
        float[] data = new float[3 * w * h];
        ImageTensors.writeResizedChw(img, w, h, data, 0, h, w, det.config().model.mean, det.config().model.std);
        return det.forward(data, new ai.djl.ndarray.types.Shape(1, 3, h, w));
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
