package io.ainnoface.anchor;

import io.ainnoface.box.Boxes;

/**
 * IoU-threshold matching of anchors to faces (SRN/S3FD): an anchor whose best IoU is at least
 * {@code posIou} is positive for that face, below {@code negIou} negative, in between ignored;
 * then each face's best anchor is made positive for it ("best-anchor compensation").
 */
public final class AnchorMatcher {
    public static final int NEGATIVE = -1;
    public static final int IGNORE = -2;

    private AnchorMatcher() {}

    /**
     * Result over the anchors {@code [from, to)}: {@code assigned[i]} is a face index, NEGATIVE or
     * IGNORE (before the best-anchor step); {@code face[i]} is anchor i's best face whatever its label
     * (−1 when none overlaps) and {@code maxIou[i]} that IoU; {@code bestAnchor[j]}/{@code bestIou[j]}
     * is face j's best anchor in the range (−1/0 when none overlaps).
     */
    public record Match(int from, int[] assigned, float[] maxIou, int[] face, int[] bestAnchor, float[] bestIou) {}

    /**
     * @param anchors xyxy (n·4)
     * @param gt faces xyxy (m·4)
     */
    public static Match match(float[] anchors, int from, int to, float[] gt, double posIou, double negIou) {
        int n = to - from;
        int m = gt.length / 4;
        int[] assigned = new int[n];
        float[] maxIou = new float[n];
        int[] face = new int[n];
        int[] bestAnchor = new int[m];
        float[] bestIou = new float[m];
        java.util.Arrays.fill(bestAnchor, -1);
        for (int i = 0; i < n; i++) {
            int a = 4 * (from + i);
            float best = 0;
            int arg = -1;
            for (int j = 0; j < m; j++) {
                // cheap reject before the division
                if (anchors[a] >= gt[4 * j + 2] || anchors[a + 2] <= gt[4 * j]
                        || anchors[a + 1] >= gt[4 * j + 3] || anchors[a + 3] <= gt[4 * j + 1]) {
                    continue;
                }
                float iou = (float) Boxes.iou(anchors, a, gt, 4 * j);
                if (iou > best) {
                    best = iou;
                    arg = j;
                }
                if (iou > bestIou[j]) {
                    bestIou[j] = iou;
                    bestAnchor[j] = from + i;
                }
            }
            maxIou[i] = best;
            face[i] = arg;
            assigned[i] = best >= posIou ? arg : (best < negIou ? NEGATIVE : IGNORE);
        }
        return new Match(from, assigned, maxIou, face, bestAnchor, bestIou);
    }

    /** Makes each face's best anchor (with IoU &gt; 0) positive for that face. */
    public static void forceBest(Match m) {
        for (int j = 0; j < m.bestAnchor().length; j++) {
            if (m.bestAnchor()[j] >= 0 && m.bestIou()[j] > 0) {
                m.assigned()[m.bestAnchor()[j] - m.from()] = j;
            }
        }
    }
}
