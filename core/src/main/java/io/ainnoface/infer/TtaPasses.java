package io.ainnoface.infer;

import io.ainnoface.box.BoxVoting;
import io.ainnoface.box.Boxes;
import io.ainnoface.config.InferenceConfig;

import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * Voted boxes ({@code xyxy}) with the scores that other boxes confirm: each {@code confirming} box gives its score
     * to the one voted box that {@code applies} accepts and that it overlaps most, by IoU ≥ {@code iou} (areas with the
     * +1 pixel convention), when that is higher; no box is added or moved. Only the best-overlapping box, because the
     * neighbours of a face (boxes just off it, at low scores) overlap its confirmation too. Best first.
     */
    static List<Face> confirmed(List<Face> voted, List<Face> confirming, Predicate<Face> applies, double iou) {
        float[] v = xyxy(voted);
        float[] c = xyxy(confirming);
        float[] scores = new float[voted.size()];
        boolean[] open = new boolean[voted.size()];
        for (int i = 0; i < voted.size(); i++) {
            scores[i] = voted.get(i).score();
            open[i] = applies.test(voted.get(i));
        }
        for (int j = 0; j < confirming.size(); j++) {
            int best = -1;
            double bestIou = 0;
            for (int i = 0; i < voted.size(); i++) {
                double o = Boxes.iou(v, 4 * i, c, 4 * j);
                if (best < 0 ? o >= iou : o > bestIou) {
                    best = i;
                    bestIou = o;
                }
            }
            if (best >= 0 && open[best]) {
                scores[best] = Math.max(scores[best], confirming.get(j).score());
            }
        }
        List<Face> out = new ArrayList<>(voted.size());
        for (int i = 0; i < voted.size(); i++) {
            Face f = voted.get(i);
            out.add(new Face(f.x1(), f.y1(), f.x2(), f.y2(), scores[i]));
        }
        out.sort(Comparator.comparingDouble((Face f) -> -f.score()));
        return out;
    }

    private static float[] xyxy(List<Face> faces) {
        float[] out = new float[4 * faces.size()];
        for (int i = 0; i < faces.size(); i++) {
            Face f = faces.get(i);
            out[4 * i] = f.x1();
            out[4 * i + 1] = f.y1();
            out[4 * i + 2] = f.x2();
            out[4 * i + 3] = f.y2();
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
