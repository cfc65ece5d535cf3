package io.ainnoface.data.augment;

import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * SSD-style colour distortion, each part with probability 1/2: brightness ±32, contrast ×[0.5, 1.5],
 * saturation ×[0.5, 1.5] (blend with the luma), hue ±18° (rotation of the YIQ chroma plane).
 */
public final class PhotometricDistort {
    private PhotometricDistort() {}

    public static void apply(BufferedImage img, Random rnd) {
        double brightness = rnd.nextBoolean() ? (rnd.nextDouble() * 64 - 32) : 0;
        double contrast = rnd.nextBoolean() ? 0.5 + rnd.nextDouble() : 1;
        double saturation = rnd.nextBoolean() ? 0.5 + rnd.nextDouble() : 1;
        double hue = rnd.nextBoolean() ? Math.toRadians(rnd.nextDouble() * 36 - 18) : 0;
        if (brightness == 0 && contrast == 1 && saturation == 1 && hue == 0) {
            return;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        double cos = Math.cos(hue);
        double sin = Math.sin(hue);
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            double r = ((p >> 16) & 0xff) * contrast + brightness;
            double g = ((p >> 8) & 0xff) * contrast + brightness;
            double b = (p & 0xff) * contrast + brightness;
            double y = 0.299 * r + 0.587 * g + 0.114 * b;
            double ci = (0.596 * r - 0.274 * g - 0.322 * b) * saturation;
            double cq = (0.211 * r - 0.523 * g + 0.312 * b) * saturation;
            double ii = ci * cos - cq * sin;
            double qq = ci * sin + cq * cos;
            int rr = clamp(y + 0.956 * ii + 0.621 * qq);
            int gg = clamp(y - 0.272 * ii - 0.647 * qq);
            int bb = clamp(y - 1.106 * ii + 1.703 * qq);
            px[i] = (rr << 16) | (gg << 8) | bb;
        }
        img.setRGB(0, 0, w, h, px, 0, w);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
