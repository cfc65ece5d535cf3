package io.ainnoface.data.augment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A square region of the source image, {@code (x0, y0)} to {@code (x0 + side, y0 + side)} in
 * source pixels (it may extend past the borders; the outside is filled with {@code fill}),
 * rendered at {@code out x out}, optionally mirrored.
 */
public record CropPlan(double x0, double y0, double side, int out, boolean flip) {

    public double scale() {
        return out / side;
    }

    /**
     * Maps source faces ({@code xyxy}, n·4) into the output: faces whose centre falls inside the
     * crop are kept and clipped to it; faces narrower or shorter than {@code minSize} output
     * pixels after clipping are dropped.
     */
    public float[] transformBoxes(float[] boxes, double minSize) {
        double s = scale();
        float[] tmp = new float[boxes.length];
        int k = 0;
        for (int i = 0; i < boxes.length; i += 4) {
            double cx = (boxes[i] + boxes[i + 2]) / 2.0;
            double cy = (boxes[i + 1] + boxes[i + 3]) / 2.0;
            if (cx < x0 || cx >= x0 + side || cy < y0 || cy >= y0 + side) {
                continue;
            }
            double x1 = clip((boxes[i] - x0) * s);
            double y1 = clip((boxes[i + 1] - y0) * s);
            double x2 = clip((boxes[i + 2] - x0) * s);
            double y2 = clip((boxes[i + 3] - y0) * s);
            if (x2 - x1 < minSize || y2 - y1 < minSize) {
                continue;
            }
            if (flip) {
                double t = x1;
                x1 = out - x2;
                x2 = out - t;
            }
            tmp[k++] = (float) x1;
            tmp[k++] = (float) y1;
            tmp[k++] = (float) x2;
            tmp[k++] = (float) y2;
        }
        return java.util.Arrays.copyOf(tmp, k);
    }

    private double clip(double v) {
        return Math.max(0, Math.min(out, v));
    }

    /** Renders the crop (bilinear) into a new {@code out x out} RGB image. */
    public BufferedImage render(BufferedImage src, Color fill) {
        BufferedImage dst = new BufferedImage(out, out, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setColor(fill);
        g.fillRect(0, 0, out, out);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        double s = scale();
        java.awt.geom.AffineTransform t = new java.awt.geom.AffineTransform();
        if (flip) {
            t.translate(out, 0);
            t.scale(-1, 1);
        }
        t.scale(s, s);
        t.translate(-x0, -y0);
        g.drawImage(src, t, null);
        g.dispose();
        return dst;
    }
}
