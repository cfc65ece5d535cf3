package io.ainnoface.infer;

import io.ainnoface.box.BoxVoting;
import io.ainnoface.config.InferenceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The boxes of a test-time augmentation's passes, each remembering its pass, and each pass the box
 * sizes it keeps; merged by {@link BoxVoting} and scored as {@code inference.ttaScore} says: the
 * group's best score ({@code max}, SRN) or {@code mean-max}: half the group's best plus half the
 * mean, over the passes that keep boxes of the fused box's size, of each pass's best score in the
 * group (a pass without a box in it counts 0), so that faces every applicable pass finds rank above
 * those that one pass finds.
 */
final class TtaPasses {
    private final List<Face> boxes = new ArrayList<>();
    private final List<Integer> passOf = new ArrayList<>();
    private final List<Predicate<Face>> keeps = new ArrayList<>();

    /** Adds one pass's boxes ({@code xyxy}, original pixels) that {@code keep} accepts. */
    void add(List<Face> faces, Predicate<Face> keep) {
        int pass = keeps.size();
        keeps.add(keep);
        for (Face f : faces) {
            if (keep.test(f)) {
                boxes.add(f);
                passOf.add(pass);
            }
        }
    }

    List<Face> vote(double iou, int maxDetections, String score) {
        List<Face> out = new ArrayList<>();
        for (BoxVoting.Group g : BoxVoting.groups(boxes, iou, maxDetections)) {
            out.add(score.equals(InferenceConfig.TTA_SCORE_MEAN_MAX) ? rescored(g) : g.fused());
        }
        return out;
    }

    private Face rescored(BoxVoting.Group g) {
        double[] best = new double[keeps.size()];
        for (int i : g.members()) {
            best[passOf.get(i)] = Math.max(best[passOf.get(i)], boxes.get(i).score());
        }
        double sum = 0;
        int applicable = 0;
        for (int p = 0; p < keeps.size(); p++) {
            // a pass may put a box in a group whose fused box it would not keep: it is not among the applicable passes
            if (keeps.get(p).test(g.fused())) {
                sum += best[p];
                applicable++;
            }
        }
        double mean = applicable == 0 ? 0 : sum / applicable;
        Face f = g.fused();
        return new Face(f.x1(), f.y1(), f.x2(), f.y2(), (float) (0.5 * f.score() + 0.5 * mean));
    }
}
