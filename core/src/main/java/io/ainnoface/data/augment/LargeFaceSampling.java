package io.ainnoface.data.augment;

import java.util.Random;

/**
 * A crop that shows one face large: pick a random face of size s = √(w·h) ≥ {@link #MIN_SOURCE}
 * source pixels, draw a target size log-uniformly from [{@link #MIN_TARGET}, min(
 * {@link #MAX_TARGET_FRACTION} · out, {@link #MAX_UPSCALE} · s)], rescale by target / s and take a
 * crop of the training size that contains the face. It complements data-anchor-sampling, whose
 * targets are mostly smaller than the face: random square crops of crowded images rarely keep a
 * large face, and on the training images themselves the CPU model scored faces > 64 px worse
 * than the peer (session 9), so the high pyramid levels see too few of them.
 */
public final class LargeFaceSampling {
    /** Faces smaller than this (source pixels, √(w·h)) are not picked. */
    static final double MIN_SOURCE = 32;
    /** Smallest target size (output pixels): the start of the > 64 px bin. */
    static final double MIN_TARGET = 64;
    /** Largest target as a fraction of the crop side, so the face fits with some context. */
    static final double MAX_TARGET_FRACTION = 0.85;
    /** Largest enlargement of the picked face. */
    static final double MAX_UPSCALE = 3;

    private LargeFaceSampling() {}

    /**
     * @param boxes source faces, {@code xyxy} (n·4)
     * @param out the crop's output side
     * @return a crop plan in source pixels, or null when no face is large enough
     */
    public static CropPlan plan(float[] boxes, int out, Random rnd, boolean flip) {
        int n = boxes.length / 4;
        int[] eligible = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (size(boxes, 4 * i) >= MIN_SOURCE) {
                eligible[m++] = 4 * i;
            }
        }
        if (m == 0) {
            return null;
        }
        int k = eligible[rnd.nextInt(m)];
        double size = size(boxes, k);
        double hi = Math.min(MAX_TARGET_FRACTION * out, MAX_UPSCALE * size);
        double lo = Math.min(MIN_TARGET, hi);
        double target = lo * Math.exp(rnd.nextDouble() * Math.log(hi / lo));
        double side = out * size / target;
        double x0 = DataAnchorSampling.place(boxes[k], boxes[k + 2], side, rnd);
        double y0 = DataAnchorSampling.place(boxes[k + 1], boxes[k + 3], side, rnd);
        return new CropPlan(x0, y0, side, out, flip);
    }

    private static double size(float[] b, int k) {
        return Math.sqrt(Math.max(0, b[k + 2] - b[k]) * Math.max(0, b[k + 3] - b[k + 1]));
    }
}
