package io.ainnoface.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How sure a difference in AP between two detectors is, on one setting of one evaluation set: a
 * paired bootstrap over images (Efron and Tibshirani, 1993). Each resample draws as many images as
 * the set has, with replacement, and scores both detectors on the same draw, so what the images
 * have in common (hard ones, easy ones) cancels. Images are the unit because faces of one image are
 * not independent (one crowd, one blur). Scores are normalized once over the whole set, as
 * {@link WiderEvaluator} does, not again per resample.
 */
public final class PairedBootstrap {
    private PairedBootstrap() {}

    /**
     * @param apA detector A's AP on the whole set; {@code apB} likewise
     * @param low lower end of the percentile interval of {@code AP(A) − AP(B)}; {@code high} upper end
     * @param shareAHigher share of resamples in which A's AP is higher than B's
     */
    public record Result(double apA, double apB, double low, double high, double shareAHigher, int resamples) {
        public double difference() {
            return apA - apB;
        }
    }

    /**
     * @param a detector A's predictions by {@link GtImage#key()} ({@code x y w h score} rows, scores
     *     normalized); a missing image has no detections. {@code b} likewise.
     * @param confidence e.g. 0.95 for the 2.5 % and 97.5 % percentiles
     */
    public static Result compare(List<GtImage> gt, Map<String, double[]> a, Map<String, double[]> b,
            int resamples, double confidence, long seed) {
        checkSettings(resamples, confidence);
        int n = gt.size();
        WiderEvaluator.ImageCounts[] ca = new WiderEvaluator.ImageCounts[n];
        WiderEvaluator.ImageCounts[] cb = new WiderEvaluator.ImageCounts[n];
        for (int i = 0; i < n; i++) {
            GtImage g = gt.get(i);
            ca[i] = WiderEvaluator.imageCounts(g, a.get(g.key()), 0.5);
            cb[i] = WiderEvaluator.imageCounts(g, b.get(g.key()), 0.5);
        }
        int[] all = new int[n];
        Arrays.fill(all, 1);
        double apA = ap(ca, all);
        double apB = ap(cb, all);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] diffs = new double[resamples];
        int higher = 0;
        int[] times = new int[n];
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(times, 0);
            for (int k = 0; k < n; k++) {
                times[rnd.nextInt(n)]++;
            }
            diffs[r] = ap(ca, times) - ap(cb, times);
            higher += diffs[r] > 0 ? 1 : 0;
        }
        Arrays.sort(diffs);
        double tail = (1 - confidence) / 2;
        return new Result(apA, apB, percentile(diffs, tail), percentile(diffs, 1 - tail),
                higher / (double) resamples, resamples);
    }

    /** @throws IllegalArgumentException naming the setting out of range */
    public static void checkSettings(int resamples, double confidence) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
    }

    /** AP of the images drawn {@code times[i]} times each; 0 when the draw holds no kept face. */
    private static double ap(WiderEvaluator.ImageCounts[] c, int[] times) {
        double[] proposals = new double[WiderEvaluator.THRESHOLDS];
        double[] recalled = new double[WiderEvaluator.THRESHOLDS];
        int faces = 0;
        for (int i = 0; i < c.length; i++) {
            int w = times[i];
            if (w == 0) {
                continue;
            }
            faces += w * c[i].faces();
            double[] p = c[i].proposals();
            double[] q = c[i].recalled();
            for (int t = 0; t < proposals.length; t++) {
                proposals[t] += w * p[t];
                recalled[t] += w * q[t];
            }
        }
        return faces == 0 ? 0 : WiderEvaluator.curve(proposals, recalled, faces).ap();
    }

    /** Linear interpolation between order statistics of sorted {@code v} (NumPy's default). */
    static double percentile(double[] v, double q) {
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }
}
