package io.ainnoface.infer;

import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageTensorsTest {
    /** A 3x2 image: row 0 = (10,20,30) (40,50,60) (70,80,90); row 1 = (255,0,128) (1,2,3) (0,0,0). */
    private static BufferedImage image(int type) {
        int[][] rgb = {{10, 20, 30}, {40, 50, 60}, {70, 80, 90}, {255, 0, 128}, {1, 2, 3}, {0, 0, 0}};
        BufferedImage img = new BufferedImage(3, 2, type);
        for (int i = 0; i < 6; i++) {
            img.setRGB(i % 3, i / 3, (rgb[i][0] << 16) | (rgb[i][1] << 8) | rgb[i][2]);
        }
        return img;
    }

    @Test
    void planarBlockWithZeroPaddingOverwritesAReusedBuffer() {
        float[] scale = {1f, 2f, 0.5f};
        float[] shift = {1f, 0f, -1f};
        // a (3, 3, 4) block at offset 2 of a dirty buffer: values R·1−1, G·2, B·0.5+1; padding 0
        float[] expected = {
            9, 39, 69, 0, /**/ 254, 0, -1, 0, /**/ 0, 0, 0, 0,
            40, 100, 160, 0, /**/ 0, 4, 0, 0, /**/ 0, 0, 0, 0,
            16, 31, 46, 0, /**/ 65, 2.5f, 1, 0, /**/ 0, 0, 0, 0,
        };
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR}) {
            float[] dst = new float[2 + 36 + 1];
            Arrays.fill(dst, 99f);
            ImageTensors.writePlanar(image(type), dst, 2, 3, 4, scale, shift, false);
            assertArrayEquals(expected, Arrays.copyOfRange(dst, 2, 38), 1e-6f, "image type " + type);
            assertEquals(99f, dst[0]);
            assertEquals(99f, dst[1]);
            assertEquals(99f, dst[38]);
        }
    }

    @Test
    void bgrOrderSwapsTheChannelPlanes() {
        float[] dst = new float[18];
        float[] one = {1, 1, 1};
        float[] zero = {0, 0, 0};
        ImageTensors.writePlanar(image(BufferedImage.TYPE_INT_RGB), dst, 0, 2, 3, one, zero, true);
        assertArrayEquals(new float[] {30, 60, 90, 128, 3, 0, 20, 50, 80, 0, 2, 0, 10, 40, 70, 255, 1, 0}, dst);
    }

    @Test
    void modelNormalizationByHand() {
        float[] dst = new float[6];
        ImageTensors.writeChw(image(BufferedImage.TYPE_INT_RGB).getSubimage(0, 1, 1, 1), dst, 0, 1, 2,
                List.of(0.485f, 0.456f, 0.406f), List.of(0.229f, 0.224f, 0.225f));
        // (255, 0, 128): (1 − 0.485) / 0.229, (0 − 0.456) / 0.224, (128/255 − 0.406) / 0.225; padding 0
        assertArrayEquals(new float[] {2.248908f, 0, -2.035714f, 0, 0.426492f, 0}, dst, 1e-5f);
    }

    @Test
    void imageLargerThanItsBlockIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ImageTensors.writePlanar(image(BufferedImage.TYPE_INT_RGB),
                new float[100], 0, 1, 3, new float[3], new float[3], false));
    }
    /** mean 0 and std 1/255: the written values are the resized pixel values themselves. */
    private static final List<Float> ZERO = List.of(0f, 0f, 0f);
    private static final List<Float> UNIT = List.of(1 / 255f, 1 / 255f, 1 / 255f);

    @Test
    void resizedBilinearInJavaTwoDsFixedPointByHand() {
        // red channel [[0, 100], [200, 40]] to 3x3. Source positions, 32.32 fixed point: step (long) (2/3 * 2^32) =
        // 2863311530, first centre (long) (1/3 * 2^32) - 2^31 = -715827883 (-1/6: the edge, pixel 0), then 2^31 - 1
        // (just under 1/2: pixels 0 and 1, weight 127/256), then 1.1667 (the edge, pixel 1). Along a row, 8 fraction
        // bits: [0, 100] -> 0, 100 * 127 = 12700, 25600; [200, 40] -> 51200, 51200 - 160 * 127 = 30880, 10240.
        // Down a column, (top << 8) + (bottom - top) * weight, then + 2^15 >> 16: the middle row
        // (51200 * 127 + 2^15) >> 16 = 99, ((12700 << 8) + 18180 * 127 + 2^15) >> 16 = 85,
        // ((25600 << 8) - 15360 * 127 + 2^15) >> 16 = 70; the others 12700 / 256 -> 50, 30880 / 256 -> 121.
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        int[] red = {0, 100, 200, 40};
        for (int i = 0; i < 4; i++) {
            img.setRGB(i % 2, i / 2, red[i] << 16 | 7 << 8 | 255);
        }
        float[] dst = new float[1 + 3 * 4 * 4 + 1];
        Arrays.fill(dst, 99f);
        ImageTensors.writeResizedChw(img, 3, 3, dst, 1, 4, 4, ZERO, UNIT);
        float[] r = {
            0, 50, 100, 0, /**/ 99, 85, 70, 0, /**/ 200, 121, 40, 0, /**/ 0, 0, 0, 0,
        };
        assertArrayEquals(r, Arrays.copyOfRange(dst, 1, 17), 1e-3f);
        float[] g = new float[16];
        float[] b = new float[16];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                g[y * 4 + x] = 7;
                b[y * 4 + x] = 255;
            }
        }
        assertArrayEquals(g, Arrays.copyOfRange(dst, 17, 33), 1e-3f);
        assertArrayEquals(b, Arrays.copyOfRange(dst, 33, 49), 1e-3f);
        assertEquals(99f, dst[0]);
        assertEquals(99f, dst[49]);
    }

    @Test
    void resizedValuesAreRoundedOnce() {
        // [0, 255] to 4 wide: positions -0.25 (the edge, pixel 0), 0.25, 0.75, 1.25 (the edge, pixel 1);
        // 255 * 64 / 256 = 63.75 -> 64, 255 * 192 / 256 = 191.25 -> 191
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(1, 0, 0xffffff);
        float[] dst = new float[12];
        ImageTensors.writeResizedChw(img, 4, 1, dst, 0, 1, 4, ZERO, UNIT);
        assertArrayEquals(new float[] {0, 64, 191, 255}, Arrays.copyOfRange(dst, 0, 4), 1e-3f);
    }

    /** The reference is what the detector wrote before: Java2D's bilinear resize, then {@link ImageTensors#writeChw}. */
    @Test
    void resizedChwEqualsJavaTwoDsResizeOnPhotos() throws Exception {
        List<Float> mean = List.of(0.485f, 0.456f, 0.406f);
        List<Float> std = List.of(0.229f, 0.224f, 0.225f);
        ImageLoader loader = new ImageLoader(100_000_000L, 1);
        Path parade = TestData.widerRoot().resolve("WIDER_train/images/0--Parade/0_Parade_Parade_0_1014.jpg");
        for (Path file : List.of(TestData.sample(), parade)) {
            BufferedImage img = loader.load(file);
            for (double s : new double[] {0.125, 0.3, 0.5, 0.7071, 1.0, 1.5, 2.25, 2.41}) {
                int w = ImageTensors.scaledSide(img.getWidth(), s);
                int h = ImageTensors.scaledSide(img.getHeight(), s);
                int padW = w + 3;
                int padH = h + 2;
                float[] want = new float[3 * padH * padW];
                ImageTensors.writeChw(ImageTensors.resize(img, w, h), want, 0, padH, padW, mean, std);
                float[] got = new float[want.length];
                Arrays.fill(got, 99f);
                ImageTensors.writeResizedChw(img, w, h, got, 0, padH, padW, mean, std);
                assertArrayEquals(want, got, file.getFileName() + " at scale " + s);
            }
        }
    }
}
