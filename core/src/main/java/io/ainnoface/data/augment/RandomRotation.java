package io.ainnoface.data.augment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * In-plane rotation of a square training sample about its centre by {@code degrees} (positive =
 * clockwise on screen, y pointing down); the uncovered corners are filled with {@code fill}.
 * A face box becomes the bounding box of its inscribed ellipse rotated with the image (a rotated
 * face's outline is closer to that ellipse than to the box's corners, which would inflate the box
 * by up to 41 % at 45°). Faces whose centre leaves the image are dropped, the rest are clipped.
 */
public final class RandomRotation {
    private RandomRotation() {}

    /** Rotates {@code img} (square) into a new image of the same size. */
    public static BufferedImage render(BufferedImage img, double degrees, Color fill) {
        int n = img.getWidth();
        BufferedImage dst = new BufferedImage(n, img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setColor(fill);
        g.fillRect(0, 0, n, img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, AffineTransform.getRotateInstance(Math.toRadians(degrees), n / 2.0, img.getHeight() / 2.0), null);
        g.dispose();
        return dst;
    }

    /**
     * Faces ({@code xyxy}, n·4, pixels of a {@code size x size} image) after rotating the image by
     * {@code degrees} about its centre; faces narrower or shorter than {@code minSize} after
     * clipping are dropped.
     */
    public static float[] transformBoxes(float[] boxes, int size, double degrees, double minSize) {
        double a = Math.toRadians(degrees);
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        double c = size / 2.0;
        float[] tmp = new float[boxes.length];
        int k = 0;
        for (int i = 0; i < boxes.length; i += 4) {
            double hw = (boxes[i + 2] - boxes[i]) / 2.0;
            double hh = (boxes[i + 3] - boxes[i + 1]) / 2.0;
            double dx = (boxes[i] + boxes[i + 2]) / 2.0 - c;
            double dy = (boxes[i + 1] + boxes[i + 3]) / 2.0 - c;
            // the same map as AffineTransform.getRotateInstance: (x, y) -> (x cos - y sin, x sin + y cos)
            double cx = c + dx * cos - dy * sin;
            double cy = c + dx * sin + dy * cos;
            if (cx < 0 || cx >= size || cy < 0 || cy >= size) {
                continue;
            }
            double ex = Math.sqrt(hw * hw * cos * cos + hh * hh * sin * sin);
            double ey = Math.sqrt(hw * hw * sin * sin + hh * hh * cos * cos);
            double x1 = clip(cx - ex, size);
            double y1 = clip(cy - ey, size);
            double x2 = clip(cx + ex, size);
            double y2 = clip(cy + ey, size);
            if (x2 - x1 < minSize || y2 - y1 < minSize) {
                continue;
            }
            tmp[k++] = (float) x1;
            tmp[k++] = (float) y1;
            tmp[k++] = (float) x2;
            tmp[k++] = (float) y2;
        }
        return java.util.Arrays.copyOf(tmp, k);
    }

    private static double clip(double v, int size) {
        return Math.max(0, Math.min(size, v));
    }
}
