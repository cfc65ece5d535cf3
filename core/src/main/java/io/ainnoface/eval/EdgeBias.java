package io.ainnoface.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Localization bias: for every kept face, the highest-scoring prediction that overlaps it by
 * IoU ≥ threshold (WIDER's +1 pixel convention), and the median signed error of each edge,
 * prediction − ground truth, in pixels ({@code x1 y1 x2 y2} with {@code x2 = x + w}). A box
 * convention that differs from the annotations' shows here as edges off by a constant.
 */
public final class EdgeBias {
    private EdgeBias() {}

    /** Median edge errors over {@code matched} faces (NaN when none matched). */
    public record Result(int matched, double x1, double y1, double x2, double y2) {}

    /** @param predictions by {@link GtImage#key()}: rows of {@code x y w h score} */
    public static Result measure(List<GtImage> gt, Map<String, double[]> predictions, double iouThreshold) {
        List<double[]> errors = new ArrayList<>();
        for (GtImage g : gt) {
            double[] p = predictions.get(g.key());
            if (p == null) {
                continue;
            }
            double[] b = g.boxes();
            for (int j = 0; j < g.keep().length; j++) {
                if (!g.keep()[j]) {
                    continue;
                }
                int best = -1;
                for (int i = 0; i < p.length; i += 5) {
                    if (WiderEvaluator.overlap(p, i, b, 4 * j) >= iouThreshold && (best < 0 || p[i + 4] > p[best + 4])) {
                        best = i;
                    }
                }
                if (best >= 0) {
                    errors.add(new double[] {p[best] - b[4 * j], p[best + 1] - b[4 * j + 1],
                        p[best] + p[best + 2] - b[4 * j] - b[4 * j + 2],
                        p[best + 1] + p[best + 3] - b[4 * j + 1] - b[4 * j + 3]});
                }
            }
        }
        return new Result(errors.size(), median(errors, 0), median(errors, 1), median(errors, 2), median(errors, 3));
    }

    private static double median(List<double[]> rows, int k) {
        return median(rows.stream().mapToDouble(r -> r[k]).toArray());
    }

    /** The median of {@code v} (sorted in place); NaN when empty. */
    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
