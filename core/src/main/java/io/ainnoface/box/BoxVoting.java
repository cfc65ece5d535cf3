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
        List<Integer> rest = new ArrayList<>(dets.size());
        for (int i = 0; i < dets.size(); i++) {
            rest.add(i);
        }
        rest.sort(Comparator.comparingDouble((Integer i) -> -dets.get(i).score()));
        List<Group> out = new ArrayList<>();
        while (!rest.isEmpty() && out.size() < maxDetections) {
            Face top = dets.get(rest.get(0));
            double areaTop = (top.x2() - top.x1() + 1.0) * (top.y2() - top.y1() + 1.0);
            int[] group = new int[rest.size()];
            int n = 0;
            List<Integer> keep = new ArrayList<>();
            for (int i : rest) {
                Face f = dets.get(i);
                double w = Math.max(0, Math.min(top.x2(), f.x2()) - Math.max(top.x1(), f.x1()) + 1.0);
                double h = Math.max(0, Math.min(top.y2(), f.y2()) - Math.max(top.y1(), f.y1()) + 1.0);
                double inter = w * h;
                double area = (f.x2() - f.x1() + 1.0) * (f.y2() - f.y1() + 1.0);
                if (inter / (areaTop + area - inter) >= iouThreshold) {
                    group[n++] = i;
                } else {
                    keep.add(i);
                }
            }
            rest = keep;
            if (n <= 1) {
                continue;
            }
            double sw = 0;
            double x1 = 0;
            double y1 = 0;
            double x2 = 0;
            double y2 = 0;
            for (int k = 0; k < n; k++) {
                Face f = dets.get(group[k]);
                sw += f.score();
                x1 += f.x1() * f.score();
                y1 += f.y1() * f.score();
                x2 += f.x2() * f.score();
                y2 += f.y2() * f.score();
            }
            out.add(new Group(new Face((float) (x1 / sw), (float) (y1 / sw), (float) (x2 / sw), (float) (y2 / sw),
                    top.score()), Arrays.copyOf(group, n)));
        }
        return out;
    }
}
