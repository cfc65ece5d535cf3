package io.ainnoface.infer;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.List;

/**
 * Conversion of images to a network's input: planar (CHW) floats {@code value · scale − shift}
 * per channel; ours is RGB, x/255, (x − mean) / std.
 */
public final class ImageTensors {
    private ImageTensors() {}

    /** Scale that brings the long side of a {@code w x h} image to at most {@code maxLongSide} (0 = no limit). */
    public static double longSideScale(int maxLongSide, int w, int h) {
        int longSide = Math.max(w, h);
        return maxLongSide > 0 && longSide > maxLongSide ? maxLongSide / (double) longSide : 1.0;
    }

    /** A side of {@code side} pixels scaled by {@code s}, in whole pixels (at least one). */
    public static int scaledSide(int side, double s) {
        return Math.max(1, (int) Math.round(side * s));
    }

    /** Resizes {@code img} to {@code w x h} (bilinear) as an RGB image. */
    public static BufferedImage resize(BufferedImage img, int w, int h) {
        if (img.getWidth() == w && img.getHeight() == h && img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /**
     * Writes {@code img} normalized with the model's {@code mean} and {@code std} (RGB order, on
     * x/255) into {@code dst} at {@code offset} as a (3, padH, padW) block; the padding (right and
     * bottom) is zero, the normalized mean colour.
     */
    public static void writeChw(BufferedImage img, float[] dst, int offset, int padH, int padW,
            List<Float> mean, List<Float> std) {
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / (255f * std.get(c));
            shift[c] = mean.get(c) / std.get(c);
        }
        writePlanar(img, dst, offset, padH, padW, scale, shift, false);
    }

    /**
     * Writes {@code img} into {@code dst} at {@code offset} as a (3, padH, padW) block of
     * {@code v · scale[c] − shift[c]}, v in 0..255, channels in RGB order or, with {@code bgr},
     * BGR (scale and shift then in BGR order too). The padding (right and bottom) is written as
     * zero, so {@code dst} may be a reused buffer.
     */
    public static void writePlanar(BufferedImage img, float[] dst, int offset, int padH, int padW,
            float[] scale, float[] shift, boolean bgr) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (w > padW || h > padH) {
            throw new IllegalArgumentException("image " + w + "x" + h + " larger than its block " + padW + "x" + padH);
        }
        int plane = padH * padW;
        int[] shiftR = bgr ? new int[] {0, 8, 16} : new int[] {16, 8, 0};
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            rgbRow(img, y, row);
            for (int c = 0; c < 3; c++) {
                int at = offset + c * plane + y * padW;
                int sh = shiftR[c];
                float sc = scale[c];
                float sf = shift[c];
                for (int x = 0; x < w; x++) {
                    dst[at + x] = ((row[x] >> sh) & 0xff) * sc - sf;
                }
                Arrays.fill(dst, at + w, at + padW, 0f);
            }
        }
        for (int c = 0; c < 3; c++) {
            int at = offset + c * plane;
            Arrays.fill(dst, at + h * padW, at + plane, 0f);
        }
    }

    /**
     * Row {@code y} of {@code img} as packed {@code 0xRRGGBB} ints (high byte unspecified). Reads
     * an int-RGB image's raster directly: {@link BufferedImage#getRGB} converts pixel by pixel
     * through the colour model, several times slower.
     */
    static void rgbRow(BufferedImage img, int y, int[] row) {
        int w = img.getWidth();
        if (img.getType() == BufferedImage.TYPE_INT_RGB && img.getRaster().getDataBuffer() instanceof DataBufferInt) {
            img.getRaster().getDataElements(0, y, w, 1, row);
        } else {
            img.getRGB(0, y, w, 1, row, 0, w);
        }
    }
}
