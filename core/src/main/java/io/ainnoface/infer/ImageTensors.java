package io.ainnoface.infer;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Conversion of images to the network's input: RGB, x/255, (x − mean) / std, CHW. */
public final class ImageTensors {
    private ImageTensors() {}

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
     * Writes {@code img} normalized into {@code dst} at {@code offset} as a (3, padH, padW) block;
     * the padding (right and bottom) is the normalized value of the mean colour, i.e. zero.
     */
    public static void writeChw(BufferedImage img, float[] dst, int offset, int padH, int padW,
            List<Float> mean, List<Float> std) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        int plane = padH * padW;
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / (255f * std.get(c));
            shift[c] = mean.get(c) / std.get(c);
        }
        for (int y = 0; y < h; y++) {
            int row = offset + y * padW;
            for (int x = 0; x < w; x++) {
                int p = rgb[y * w + x];
                dst[row + x] = ((p >> 16) & 0xff) * scale[0] - shift[0];
                dst[row + plane + x] = ((p >> 8) & 0xff) * scale[1] - shift[1];
                dst[row + 2 * plane + x] = (p & 0xff) * scale[2] - shift[2];
            }
        }
    }
}
