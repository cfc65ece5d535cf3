package io.ainnoface.box;

import java.util.Arrays;
import java.util.Comparator;

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
        // the boxes in score order as flat arrays, areas once each: a pass holds thousands of candidates
        float[] x1 = new float[n];
        float[] y1 = new float[n];
        float[] x2 = new float[n];
        float[] y2 = new float[n];
        double[] area = new double[n];
        for (int r = 0; r < n; r++) {
            int b = 4 * order[r];
            x1[r] = boxes[b];
            y1[r] = boxes[b + 1];
            x2[r] = boxes[b + 2];
            y2[r] = boxes[b + 3];
            area[r] = (x2[r] - x1[r]) * (double) (y2[r] - y1[r]);
        }
        boolean[] removed = new boolean[n];
        int[] keep = new int[n];
        int kept = 0;
        for (int a = 0; a < n; a++) {
            if (removed[a]) {
                continue;
            }
            keep[kept++] = order[a];
            for (int b = a + 1; b < n; b++) {
                if (removed[b]) {
                    continue;
                }
                // the arithmetic of iou(), so the same boxes are kept
                double ix1 = Math.max(x1[a], x1[b]);
                double iy1 = Math.max(y1[a], y1[b]);
                double ix2 = Math.min(x2[a], x2[b]);
                double iy2 = Math.min(y2[a], y2[b]);
                double inter = Math.max(0, ix2 - ix1) * Math.max(0, iy2 - iy1);
                double union = area[a] + area[b] - inter;
                if ((union <= 0 ? 0 : inter / union) > iouThreshold) {
                    removed[b] = true;
                }
            }
        }
        return Arrays.copyOf(keep, kept);
    }
}
