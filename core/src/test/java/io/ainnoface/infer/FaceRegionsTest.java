package io.ainnoface.infer;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FaceRegionsTest {
    /** Pixel (x, y) = (sx·x, sy·y, 7). */
    static BufferedImage ramp(int w, int h, int sx, int sy) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb(sx * x, sy * y, 7));
            }
        }
        return img;
    }

    static int rgb(int r, int g, int b) {
        return r << 16 | g << 8 | b;
    }

    @Test
    void regionAddsTheMarginWidensToWholePixelsAndClips() {
        // 20 x 20 box, margin 0.1: 2 px a side; x 8.5 .. 32.5 widened to 8 .. 33
        assertArrayEquals(new int[] {8, 18, 33, 42}, FaceRegions.region(new Face(10.5f, 20, 30.5f, 40, 1), 0.1, 100, 100));
        assertArrayEquals(new int[] {0, 0, 12, 12}, FaceRegions.region(new Face(0, 0, 10, 10, 1), 0.5, 12, 12));
        int[] outside = FaceRegions.region(new Face(-30, -30, -20, -20, 1), 0, 12, 12);
        assertEquals(-20, outside[2]);
    }

    @Test
    void cropCopiesTheRegion() {
        BufferedImage img = ramp(25, 50, 1, 1);
        BufferedImage c = FaceRegions.crop(img, new Face(10.5f, 20, 30.5f, 40, 1), 0.1);
        // x 8 .. 25 (clipped at the image's width), y 18 .. 42
        assertEquals(17, c.getWidth());
        assertEquals(24, c.getHeight());
        for (int y = 0; y < c.getHeight(); y++) {
            for (int x = 0; x < c.getWidth(); x++) {
                assertEquals(rgb(8 + x, 18 + y, 7), c.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertNull(FaceRegions.crop(img, new Face(-30, -30, -20, -20, 1), 0));
    }

    @Test
    void pixelateFillsEachBlockWithItsMeanAndLeavesTheRestAlone() {
        BufferedImage img = ramp(12, 10, 10, 20);
        // region x 2 .. 8, y 1 .. 5 (6 x 4 px); 2 blocks across the longer side: 3 px blocks, the last row 1 px high
        BufferedImage out = FaceRegions.pixelate(img, List.of(new Face(2, 1, 8, 5, 1)), 0, 2);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 12; x++) {
                int want;
                if (x < 2 || x >= 8 || y < 1 || y >= 5) {
                    want = rgb(10 * x, 20 * y, 7);
                } else {
                    // block means: x 2-4 -> 30, x 5-7 -> 60; y 1-3 -> 40, y 4 -> 80
                    want = rgb(x < 5 ? 30 : 60, y < 4 ? 40 : 80, 7);
                }
                assertEquals(want, out.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
        assertEquals(rgb(30, 20, 7), img.getRGB(3, 1) & 0xFFFFFF, "the input is left alone");
        assertThrows(IllegalArgumentException.class, () -> FaceRegions.pixelate(img, List.of(), 0, 0));
        // a face outside the image changes nothing
        BufferedImage same = FaceRegions.pixelate(img, List.of(new Face(-30, -30, -20, -20, 1)), 0, 2);
        assertEquals(img.getRGB(0, 0), same.getRGB(0, 0));
    }
}
