package io.ainnoface.data.augment;

import io.ainnoface.config.TrainConfig;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentTest {
    @Test
    void cropKeepsFacesByCentreAndClips() {
        // crop (100, 50) side 200 -> 400 px: scale 2
        CropPlan p = new CropPlan(100, 50, 200, 400, false);
        float[] faces = {
            110, 60, 130, 90,    // inside -> (20, 20, 60, 80)
            90, 40, 120, 70,     // centre (105, 55) inside, clipped at the left/top -> (0, 0, 40, 40)
            280, 240, 340, 300,  // centre (310, 270) outside -> dropped
        };
        assertArrayEquals(new float[] {20, 20, 60, 80, 0, 0, 40, 40}, p.transformBoxes(faces, 1), 1e-5f);
    }

    @Test
    void flipMirrorsPixelColumnsInOutputPixels() {
        // WIDER's inclusive boxes: columns 10..30 mirror to 69..89 in a 100-pixel-wide image
        CropPlan p = new CropPlan(0, 0, 100, 100, true);
        assertArrayEquals(new float[] {69, 5, 89, 25}, p.transformBoxes(new float[] {10, 5, 30, 25}, 1), 1e-5f);
        // at scale 0.5 the column offset is half an output pixel: 50 - 15 - 0.5 = 34.5
        CropPlan half = new CropPlan(0, 0, 100, 50, true);
        assertArrayEquals(new float[] {34.5f, 2.5f, 44.5f, 12.5f},
                half.transformBoxes(new float[] {10, 5, 30, 25}, 1), 1e-5f);
    }

    @Test
    void tinyFacesAreDropped() {
        CropPlan p = new CropPlan(0, 0, 400, 100, false); // scale 0.25
        assertEquals(0, p.transformBoxes(new float[] {10, 10, 16, 30}, 2).length); // 1.5 px wide
    }

    @Test
    void renderPlacesPixelsWhereBoxesGo() {
        BufferedImage img = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 20; y < 40; y++) {
            for (int x = 60; x < 80; x++) {
                img.setRGB(x, y, 0xFFFFFF);
            }
        }
        CropPlan p = new CropPlan(50, 10, 100, 50, true); // scale 0.5, mirrored
        // the white square covers columns 60..79 and rows 20..39: inclusive box (60, 20, 79, 39)
        float[] b = p.transformBoxes(new float[] {60, 20, 79, 39}, 1);
        // rendered, it covers output columns [35, 45) and rows [5, 15): inclusive at 0.5 px per pixel
        assertArrayEquals(new float[] {35, 5, 44.5f, 14.5f}, b, 1e-5f);
        BufferedImage out = p.render(img, Color.BLACK);
        assertEquals(0xFFFFFF, out.getRGB(35, 10) & 0xFFFFFF);
        assertEquals(0xFFFFFF, out.getRGB(44, 10) & 0xFFFFFF);
        assertEquals(0, out.getRGB(34, 10) & 0xFFFFFF);
        assertEquals(0, out.getRGB(45, 10) & 0xFFFFFF);
        assertEquals(0, out.getRGB(40, 20) & 0xFFFFFF);
    }

    @Test
    void dataAnchorSamplingScalesToAnAnchorSizeAndKeepsTheFace() {
        float[] faces = {300, 200, 340, 240}; // 40x40 -> closest anchor 32 (index 1), targets 0..2
        for (int seed = 0; seed < 50; seed++) {
            Random rnd = new Random(seed);
            CropPlan p = DataAnchorSampling.plan(faces, 480, rnd, false);
            double newSize = 40 * p.scale();
            // target size in [S_i / 2, 2 S_i] for i in 0..2: [8, 128]
            assertTrue(newSize >= 8 - 1e-6 && newSize <= 128 + 1e-6, "size " + newSize);
            float[] out = p.transformBoxes(faces, 0);
            assertEquals(4, out.length, "the sampled face stays in the crop");
            assertEquals(newSize, out[2] - out[0], 1e-3);
        }
    }

    @Test
    void largeFaceSamplingShowsAnEligibleFaceBetween64PixelsAndItsCap() {
        // a 200x200 face (range [64, 0.85 * 480 = 408]) and a 20x20 one, too small to be picked
        float[] faces = {100, 100, 300, 300, 500, 500, 520, 520};
        double[] sizes = new double[2000];
        for (int seed = 0; seed < sizes.length; seed++) {
            CropPlan p = LargeFaceSampling.plan(faces, 480, new Random(seed), false);
            sizes[seed] = 200 * p.scale();
            assertTrue(sizes[seed] >= 64 - 1e-6 && sizes[seed] <= 408 + 1e-6, "size " + sizes[seed]);
            float[] out = p.transformBoxes(faces, 0);
            assertTrue(out.length >= 4);
            assertArrayEquals(new float[] {(float) sizes[seed], (float) sizes[seed]},
                    new float[] {out[2] - out[0], out[3] - out[1]}, 1e-3f, "the picked face is whole in the crop");
        }
        // log-uniform: the median is the geometric mean of the range, sqrt(64 * 408) = 161.6
        java.util.Arrays.sort(sizes);
        assertEquals(161.6, sizes[sizes.length / 2], 161.6 * 0.06);
    }

    @Test
    void largeFaceSamplingCapsEnlargementAndNeedsAFaceOf32Pixels() {
        // 40x40: targets in [64, 3 * 40 = 120]
        for (int seed = 0; seed < 200; seed++) {
            double size = 40 * LargeFaceSampling.plan(new float[] {10, 10, 50, 50}, 480, new Random(seed), false).scale();
            assertTrue(size >= 64 - 1e-6 && size <= 120 + 1e-6, "size " + size);
        }
        // sqrt(40 * 25) = 31.6 < 32: nothing to pick, the caller falls back to the random crop
        assertEquals(null, LargeFaceSampling.plan(new float[] {0, 0, 40, 25}, 480, new Random(1), false));
        assertEquals(null, LargeFaceSampling.plan(new float[0], 480, new Random(1), false));
    }

    @Test
    void randomSquareCropIsASquareOfTheShortSideInsideTheImage() {
        TrainConfig c = new TrainConfig();
        for (int seed = 0; seed < 30; seed++) {
            CropPlan p = RandomSquareCrop.plan(1000, 600, new float[] {100, 100, 140, 150}, c.cropScales, 480,
                    new Random(seed), false, 50);
            assertTrue(c.cropScales.stream().anyMatch(s -> Math.abs(s * 600 - p.side()) < 1e-9), "side " + p.side());
            assertTrue(p.x0() >= 0 && p.x0() + p.side() <= 1000 && p.y0() >= 0 && p.y0() + p.side() <= 600);
        }
    }

    @Test
    void photometricKeepsGreyWhenOnlyHueAndSaturationChange() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, 0x808080);
            }
        }
        TrainConfig c = new TrainConfig();
        PhotometricDistort.apply(img, new Random(3));
        int p = img.getRGB(1, 1);
        // grey has no chroma: hue/saturation leave it grey; brightness/contrast move all channels alike
        assertEquals((p >> 16) & 0xff, (p >> 8) & 0xff, 1);
        assertEquals((p >> 8) & 0xff, p & 0xff, 1);
        assertEquals(List.of(0.3, 0.45, 0.6, 0.8, 1.0), c.cropScales);
    }
}
