package io.ainnoface.train;

import io.ainnoface.anchor.AnchorMatcher;
import io.ainnoface.config.ModelConfig;
import io.ainnoface.config.TrainConfig;
import io.ainnoface.model.LevelGeometry;

/**
 * Completes the second-step targets of one image on the STR levels, whose anchors are the
 * first-step-refined ones (known only after the forward pass), and applies best-anchor
 * compensation across refined and original anchors.
 */
public final class StrMatcher {
    private StrMatcher() {}

    /**
     * @param anchors2 (N·4) second-step anchors of this image: original, with the STR levels
     *     already replaced by the refined anchors
     */
    public static void complete(ModelConfig model, TrainConfig train, LevelGeometry g, float[] anchors2, Targets t) {
        float[] gt = t.gt();
        int m = gt.length / 4;
        int[] bestAnchor = t.bestAnchor().clone();
        float[] bestIou = t.bestIou().clone();
        for (int l : model.strLevels) {
            int off = g.offset(l);
            AnchorMatcher.Match s = AnchorMatcher.match(anchors2, off, off + g.count(l), gt,
                    train.secondPosIou(l), train.secondNegIou);
            TargetAssigner.setSecond(t.cls2(), t.reg2Box(), t.reg2Pos(), s, train.secondRegIou, gt);
            for (int j = 0; j < m; j++) {
                if (s.bestIou()[j] > bestIou[j]) {
                    bestIou[j] = s.bestIou()[j];
                    bestAnchor[j] = s.bestAnchor()[j];
                }
            }
        }
        for (int j = 0; j < m; j++) {
            if (bestAnchor[j] >= 0 && bestIou[j] > 0) {
                TargetAssigner.setSecond(t.cls2(), t.reg2Box(), t.reg2Pos(), bestAnchor[j], j, gt);
            }
        }
    }
}
