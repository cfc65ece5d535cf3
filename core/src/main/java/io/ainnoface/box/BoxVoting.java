package io.ainnoface.box;

import io.ainnoface.infer.Face;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Box voting as in SRN's (and S3FD's) test code: repeatedly take the best remaining box, gather
 * every box overlapping it by IoU ≥ threshold (areas with the +1 pixel convention), remove them,
 * and output their score-weighted mean box with the group's best score. A group of a single box
 * is dropped, as in the reference.
 */
public final class BoxVoting {
    private BoxVoting() {}

    /**
     * A voted group: the fused box ({@code xyxy}, with the group's best score) and the indices of
     * its boxes in the input list, best first.
     */
    public record Group(Face fused, int[] members) {}

    /** The fused boxes of {@link #groups}. */
    public static List<Face> vote(List<Face> dets, double iouThreshold, int maxDetections) {
        List<Face> out = new ArrayList<>();
        for (Group g : groups(dets, iouThreshold, maxDetections)) {
            out.add(g.fused());
        }
        return out;
    }

    /**
     * Box voting after NMS within one pass (Gidaris and Komodakis, 2015): each kept box becomes the
     * score-weighted mean of every candidate that overlaps it by IoU ≥ {@code iouThreshold} (itself
     * included, so a lone box stays where it is); scores are unchanged. Candidates are the boxes NMS
     * ran on, so boxes it suppressed still vote.
     *
     * @param boxes candidates, n·4 {@code xyxy}, areas as in {@link Boxes#iou}
     * @param scores their scores (n), the voting weights
     * @param keep indices of the boxes NMS kept
     * @return the voted boxes, keep.length·4 {@code xyxy}, in the order of {@code keep}
     */
    public static float[] refine(float[] boxes, float[] scores, int[] keep, double iouThreshold) {
        float[] out = new float[keep.length * 4];
        for (int k = 0; k < keep.length; k++) {
            int i = keep[k];
            double sw = 0;
            double[] acc = new double[4];
            for (int j = 0; j < scores.length; j++) {
                if (j != i && Boxes.iou(boxes, 4 * i, boxes, 4 * j) < iouThreshold) {
                    continue;
                }
                sw += scores[j];
                for (int c = 0; c < 4; c++) {
                    acc[c] += scores[j] * (double) boxes[4 * j + c];
                }
            }
            for (int c = 0; c < 4; c++) {
                out[4 * k + c] = (float) (acc[c] / sw);
            }
        }
        return out;
    }

    /** The groups of boxes ({@code xyxy}) with at least two members, best group first. */
    public static List<Group> groups(List<Face> dets, double iouThreshold, int maxDetections) {
        int total = dets.size();
        Integer[] byScore = new Integer[total];
        float[] x1 = new float[total];
        float[] y1 = new float[total];
        float[] x2 = new float[total];
        float[] y2 = new float[total];
        for (int i = 0; i < total; i++) {
            byScore[i] = i;
            Face f = dets.get(i);
            x1[i] = f.x1();
            y1[i] = f.y1();
            x2[i] = f.x2();
            y2[i] = f.y2();
        }
        Arrays.sort(byScore, Comparator.comparingDouble((Integer i) -> -dets.get(i).score()));
        // the boxes not yet grouped, best first; each round compacts it in place (a TTA holds thousands of boxes)
        int[] rest = new int[total];
        for (int k = 0; k < total; k++) {
            rest[k] = byScore[k];
        }
        int left = total;
        int[] group = new int[total];
        List<Group> out = new ArrayList<>();
        while (left > 0 && out.size() < maxDetections) {
            int t = rest[0];
            double areaTop = (x2[t] - x1[t] + 1.0) * (y2[t] - y1[t] + 1.0);
            int n = 0;
            int kept = 0;
            for (int r = 0; r < left; r++) {
                int i = rest[r];
                double w = Math.max(0, Math.min(x2[t], x2[i]) - Math.max(x1[t], x1[i]) + 1.0);
                double h = Math.max(0, Math.min(y2[t], y2[i]) - Math.max(y1[t], y1[i]) + 1.0);
                double inter = w * h;
                double area = (x2[i] - x1[i] + 1.0) * (y2[i] - y1[i] + 1.0);
                if (inter / (areaTop + area - inter) >= iouThreshold) {
                    group[n++] = i;
                } else {
                    rest[kept++] = i;
                }
            }
            left = kept;
            if (n <= 1) {
                continue;
            }
            double sw = 0;
            double sx1 = 0;
            double sy1 = 0;
            double sx2 = 0;
            double sy2 = 0;
            for (int k = 0; k < n; k++) {
                Face f = dets.get(group[k]);
                sw += f.score();
                sx1 += f.x1() * f.score();
                sy1 += f.y1() * f.score();
                sx2 += f.x2() * f.score();
                sy2 += f.y2() * f.score();
            }
            out.add(new Group(new Face((float) (sx1 / sw), (float) (sy1 / sw), (float) (sx2 / sw), (float) (sy2 / sw),
                    dets.get(t).score()), Arrays.copyOf(group, n)));
        }
        return out;
    }
}
