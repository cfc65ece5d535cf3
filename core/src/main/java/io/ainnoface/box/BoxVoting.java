package io.ainnoface.box;

import io.ainnoface.infer.Face;

import java.util.ArrayList;
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

    public static List<Face> vote(List<Face> dets, double iouThreshold, int maxDetections) {
        List<Face> rest = new ArrayList<>(dets);
        rest.sort(Comparator.comparingDouble((Face f) -> -f.score()));
        List<Face> out = new ArrayList<>();
        while (!rest.isEmpty() && out.size() < maxDetections) {
            Face top = rest.get(0);
            double areaTop = (top.x2() - top.x1() + 1.0) * (top.y2() - top.y1() + 1.0);
            List<Face> group = new ArrayList<>();
            List<Face> keep = new ArrayList<>();
            for (Face f : rest) {
                double w = Math.max(0, Math.min(top.x2(), f.x2()) - Math.max(top.x1(), f.x1()) + 1.0);
                double h = Math.max(0, Math.min(top.y2(), f.y2()) - Math.max(top.y1(), f.y1()) + 1.0);
                double inter = w * h;
                double area = (f.x2() - f.x1() + 1.0) * (f.y2() - f.y1() + 1.0);
                (inter / (areaTop + area - inter) >= iouThreshold ? group : keep).add(f);
            }
            rest = keep;
            if (group.size() <= 1) {
                continue;
            }
            double sw = 0;
            double x1 = 0;
            double y1 = 0;
            double x2 = 0;
            double y2 = 0;
            for (Face f : group) {
                sw += f.score();
                x1 += f.x1() * f.score();
                y1 += f.y1() * f.score();
                x2 += f.x2() * f.score();
                y2 += f.y2() * f.score();
            }
            out.add(new Face((float) (x1 / sw), (float) (y1 / sw), (float) (x2 / sw), (float) (y2 / sw),
                    top.score()));
        }
        return out;
    }
}
