package io.ainnoface.data.augment;

import io.ainnoface.box.Boxes;

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
     * pixels after clipping are dropped. WIDER boxes count pixels inclusively (a face on pixel
     * columns a..b is {@code x = a, w = b - a}), so a mirrored box moves one source pixel left of
     * the continuous mirror ({@link Boxes#MIRROR_OFFSET}), as in Faster R-CNN's flip
     * ({@code x1' = W - x2 - 1}); with the continuous mirror, training on flipped crops taught the
     * model a shift of half a source pixel to the right in x (measured on devval, session 7).
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
                x1 = clip(out - x2 - Boxes.MIRROR_OFFSET * s);
                x2 = clip(out - t - Boxes.MIRROR_OFFSET * s);
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
