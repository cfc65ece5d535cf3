package io.ainnoface.infer;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
