package io.ainnoface.verify;

import io.ainnoface.infer.Face;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;

/**
 * Square crops around boxes for the verifier: centred on the box, {@code context} times its longer side, area-averaged
 * down (or up) to {@code side²} pixels, black outside the image. Area averaging keeps a large face's crop free of
 * aliasing when it shrinks ten times and more.
 */
public final class FaceCrops {
    private FaceCrops() {}

    /**
     * The crop of {@code box} ({@code xyxy} pixels of {@code img}) as (3, side, side) bytes, RGB planes: each output
     * pixel is the mean of the square of the image it covers, pixels outside the image counting as black.
     */
    public static byte[] crop(BufferedImage img, Face box, double context, int side) {
        double s = Math.max(1e-3, context * Math.max(box.width(), box.height()));
        double x0 = (box.x1() + box.x2()) / 2.0 - s / 2;
        double y0 = (box.y1() + box.y2()) / 2.0 - s / 2;
        return region(img, x0, y0, s, side);
    }

    /** The square {@code [x0, x0 + s) × [y0, y0 + s)} of {@code img}, area-averaged to (3, side, side) bytes. */
    static byte[] region(BufferedImage img, double x0, double y0, double s, int side) {
        int w = img.getWidth();
        int h = img.getHeight();
        Taps tx = taps(x0, s, side, w);
        Taps ty = taps(y0, s, side, h);
        byte[] out = new byte[3 * side * side];
        int plane = side * side;
        // the columns any output pixel reads, once per source row
        int from = w;
        int to = -1;
        for (int j = 0; j < side; j++) {
            if (tx.index[j].length > 0) {
                from = Math.min(from, tx.index[j][0]);
                to = Math.max(to, tx.index[j][tx.index[j].length - 1]);
            }
        }
        int span = Math.max(0, to - from + 1);
        int[] row = new int[Math.max(1, span)];
        double[] acc = new double[3 * side];
        for (int i = 0; i < side; i++) {
            java.util.Arrays.fill(acc, 0);
            for (int t = 0; t < ty.index[i].length; t++) {
                int ky = ty.index[i][t];
                double wy = ty.weight[i][t];
                readRow(img, ky, from, span, row);
                for (int j = 0; j < side; j++) {
                    int[] ix = tx.index[j];
                    double[] wx = tx.weight[j];
                    double r = 0;
                    double g = 0;
                    double b = 0;
                    for (int u = 0; u < ix.length; u++) {
                        int p = row[ix[u] - from];
                        r += wx[u] * ((p >> 16) & 0xff);
                        g += wx[u] * ((p >> 8) & 0xff);
                        b += wx[u] * (p & 0xff);
                    }
                    acc[j] += wy * r;
                    acc[side + j] += wy * g;
                    acc[2 * side + j] += wy * b;
                }
            }
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < side; j++) {
                    out[c * plane + i * side + j] = (byte) Math.min(255, Math.round(acc[c * side + j]));
                }
            }
        }
        return out;
    }

    /** Per output pixel: the source pixels inside {@code [0, n)} it covers and their shares of its width. */
    private record Taps(int[][] index, double[][] weight) {}

    private static Taps taps(double start, double s, int side, int n) {
        double step = s / side;
        int[][] index = new int[side][];
        double[][] weight = new double[side][];
        for (int j = 0; j < side; j++) {
            double a = start + j * step;
            double b = a + step;
            int lo = Math.max(0, (int) Math.floor(a));
            int hi = Math.min(n - 1, (int) Math.ceil(b) - 1);
            int m = Math.max(0, hi - lo + 1);
            index[j] = new int[m];
            weight[j] = new double[m];
            for (int k = lo; k <= hi; k++) {
                index[j][k - lo] = k;
                weight[j][k - lo] = Math.max(0, Math.min(b, k + 1) - Math.max(a, k)) / step;
            }
        }
        return new Taps(index, weight);
    }

    private static void readRow(BufferedImage img, int y, int x, int len, int[] row) {
        if (len == 0) {
            return;
        }
        if (img.getType() == BufferedImage.TYPE_INT_RGB && img.getRaster().getDataBuffer() instanceof DataBufferInt) {
            img.getRaster().getDataElements(x, y, len, 1, row);
        } else {
            img.getRGB(x, y, len, 1, row, 0, len);
        }
    }

    /**
     * Writes {@code crop} ((3, side, side) bytes), mirrored left to right when asked, into {@code dst} at
     * {@code offset} as {@code (v / 255 − mean[c]) / std[c]}.
     */
    public static void normalize(byte[] crop, int side, boolean mirror, List<Float> mean, List<Float> std, float[] dst,
            int offset) {
        int plane = side * side;
        for (int c = 0; c < 3; c++) {
            float sc = 1f / (255f * std.get(c));
            float sf = mean.get(c) / std.get(c);
            for (int i = 0; i < side; i++) {
                int at = c * plane + i * side;
                for (int j = 0; j < side; j++) {
                    int v = crop[at + (mirror ? side - 1 - j : j)] & 0xff;
                    dst[offset + at + j] = v * sc - sf;
                }
            }
        }
    }
}
