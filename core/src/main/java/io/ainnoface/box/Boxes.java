package io.ainnoface.box;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Box operations on flat {@code xyxy} float arrays (n·4), areas as (x2 − x1)(y2 − y1). */
public final class Boxes {
    private Boxes() {}

    /**
     * WIDER FACE counts pixels inclusively: a face on pixel columns a..b is annotated
     * {@code x = a, w = b - a}. Mirroring an image of width W maps column c to W − 1 − c, so a
     * box's mirror is {@code (W - MIRROR_OFFSET - x2, W - MIRROR_OFFSET - x1)}, not the continuous
     * {@code W - x}.
     */
    public static final double MIRROR_OFFSET = 1.0;

    public static double iou(float[] a, int i, float[] b, int j) {
        double ix1 = Math.max(a[i], b[j]);
        double iy1 = Math.max(a[i + 1], b[j + 1]);
        double ix2 = Math.min(a[i + 2], b[j + 2]);
        double iy2 = Math.min(a[i + 3], b[j + 3]);
        double inter = Math.max(0, ix2 - ix1) * Math.max(0, iy2 - iy1);
        double areaA = (a[i + 2] - a[i]) * (double) (a[i + 3] - a[i + 1]);
        double areaB = (b[j + 2] - b[j]) * (double) (b[j + 3] - b[j + 1]);
        double union = areaA + areaB - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** Pairwise IoU, (n, m) row-major, like torchvision's {@code box_iou}. */
    public static float[] iouMatrix(float[] a, float[] b) {
        int n = a.length / 4;
        int m = b.length / 4;
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                out[i * m + j] = (float) iou(a, 4 * i, b, 4 * j);
            }
        }
        return out;
    }

    /**
     * Greedy NMS like torchvision's {@code nms}: boxes in descending score order, each removes
     * the later ones whose IoU with it exceeds {@code iouThreshold}.
     *
     * @return indices kept, by descending score
     */
    public static int[] nms(float[] boxes, float[] scores, double iouThreshold) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
        boolean[] removed = new boolean[n];
        List<Integer> keep = new ArrayList<>();
        for (int oi = 0; oi < n; oi++) {
            int i = order[oi];
            if (removed[i]) {
                continue;
            }
            keep.add(i);
            for (int oj = oi + 1; oj < n; oj++) {
                int j = order[oj];
                if (!removed[j] && iou(boxes, 4 * i, boxes, 4 * j) > iouThreshold) {
                    removed[j] = true;
                }
            }
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }
}
