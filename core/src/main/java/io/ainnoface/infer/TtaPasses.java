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
 * those that one pass finds; or {@code flip-mean}: the best, over the views, of a view's score, a view being a
 * pass with its variants (its mirror, its shifted copy) and its score the mean of their best scores in the group (0 for
 * one without a box in it), so that a box one orientation alone finds scores half as much
 * ({@code flip-mean-enlarged}: the caller pairs only the enlarged passes).
 */
final class TtaPasses {
    private final List<Face> boxes = new ArrayList<>();
    private final List<Integer> passOf = new ArrayList<>();
    private final List<Predicate<Face>> keeps = new ArrayList<>();
    private final List<Integer> viewOf = new ArrayList<>();
    private int views;

    /** Adds one pass's boxes ({@code xyxy}, original pixels) that {@code keep} accepts; the pass is a view of its own. */
    void add(List<Face> faces, Predicate<Face> keep) {
        viewOf.add(views++);
        addPass(faces, keep);
    }

    /**
     * Adds a variant of the pass added last (its mirror, or the image shifted; boxes mapped back to the image) with
     * the same rule; in the same view, or in a view of its own when {@code ownView}.
     */
    void addVariant(List<Face> faces, boolean ownView) {
        if (keeps.isEmpty()) {
            throw new IllegalStateException("a variant needs its pass first");
        }
        viewOf.add(ownView ? views++ : viewOf.get(viewOf.size() - 1));
        addPass(faces, keeps.get(keeps.size() - 1));
    }

    private void addPass(List<Face> faces, Predicate<Face> keep) {
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
            out.add(switch (score) {
                case InferenceConfig.TTA_SCORE_MEAN_MAX -> meanMax(g);
                case InferenceConfig.TTA_SCORE_FLIP_MEAN, InferenceConfig.TTA_SCORE_FLIP_MEAN_ENLARGED -> flipMean(g);
                default -> g.fused();
            });
        }
        return out;
    }

    /** Each pass's best score in the group (0 for a pass without a box in it). */
    private double[] best(BoxVoting.Group g) {
        double[] best = new double[keeps.size()];
        for (int i : g.members()) {
            best[passOf.get(i)] = Math.max(best[passOf.get(i)], boxes.get(i).score());
        }
        return best;
    }

    private Face flipMean(BoxVoting.Group g) {
        double[] best = best(g);
        double[] sum = new double[views];
        int[] passes = new int[views];
        for (int p = 0; p < best.length; p++) {
            sum[viewOf.get(p)] += best[p];
            passes[viewOf.get(p)]++;
        }
        double score = 0;
        for (int v = 0; v < views; v++) {
            score = Math.max(score, sum[v] / passes[v]);
        }
        Face f = g.fused();
        return new Face(f.x1(), f.y1(), f.x2(), f.y2(), (float) score);
    }

    private Face meanMax(BoxVoting.Group g) {
        double[] best = best(g);
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
