package io.ainnoface.infer;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

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
        writePlanar(img, dst, offset, padH, padW, scales(std), shifts(mean, std), false);
    }

    /** Per channel, what {@code v} in 0..255 is multiplied by for the model's normalization: {@code 1 / (255 · std)}. */
    private static float[] scales(List<Float> std) {
        float[] out = new float[std.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = 1f / (255f * std.get(c));
        }
        return out;
    }

    /** Per channel, what is then subtracted: {@code mean / std} ({@code (v / 255 − mean) / std} in all). */
    private static float[] shifts(List<Float> mean, List<Float> std) {
        float[] out = new float[mean.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = mean.get(c) / std.get(c);
        }
        return out;
    }

    /**
     * Writes {@code img} resized to {@code w x h} and normalized into {@code dst} at {@code offset} as a (3, padH, padW)
     * block: the values {@link #writeChw} writes for {@code resize(img, w, h)}, bit for bit, without making the resized
     * image, its rows spread over the common fork-join pool (Java2D's scaling runs on one thread). Bilinear with pixel
     * centres aligned and edges repeated, in Java2D's fixed-point arithmetic: source positions in 32.32 fixed point
     * stepped pixel by pixel from the first, weights cut to 8 bits, one rounding at the end. An image already
     * {@code w x h} is written as {@link #writeChw} writes it. The padding (right and bottom) is zero.
     */
    public static void writeResizedChw(BufferedImage img, int w, int h, float[] dst, int offset, int padH, int padW,
            List<Float> mean, List<Float> std) {
        if (w > padW || h > padH) {
            throw new IllegalArgumentException("image " + w + "x" + h + " larger than its block " + padW + "x" + padH);
        }
        int sw = img.getWidth();
        int sh = img.getHeight();
        if (w == sw && h == sh) {
            // nothing to interpolate: the copy as before (single scale was slower through the parallel rows,
            // docs/benchmarks.md, session 46)
            writeChw(img, dst, offset, padH, padW, mean, std);
            return;
        }
        int[] px = packedRgb(img);
        float[] scale = scales(std);
        float[] shift = shifts(mean, std);
        // per output column (row): the two source columns (rows) and the second's 8-bit weight
        int[] x0 = new int[w];
        int[] x1 = new int[w];
        int[] wx = new int[w];
        sourceSteps(sw, w, x0, x1, wx);
        int[] y0 = new int[h];
        int[] y1 = new int[h];
        int[] wy = new int[h];
        sourceSteps(sh, h, y0, y1, wy);
        int plane = padH * padW;
        IntStream.range(0, padH).parallel().forEach(y -> {
            if (y >= h) {
                for (int c = 0; c < 3; c++) {
                    int at = offset + c * plane + y * padW;
                    Arrays.fill(dst, at, at + padW, 0f);
                }
                return;
            }
            int r0 = y0[y] * sw;
            int r1 = y1[y] * sw;
            int fy = wy[y];
            int red = offset + y * padW;
            int green = red + plane;
            int blue = green + plane;
            for (int x = 0; x < w; x++) {
                int a = px[r0 + x0[x]];
                int b = px[r0 + x1[x]];
                int d = px[r1 + x0[x]];
                int e = px[r1 + x1[x]];
                int fx = wx[x];
                dst[red + x] = bilinear(a >> 16 & 0xff, b >> 16 & 0xff, d >> 16 & 0xff, e >> 16 & 0xff, fx, fy)
                        * scale[0] - shift[0];
                dst[green + x] = bilinear(a >> 8 & 0xff, b >> 8 & 0xff, d >> 8 & 0xff, e >> 8 & 0xff, fx, fy)
                        * scale[1] - shift[1];
                dst[blue + x] = bilinear(a & 0xff, b & 0xff, d & 0xff, e & 0xff, fx, fy) * scale[2] - shift[2];
            }
            Arrays.fill(dst, red + w, red + padW, 0f);
            Arrays.fill(dst, green + w, green + padW, 0f);
            Arrays.fill(dst, blue + w, blue + padW, 0f);
        });
    }

    /** One channel of Java2D's bilinear step: top and bottom pairs along the row (8-bit weight {@code fx}), then down. */
    private static int bilinear(int a, int b, int d, int e, int fx, int fy) {
        int top = (a << 8) + (b - a) * fx;
        int bottom = (d << 8) + (e - d) * fx;
        return ((top << 8) + (bottom - top) * fy + (1 << 15)) >> 16;
    }

    /**
     * For each of {@code n} output pixels along a side of {@code side} source pixels: the source pixels before and after
     * its centre ({@code lo}, {@code hi}, clamped to the side) and the weight of {@code hi} in 1/256. As Java2D steps
     * it: the inverse scale and the first centre in 32.32 fixed point, cut, then added pixel by pixel.
     */
    private static void sourceSteps(int side, int n, int[] lo, int[] hi, int[] weight) {
        double inverse = 1 / (n / (double) side);
        long step = (long) (inverse * 0x1p32);
        long at = (long) (0.5 * inverse * 0x1p32) - (1L << 31);
        for (int i = 0; i < n; i++, at += step) {
            int whole = (int) (at >> 32);
            lo[i] = Math.max(0, Math.min(whole, side - 1));
            hi[i] = Math.max(0, Math.min(whole + 1, side - 1));
            weight[i] = (int) ((at >>> 24) & 0xff);
        }
    }

    /** {@code img}'s pixels as packed {@code 0xRRGGBB} ints, row by row: an int-RGB raster's own array when it is one. */
    static int[] packedRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getType() == BufferedImage.TYPE_INT_RGB && img.getRaster().getDataBuffer() instanceof DataBufferInt db
                && img.getSampleModel() instanceof SinglePixelPackedSampleModel sm && sm.getScanlineStride() == w
                && db.getNumBanks() == 1 && db.getOffset() == 0 && img.getRaster().getParent() == null
                && db.getSize() == w * h) {
            return db.getData();
        }
        int[] out = new int[w * h];
        img.getRGB(0, 0, w, h, out, 0, w);
        return out;
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
