package io.ainnoface.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How tightly a detector's boxes fit the annotations: for every kept face, the highest overlap
 * (WIDER's +1 pixel IoU) of any prediction, whatever its score; counted in bins and summarized by
 * the median. A face below 0.5 is missed at WIDER's threshold however it is scored.
 */
public final class BestOverlap {
    /** Bin edges: below 0.5, 0.5–0.7, 0.7–0.8, 0.8–0.9, 0.9 and above. */
    public static final double[] EDGES = {0.5, 0.7, 0.8, 0.9};
    public static final List<String> BINS = List.of("<0.5", "0.5-0.7", "0.7-0.8", "0.8-0.9", ">=0.9");

    private BestOverlap() {}

    /** @param counts faces per bin of {@link #BINS}; {@code median} is NaN without faces */
    public record Result(int faces, double median, int[] counts) {}

    /** @param predictions by {@link GtImage#key()}: rows of {@code x y w h score}; a missing image has none */
    public static Result measure(List<GtImage> gt, Map<String, double[]> predictions) {
        double[] best = new double[gt.stream().mapToInt(g -> g.keep().length).sum()];
        int n = 0;
        for (GtImage g : gt) {
            double[] p = predictions.getOrDefault(g.key(), new double[0]);
            for (int j = 0; j < g.keep().length; j++) {
                if (!g.keep()[j]) {
                    continue;
                }
                double b = 0;
                for (int i = 0; i < p.length; i += 5) {
                    b = Math.max(b, WiderEvaluator.overlap(p, i, g.boxes(), 4 * j));
                }
                best[n++] = b;
            }
        }
        int[] counts = new int[EDGES.length + 1];
        for (int i = 0; i < n; i++) {
            int k = 0;
            while (k < EDGES.length && best[i] >= EDGES[k]) {
                k++;
            }
            counts[k]++;
        }
        return new Result(n, EdgeBias.median(Arrays.copyOf(best, n)), counts);
    }
}
