package io.ainnoface.data.augment;

import java.util.Random;

/**
 * PyramidBox's data-anchor-sampling: pick a random face of size s = √(w·h); with anchor sizes
 * S_i = 16·2^i (i = 0..5) and i* the index closest to s, draw i from {0, ..., min(5, i*+1)} and
 * a target size uniformly from [S_i / 2, S_i · 2]; the image is rescaled by target / s and a
 * crop of the training size that contains the chosen face is taken.
 */
public final class DataAnchorSampling {
    static final double[] ANCHORS = {16, 32, 64, 128, 256, 512};

    private DataAnchorSampling() {}

    /** @return a crop plan in source pixels, or null when there is no face */
    public static CropPlan plan(float[] boxes, int out, Random rnd, boolean flip) {
        int n = boxes.length / 4;
        if (n == 0) {
            return null;
        }
        int k = rnd.nextInt(n) * 4;
        double w = boxes[k + 2] - boxes[k];
        double h = boxes[k + 3] - boxes[k + 1];
        double size = Math.sqrt(w * h);
        int closest = 0;
        for (int i = 1; i < ANCHORS.length; i++) {
            if (Math.abs(ANCHORS[i] - size) < Math.abs(ANCHORS[closest] - size)) {
                closest = i;
            }
        }
        int target = rnd.nextInt(Math.min(ANCHORS.length - 1, closest + 1) + 1);
        double targetSize = ANCHORS[target] / 2 + rnd.nextDouble() * (ANCHORS[target] * 2 - ANCHORS[target] / 2);
        double ratio = targetSize / size;
        double side = out / ratio;
        double x0 = place(boxes[k], boxes[k + 2], side, rnd);
        double y0 = place(boxes[k + 1], boxes[k + 3], side, rnd);
        return new CropPlan(x0, y0, side, out, flip);
    }

    /** A crop start so that [lo, hi] lies inside [start, start + side] (centred if it cannot). */
    static double place(double lo, double hi, double side, Random rnd) {
        double min = hi - side;
        double max = lo;
        if (min > max) {
            return (lo + hi) / 2 - side / 2;
        }
        return min + rnd.nextDouble() * (max - min);
    }
}
