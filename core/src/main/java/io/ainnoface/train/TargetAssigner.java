package io.ainnoface.train;

import io.ainnoface.anchor.AnchorMatcher;
import io.ainnoface.config.ModelConfig;
import io.ainnoface.config.TrainConfig;
import io.ainnoface.model.LevelGeometry;

/** Computes {@link Targets} for one image from its faces and the fixed anchors of the crop size. */
public final class TargetAssigner {
    private final ModelConfig model;
    private final TrainConfig train;
    private final LevelGeometry g;
    private final float[] anchors;

    public TargetAssigner(ModelConfig model, TrainConfig train, LevelGeometry g, float[] anchors) {
        this.model = model;
        this.train = train;
        this.g = g;
        this.anchors = anchors;
    }

    public Targets assign(float[] gt) {
        int n = g.total();
        // first step: SRN's 0.7 / 0.3 with best-anchor compensation over all anchors
        AnchorMatcher.Match first = AnchorMatcher.match(anchors, 0, n, gt, train.firstPosIou, train.firstNegIou);
        AnchorMatcher.forceBest(first);
        float[] cls1 = new float[g.count(model.stcLevels)];
        float[] reg1Box = new float[g.count(model.strLevels) * 4];
        float[] reg1Pos = new float[g.count(model.strLevels)];
        int o1 = 0;
        int o2 = 0;
        for (int l = model.minLevel; l <= model.maxLevel; l++) {
            int off = g.offset(l);
            int cnt = g.count(l);
            if (model.stcLevels.contains(l)) {
                for (int i = 0; i < cnt; i++) {
                    cls1[o1 + i] = label(first.assigned()[off + i]);
                }
                o1 += cnt;
            }
            if (model.strLevels.contains(l)) {
                for (int i = 0; i < cnt; i++) {
                    int a = first.assigned()[off + i];
                    if (a >= 0) {
                        reg1Pos[o2 + i] = 1;
                        System.arraycopy(gt, 4 * a, reg1Box, 4 * (o2 + i), 4);
                    }
                }
                o2 += cnt;
            }
        }
        // second step on non-STR levels: 0.5 (or the level's own) / 0.4 against the original anchors
        float[] cls2 = new float[n];
        float[] reg2Box = new float[n * 4];
        float[] reg2Pos = new float[n];
        int m = gt.length / 4;
        int[] bestAnchor = new int[m];
        float[] bestIou = new float[m];
        java.util.Arrays.fill(bestAnchor, -1);
        for (int l = model.minLevel; l <= model.maxLevel; l++) {
            if (model.strLevels.contains(l)) {
                continue;
            }
            int off = g.offset(l);
            AnchorMatcher.Match s = AnchorMatcher.match(anchors, off, off + g.count(l), gt,
                    train.secondPosIou(l), train.secondNegIou);
            setSecond(cls2, reg2Box, reg2Pos, s, train.secondRegIou, gt);
            for (int j = 0; j < m; j++) {
                if (s.bestIou()[j] > bestIou[j]) {
                    bestIou[j] = s.bestIou()[j];
                    bestAnchor[j] = s.bestAnchor()[j];
                }
            }
        }
        return new Targets(gt, cls1, reg1Box, reg1Pos, cls2, reg2Box, reg2Pos, bestAnchor, bestIou);
    }

    static float label(int assigned) {
        return assigned >= 0 ? 1 : (assigned == AnchorMatcher.NEGATIVE ? 0 : -1);
    }

    /**
     * Second-step labels of the anchors of {@code s}: face, background or ignored as matched; a box
     * target for each positive and, when {@code regIou} &gt; 0, for every other anchor whose best face
     * overlaps it at IoU ≥ {@code regIou}.
     */
    static void setSecond(float[] cls2, float[] reg2Box, float[] reg2Pos, AnchorMatcher.Match s, double regIou,
            float[] gt) {
        for (int k = 0; k < s.assigned().length; k++) {
            int i = s.from() + k;
            setSecond(cls2, reg2Box, reg2Pos, i, s.assigned()[k], gt);
            if (regIou > 0 && s.assigned()[k] < 0 && s.face()[k] >= 0 && s.maxIou()[k] >= regIou) {
                reg2Pos[i] = 1;
                System.arraycopy(gt, 4 * s.face()[k], reg2Box, 4 * i, 4);
            }
        }
    }

    static void setSecond(float[] cls2, float[] reg2Box, float[] reg2Pos, int i, int assigned, float[] gt) {
        cls2[i] = label(assigned);
        reg2Pos[i] = assigned >= 0 ? 1 : 0;
        if (assigned >= 0) {
            System.arraycopy(gt, 4 * assigned, reg2Box, 4 * i, 4);
        }
    }
}
