package io.ainnoface.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.ainnoface.box.BoxCoder;
import io.ainnoface.config.ModelConfig;
import io.ainnoface.config.TrainConfig;
import io.ainnoface.model.LevelGeometry;
import io.ainnoface.train.StrMatcher;
import io.ainnoface.train.Targets;

import java.util.List;

/**
 * The AInnoFace training objective over both steps:
 * <ul>
 *   <li>first step: focal loss on the STC levels, IoU loss on the STR levels (positives at
 *       IoU ≥ 0.7 with the original anchors);</li>
 *   <li>second step: focal loss on all levels, where on STC levels the negative anchors that the
 *       first step rejects (background ≥ {@code stcBackgroundThreshold}) are ignored; IoU loss on all
 *       levels, regressing from the first-step-refined anchors on STR levels.</li>
 * </ul>
 * Each classification term is divided by its number of positives, each regression term is the
 * mean over its positives.
 */
public final class AInnoFaceLoss {
    private final ModelConfig model;
    private final TrainConfig train;
    private final LevelGeometry g;
    private final float[] anchors;
    private final SigmoidFocalLoss focal;

    public AInnoFaceLoss(ModelConfig model, TrainConfig train, LevelGeometry g, float[] anchors) {
        this.model = model;
        this.train = train;
        this.g = g;
        this.anchors = anchors;
        this.focal = new SigmoidFocalLoss(train.focalAlpha, train.focalGamma);
    }

    /** Loss terms (scalars) and their weighted sum. */
    public record Terms(NDArray cls1, NDArray reg1, NDArray cls2, NDArray reg2, NDArray total) {}

    /**
     * @param out the network's four outputs for the batch
     * @param targets one per image; their second-step STR entries are completed here
     */
    public Terms compute(NDList out, List<Targets> targets, NDManager m) {
        int b = targets.size();
        int n = g.total();
        int nStc = g.count(model.stcLevels);
        int nStr = g.count(model.strLevels);
        NDArray cls2 = out.get(0);
        NDArray box2 = out.get(1);
        NDArray cls1 = out.get(2);
        NDArray box1 = out.get(3);

        float[] strAnchors = strAnchors(nStr);
        float[] anchors2 = new float[b * n * 4];
        float[] box1Values = nStr > 0 ? box1.stopGradient().toFloatArray() : new float[0];
        float[] cls1Values = nStc > 0 ? cls1.stopGradient().toFloatArray() : new float[0];
        float[] l1 = new float[b * nStc];
        float[] r1Box = new float[b * nStr * 4];
        float[] r1Pos = new float[b * nStr];
        float[] l2 = new float[b * n];
        float[] r2Box = new float[b * n * 4];
        float[] r2Pos = new float[b * n];
        double stcLogit = Math.log((1 - train.stcBackgroundThreshold) / train.stcBackgroundThreshold);
        for (int i = 0; i < b; i++) {
            float[] a2 = anchors.clone();
            int o = 0;
            for (int l : sorted(model.strLevels)) {
                int off = g.offset(l);
                for (int k = 0; k < g.count(l); k++) {
                    BoxCoder.decodeOne(strAnchors, (o + k) * 4, box1Values, (i * nStr + o + k) * 4, a2, (off + k) * 4);
                }
                o += g.count(l);
            }
            Targets t = targets.get(i);
            StrMatcher.complete(model, train, g, a2, t);
            System.arraycopy(a2, 0, anchors2, i * n * 4, n * 4);
            System.arraycopy(t.cls1(), 0, l1, i * nStc, nStc);
            System.arraycopy(t.reg1Box(), 0, r1Box, i * nStr * 4, nStr * 4);
            System.arraycopy(t.reg1Pos(), 0, r1Pos, i * nStr, nStr);
            System.arraycopy(t.cls2(), 0, l2, i * n, n);
            System.arraycopy(t.reg2Box(), 0, r2Box, i * n * 4, n * 4);
            System.arraycopy(t.reg2Pos(), 0, r2Pos, i * n, n);
            // STC: negatives that the first step already rejects are ignored by the second step
            // (positives stay: at the focal prior init every anchor sits at background 0.99)
            int s = 0;
            for (int l = model.minLevel; l <= model.maxLevel; l++) {
                if (!model.stcLevels.contains(l)) {
                    continue;
                }
                int off = g.offset(l);
                for (int k = 0; k < g.count(l); k++) {
                    if (l2[i * n + off + k] == 0 && cls1Values[i * nStc + s + k] <= stcLogit) {
                        l2[i * n + off + k] = -1;
                    }
                }
                s += g.count(l);
            }
        }
        NDArray zero = m.zeros(new Shape());
        NDArray c1 = nStc > 0 ? classification(cls1, l1, m) : zero;
        NDArray r1 = nStr > 0 ? regression(box1, m.create(strAnchorsBatch(strAnchors, b), new Shape(b, nStr, 4)),
                r1Box, r1Pos, m) : zero;
        NDArray c2 = classification(cls2, l2, m);
        NDArray r2 = regression(box2, m.create(anchors2, new Shape(b, n, 4)), r2Box, r2Pos, m);
        NDArray total = c1.add(c2).add(r1.add(r2).mul(train.regLossWeight));
        return new Terms(c1, r1, c2, r2, total);
    }

    private NDArray classification(NDArray logits, float[] labels, NDManager m) {
        float[] t = new float[labels.length];
        float[] w = new float[labels.length];
        int pos = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                w[i] = 1;
                t[i] = labels[i];
                pos += labels[i] > 0 ? 1 : 0;
            }
        }
        Shape s = logits.getShape();
        return focal.sum(logits, m.create(t, s), m.create(w, s)).div(Math.max(1, pos));
    }

    private static NDArray regression(NDArray deltas, NDArray anchors, float[] box, float[] pos, NDManager m) {
        int k = 0;
        for (float p : pos) {
            k += p > 0 ? 1 : 0;
        }
        if (k == 0) {
            return deltas.sum().mul(0);
        }
        long[] idx = new long[k];
        float[] gt = new float[k * 4];
        for (int i = 0, j = 0; i < pos.length; i++) {
            if (pos[i] > 0) {
                System.arraycopy(box, 4 * i, gt, 4 * j, 4);
                idx[j++] = i;
            }
        }
        long n = pos.length;
        NDIndex rows = new NDIndex("{}", m.create(idx));
        NDArray pred = BoxCoder.decode(anchors.reshape(n, 4).get(rows), deltas.reshape(n, 4).get(rows));
        return IouLoss.sum(pred, m.create(gt, new Shape(k, 4))).div(k);
    }

    private float[] strAnchors(int nStr) {
        float[] a = new float[nStr * 4];
        int o = 0;
        for (int l : sorted(model.strLevels)) {
            int c = g.count(l) * 4;
            System.arraycopy(anchors, g.offset(l) * 4, a, o, c);
            o += c;
        }
        return a;
    }

    private static List<Integer> sorted(List<Integer> levels) {
        return levels.stream().sorted().toList();
    }

    private static float[] strAnchorsBatch(float[] a, int b) {
        float[] out = new float[a.length * b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(a, 0, out, i * a.length, a.length);
        }
        return out;
    }
}
