package io.ainnoface.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ainnoface.infer.Face;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

class FaceCropsTest {
    /** A w x h image whose red channel is {@code red[y][x]}, green 10, blue 200. */
    private static BufferedImage image(int[][] red) {
        BufferedImage img = new BufferedImage(red[0].length, red.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < red.length; y++) {
            for (int x = 0; x < red[0].length; x++) {
                img.setRGB(x, y, (red[y][x] << 16) | (10 << 8) | 200);
            }
        }
        return img;
    }

    private static int[] plane(byte[] crop, int c, int side) {
        int[] out = new int[side * side];
        for (int i = 0; i < out.length; i++) {
            out[i] = crop[c * side * side + i] & 0xff;
        }
        return out;
    }

    private static final int[][] RED = {
        {0, 4, 8, 12},
        {16, 20, 24, 28},
        {32, 36, 40, 44},
        {48, 52, 56, 60}};

    @Test
    void averagesTheSquareEachOutputPixelCovers() {
        byte[] c = FaceCrops.region(image(RED), 0, 0, 4, 2);
        // 2x2 block means: (0+4+16+20)/4 = 10, (8+12+24+28)/4 = 18, (32+36+48+52)/4 = 42, (40+44+56+60)/4 = 50
        assertArrayEquals(new int[] {10, 18, 42, 50}, plane(c, 0, 2));
        assertArrayEquals(new int[] {10, 10, 10, 10}, plane(c, 1, 2));
        assertArrayEquals(new int[] {200, 200, 200, 200}, plane(c, 2, 2));
    }

    @Test
    void outsideTheImageIsBlack() {
        // [-2, 2)²: the top-left output pixel covers only outside pixels, the bottom-right one the 2x2 block at 0, 0
        byte[] c = FaceCrops.region(image(RED), -2, -2, 4, 2);
        assertArrayEquals(new int[] {0, 0, 0, 10}, plane(c, 0, 2));
        assertArrayEquals(new int[] {0, 0, 0, 200}, plane(c, 2, 2));
        // [-1, 1)² in one pixel: a quarter of it is pixel (0, 0), red 0 and blue 200 → blue 50
        byte[] one = FaceCrops.region(image(RED), -1, -1, 2, 1);
        assertEquals(50, one[2] & 0xff);
    }

    @Test
    void splitsPixelsByTheShareOfTheirArea() {
        // [0.5, 2.5) x [0, 2) into one pixel: columns 0 and 2 count half, column 1 whole, over rows 0 and 1
        // red: (0.5·0 + 4 + 0.5·8 + 0.5·16 + 20 + 0.5·24) / 4 = 12
        byte[] c = FaceCrops.region(image(RED), 0.5, 0, 2, 1);
        assertEquals(12, c[0] & 0xff);
        // enlarging: [1, 2)² into 2x2 repeats pixel (1, 1)
        assertArrayEquals(new int[] {20, 20, 20, 20}, plane(FaceCrops.region(image(RED), 1, 1, 1, 2), 0, 2));
    }

    @Test
    void cropIsCentredOnTheBoxWithContextTimesItsLongerSide() {
        BufferedImage img = image(RED);
        // box x 1..3, y 1..2: centre (2, 1.5), longer side 2, context 2 → [0, 4) x [-0.5, 3.5)
        assertArrayEquals(FaceCrops.region(img, 0, -0.5, 4, 2), FaceCrops.crop(img, new Face(1, 1, 3, 2, 1), 2.0, 2));
    }

    @Test
    void normalizesAndMirrors() {
        byte[] c = FaceCrops.region(image(RED), 0, 0, 4, 2); // red 10 18 / 42 50, green 10, blue 200
        float[] dst = new float[12];
        List<Float> mean = List.of(0.5f, 0f, 0f);
        List<Float> std = List.of(0.25f, 1f, 1f);
        FaceCrops.normalize(c, 2, true, mean, std, dst, 0);
        // mirrored red row 0: 18, 10 → (18/255 − 0.5) / 0.25, (10/255 − 0.5) / 0.25
        assertEquals((18 / 255.0 - 0.5) / 0.25, dst[0], 1e-5);
        assertEquals((10 / 255.0 - 0.5) / 0.25, dst[1], 1e-5);
        assertEquals((50 / 255.0 - 0.5) / 0.25, dst[2], 1e-5);
        assertEquals(200 / 255.0, dst[8], 1e-5);
    }
}
