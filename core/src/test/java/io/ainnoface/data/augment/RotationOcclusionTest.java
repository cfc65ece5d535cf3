package io.ainnoface.data.augment;

import io.ainnoface.config.TrainConfig;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotationOcclusionTest {
    @Test
    void quarterTurnMovesTheBoxWhereTheRenderedPixelsGo() {
        BufferedImage img = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 20; y < 40; y++) {
            for (int x = 40; x < 60; x++) {
                img.setRGB(x, y, 0xFFFFFF);
            }
        }
        // centre (50, 30) is 20 px above the image centre; a quarter turn clockwise on screen puts it
        // 20 px right of the centre: (70, 50). A square's inscribed circle keeps its size.
        float[] b = RandomRotation.transformBoxes(new float[] {40, 20, 60, 40}, 100, 90, 1);
        assertArrayEquals(new float[] {60, 40, 80, 60}, b, 1e-4f);
        BufferedImage out = RandomRotation.render(img, 90, Color.BLACK);
        assertEquals(0xFFFFFF, out.getRGB(70, 50) & 0xFFFFFF);
        assertEquals(0xFFFFFF, out.getRGB(62, 42) & 0xFFFFFF);
        assertEquals(0, out.getRGB(50, 30) & 0xFFFFFF);
        assertEquals(0, out.getRGB(57, 50) & 0xFFFFFF);
    }

    @Test
    void aRotatedBoxIsTheBoundOfItsRotatedEllipse() {
        // 40 x 20 box at the centre of a 200 px image, 30 degrees: half extents
        // sqrt(20² cos² + 10² sin²) = sqrt(325) and sqrt(20² sin² + 10² cos²) = sqrt(175)
        float[] b = RandomRotation.transformBoxes(new float[] {80, 90, 120, 110}, 200, 30, 1);
        double ex = Math.sqrt(325);
        double ey = Math.sqrt(175);
        assertArrayEquals(new float[] {(float) (100 - ex), (float) (100 - ey), (float) (100 + ex), (float) (100 + ey)}, b,
                1e-4f);
        // -30 degrees gives the same bound (the ellipse is symmetric)
        assertArrayEquals(b, RandomRotation.transformBoxes(new float[] {80, 90, 120, 110}, 200, -30, 1), 1e-4f);
    }

    @Test
    void facesRotatedOutOfTheImageAreDroppedAndTheRestClipped() {
        // corner face: centre (10, 10) is 70.7 px from the centre of a 100 px image; 45° takes it to (50, -20.7)
        float[] b = RandomRotation.transformBoxes(new float[] {0, 0, 20, 20, 45, 0, 55, 12}, 100, 45, 1);
        // the second face, centre (50, 6): 44 px above the centre -> (50 + 44 sin45, 50 - 44 cos45) = (81.11, 18.89),
        // half extents sqrt(25/2 + 36/2) = 5.52 both ways
        double cx = 50 + 44 * Math.sqrt(0.5);
        double cy = 50 - 44 * Math.sqrt(0.5);
        double e = Math.sqrt((25 + 36) / 2.0);
        assertArrayEquals(new float[] {(float) (cx - e), (float) (cy - e), (float) (cx + e), (float) (cy + e)}, b, 1e-4f);
    }

    @Test
    void occlusionOverwritesOneBandOfTheFaceWithAPatchOfTheImage() {
        BufferedImage img = new BufferedImage(120, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 120; x++) {
                img.setRGB(x, y, (x << 8) | y); // every pixel distinct: where a pixel came from is readable
            }
        }
        for (int seed = 0; seed < 40; seed++) {
            BufferedImage copy = new BufferedImage(120, 100, BufferedImage.TYPE_INT_RGB);
            copy.setData(img.getData());
            float[] faces = {30, 20, 70, 80, 5, 5, 15, 15}; // a 40 x 60 face and a 10 px one (under the minimum)
            List<FaceOcclusion.Patch> ps = FaceOcclusion.apply(copy, faces, 1.0, 24, new Random(seed));
            assertEquals(1, ps.size(), "only the face of at least 24 px");
            FaceOcclusion.Patch p = ps.get(0);
            boolean horizontal = p.w() == 40;
            if (horizontal) {
                assertEquals(30, p.x());
                assertTrue(p.h() >= 12 && p.h() <= 30, "band of 0.2-0.5 of 60 px: " + p.h());
                assertTrue(p.y() == 20 || p.y() + p.h() == 80, "at the top or the bottom: " + p);
            } else {
                assertEquals(20, p.y());
                assertEquals(60, p.h());
                assertTrue(p.w() >= 8 && p.w() <= 20, "band of 0.2-0.5 of 40 px: " + p.w());
                assertTrue(p.x() == 30 || p.x() + p.w() == 70, "at the left or the right: " + p);
            }
            for (int y = 0; y < 100; y++) {
                for (int x = 0; x < 120; x++) {
                    boolean in = x >= p.x() && x < p.x() + p.w() && y >= p.y() && y < p.y() + p.h();
                    int want = in ? img.getRGB(x - p.x() + p.srcX(), y - p.y() + p.srcY()) : img.getRGB(x, y);
                    assertEquals(want, copy.getRGB(x, y), "pixel " + x + "," + y + " seed " + seed);
                }
            }
        }
        BufferedImage untouched = new BufferedImage(120, 100, BufferedImage.TYPE_INT_RGB);
        untouched.setData(img.getData());
        assertTrue(FaceOcclusion.apply(untouched, new float[] {30, 20, 70, 80}, 0.0, 24, new Random(1)).isEmpty());
        assertEquals(img.getRGB(50, 50), untouched.getRGB(50, 50));
    }

    @Test
    void augmenterWithBothStepsOffKeepsItsRandomSequence() {
        // the optional steps must not draw when off, or every earlier recipe would see other samples:
        // with both off, the sample and the sequence are those of the pipeline before them, spelled out here
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                img.setRGB(x, y, (x << 16) | (y << 8) | ((x + y) & 0xff));
            }
        }
        float[] faces = {100, 50, 160, 130};
        TrainConfig off = new TrainConfig();
        for (int seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            Augmenter.Sample a = new Augmenter(off, Color.GRAY).apply(img, faces, r);
            Random ref = new Random(seed);
            boolean flip = ref.nextDouble() < off.flipProb;
            CropPlan plan = ref.nextDouble() < off.dataAnchorSamplingProb
                    ? DataAnchorSampling.plan(faces, off.inputSize, ref, flip) : null;
            if (plan == null) {
                plan = RandomSquareCrop.plan(300, 200, faces, off.cropScales, off.inputSize, ref, flip, 50);
            }
            BufferedImage want = plan.render(img, Color.GRAY);
            PhotometricDistort.apply(want, ref);
            assertArrayEquals(plan.transformBoxes(faces, 1), a.boxes(), "seed " + seed);
            assertEquals(want.getRGB(240, 240), a.image().getRGB(240, 240), "seed " + seed);
            assertEquals(ref.nextLong(), r.nextLong(), "seed " + seed);
        }
        TrainConfig on = new TrainConfig();
        on.rotateProb = 1;
        on.rotateMaxDegrees = 0; // rotation by 0 degrees: same boxes, but one more draw
        Random r1 = new Random(7);
        Augmenter.Sample a = new Augmenter(off, Color.GRAY).apply(img, faces, r1);
        Random r2 = new Random(7);
        Augmenter.Sample c = new Augmenter(on, Color.GRAY).apply(img, faces, r2);
        assertTrue(r1.nextLong() != r2.nextLong(), "rotation on draws from the sequence");
        assertEquals(a.boxes().length, c.boxes().length);
    }

    @Test
    void outOfRangeProbabilitiesAreRefusedByName() {
        TrainConfig c = new TrainConfig();
        c.faceOcclusionProb = 1.5;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::check);
        assertTrue(e.getMessage().contains("train.faceOcclusionProb"), e.getMessage());
        TrainConfig d = new TrainConfig();
        d.rotateMaxDegrees = 120;
        e = assertThrows(IllegalArgumentException.class, d::check);
        assertTrue(e.getMessage().contains("train.rotateMaxDegrees"), e.getMessage());
        TrainConfig m = new TrainConfig();
        m.occlusionMinFace = 0;
        e = assertThrows(IllegalArgumentException.class, m::check);
        assertTrue(e.getMessage().contains("train.occlusionMinFace"), e.getMessage());
    }
}
