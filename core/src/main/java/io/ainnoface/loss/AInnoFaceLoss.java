package io.ainnoface.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ainnoface.box.BoxCoder;
import io.ainnoface.box.Boxes;
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
 * With {@code train.qualityFullIou} the second step's face targets are soft: each positive's is
 * {@code min(1, IoU / qualityFullIou)} of its regressed box with its face (see {@link SigmoidFocalLoss}).
 * Each classification term is divided by its number of positives, each regression term is the
 * mean over its positives. For data parallelism, {@link #prepare} finds the targets and counts of
 * each device's shard and {@link #terms} divides by the counts of the whole batch, so that the
 * shards' losses add up to the loss of the batch.
 */
public final class AInnoFaceLoss {
    /** Floor of a quality target: a positive whose box misses its face stays a positive. */
    private static final double MIN_QUALITY = 1e-3;

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

    /**
     * Loss terms (scalars) and their weighted sum; {@code missed} (a scalar) counts the box positives of both steps whose
     * box does not overlap its face at all, of {@code boxPositives}: under −ln IoU such a box gets no gradient.
     */
    public record Terms(NDArray cls1, NDArray reg1, NDArray cls2, NDArray reg2, NDArray total, NDArray missed,
            int boxPositives) {}

    /** One regression term and its {@link Terms#missed} share. */
    private record Regression(NDArray loss, NDArray missed, int positives) {}

    /** Positives of each term: first-step faces, first-step regressions, second-step faces and regressions. */
    public record Counts(int pos1, int reg1, int pos2, int reg2) {
        public Counts plus(Counts o) {
            return new Counts(pos1 + o.pos1, reg1 + o.reg1, pos2 + o.pos2, reg2 + o.reg2);
        }
    }

    /** The labels of one batch (or shard) against its outputs, before any loss is computed. */
    public static final class Prepared {
        private final NDList out;
        private final int b;
        private final float[] strAnchors;
        private final float[] anchors2;
        private final float[] l1;
        private final float[] r1Box;
        private final float[] r1Pos;
        private final float[] l2;
        private final float[] r2Box;
        private final float[] r2Pos;
        private final Counts counts;

        private Prepared(NDList out, int b, float[] strAnchors, float[] anchors2, float[] l1, float[] r1Box,
                float[] r1Pos, float[] l2, float[] r2Box, float[] r2Pos) {
            this.out = out;
            this.b = b;
            this.strAnchors = strAnchors;
            this.anchors2 = anchors2;
            this.l1 = l1;
            this.r1Box = r1Box;
            this.r1Pos = r1Pos;
            this.l2 = l2;
            this.r2Box = r2Box;
            this.r2Pos = r2Pos;
            this.counts = new Counts(positives(l1), weight(r1Pos), positives(l2), weight(r2Pos));
        }

        public Counts counts() {
            return counts;
        }

        private static int positives(float[] labels) {
            int k = 0;
            for (float v : labels) {
                k += v > 0 ? 1 : 0;
            }
            return k;
        }

        /** The box positives' total weight: their count, or their faces' with {@code train.regPerFace}. */
        private static int weight(float[] pos) {
            double w = 0;
            for (float v : pos) {
                w += v > 0 ? v : 0;
            }
            return (int) Math.round(w);
        }
    }

    /**
     * The loss of a batch, normalized by its own counts.
     *
     * @param out the network's four outputs for the batch
     * @param targets one per image; their second-step STR entries are completed here
     */
    public Terms compute(NDList out, List<Targets> targets, NDManager m) {
        Prepared p = prepare(out, targets);
        return terms(p, p.counts(), m);
    }

    /**
     * The loss terms of a prepared batch or shard, each divided by {@code norm} (at least 1).
     *
     * @param m creates the label arrays; on the device of the shard's outputs
     */
    public Terms terms(Prepared p, Counts norm, NDManager m) {
        int n = g.total();
        int nStc = g.count(model.stcLevels);
        int nStr = g.count(model.strLevels);
        NDArray zero = m.zeros(new Shape());
        NDArray c1 = nStc > 0 ? classification(p.out.get(2), p.l1, norm.pos1(), m) : zero;
        Regression r1 = nStr > 0 ? regression(p.out.get(3), m.create(strAnchorsBatch(p.strAnchors, p.b),
                new Shape(p.b, nStr, 4)), p.r1Box, p.r1Pos, norm.reg1(), train.iouCenterWeight, m)
                : new Regression(zero, zero, 0);
        NDArray c2 = classification(p.out.get(0), p.l2, norm.pos2(), m);
        Regression r2 = regression(p.out.get(1), m.create(p.anchors2, new Shape(p.b, n, 4)), p.r2Box, p.r2Pos,
                norm.reg2(), train.iouCenterWeight, m);
        NDArray total = c1.add(c2).add(r1.loss().add(r2.loss()).mul(train.regLossWeight));
        return new Terms(c1, r1.loss(), c2, r2.loss(), total, r1.missed().add(r2.missed()),
                r1.positives() + r2.positives());
    }

    /**
     * Labels of every anchor of a batch or shard: second-step STR matching against the refined
     * anchors, STC's ignored negatives.
     *
     * @param out the network's four outputs
     * @param targets one per image; their second-step STR entries are completed here
     */
    public Prepared prepare(NDList out, List<Targets> targets) {
        int b = targets.size();
        int n = g.total();
        int nStc = g.count(model.stcLevels);
        int nStr = g.count(model.strLevels);
        float[] strAnchors = strAnchors(nStr);
        float[] anchors2 = new float[b * n * 4];
        float[] box1Values = nStr > 0 ? out.get(3).stopGradient().toFloatArray() : new float[0];
        float[] cls1Values = nStc > 0 ? out.get(2).stopGradient().toFloatArray() : new float[0];
        float[] box2Values = train.qualityFullIou > 0 ? out.get(1).stopGradient().toFloatArray() : null;
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
            if (box2Values != null) {
                qualityTargets(a2, box2Values, i * n, l2, r2Box, n);
            }
            if (train.regPerFace) {
                perFace(r2Pos, r2Box, i * n, n);
            }
        }
        return new Prepared(out, b, strAnchors, anchors2, l1, r1Box, r1Pos, l2, r2Box, r2Pos);
    }

    /**
     * Replaces the positive labels of one image ({@code labels[from..from+n)}) by
     * {@code min(1, IoU / qualityFullIou)} of the box its deltas decode to from its second-step
     * anchor ({@code anchors2}, this image's, xyxy) with its face ({@code faces}, xyxy), at least
     * {@link #MIN_QUALITY}.
     */
    private void qualityTargets(float[] anchors2, float[] deltas, int from, float[] labels, float[] faces, int n) {
        float[] box = new float[4];
        for (int k = 0; k < n; k++) {
            if (labels[from + k] > 0) {
                BoxCoder.decodeOne(anchors2, k * 4, deltas, (from + k) * 4, box, 0);
                double q = Boxes.iou(box, 0, faces, (from + k) * 4) / train.qualityFullIou;
                labels[from + k] = (float) Math.max(MIN_QUALITY, Math.min(1, q));
            }
        }
    }

    private NDArray classification(NDArray logits, float[] labels, int norm, NDManager m) {
        float[] t = new float[labels.length];
        float[] w = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                w[i] = 1;
                t[i] = labels[i];
            }
        }
        Shape s = logits.getShape();
        return focal.sum(logits, m.create(t, s), m.create(w, s)).div(Math.max(1, norm));
    }

    /**
     * Each one's share of the positives of one image's {@code n} anchors from {@code from}: 1 / the count of the
     * positives regressing onto the same face (the same target box).
     */
    static void perFace(float[] pos, float[] box, int from, int n) {
        java.util.Map<List<Float>, Integer> count = new java.util.HashMap<>();
        for (int k = from; k < from + n; k++) {
            if (pos[k] > 0) {
                count.merge(faceOf(box, k), 1, Integer::sum);
            }
        }
        for (int k = from; k < from + n; k++) {
            if (pos[k] > 0) {
                pos[k] = 1f / count.get(faceOf(box, k));
            }
        }
    }

    private static List<Float> faceOf(float[] box, int k) {
        return List.of(box[4 * k], box[4 * k + 1], box[4 * k + 2], box[4 * k + 3]);
    }

    /** {@code pos}: each anchor's weight (0: not a box positive), usually 1; {@code center}: the DIoU term's weight. */
    private static Regression regression(NDArray deltas, NDArray anchors, float[] box, float[] pos, int norm,
            double center, NDManager m) {
        int k = 0;
        boolean weighted = false;
        for (float p : pos) {
            k += p > 0 ? 1 : 0;
            weighted |= p > 0 && p != 1;
        }
        if (k == 0) {
            return new Regression(deltas.sum().mul(0), m.zeros(new Shape()), 0);
        }
        long[] idx = new long[k];
        float[] gt = new float[k * 4];
        float[] w = new float[k];
        for (int i = 0, j = 0; i < pos.length; i++) {
            if (pos[i] > 0) {
                System.arraycopy(box, 4 * i, gt, 4 * j, 4);
                w[j] = pos[i];
                idx[j++] = i;
            }
        }
        long n = pos.length;
        NDIndex rows = new NDIndex("{}", m.create(idx));
        NDArray pred = BoxCoder.decode(anchors.reshape(n, 4).get(rows), deltas.reshape(n, 4).get(rows));
        NDArray target = m.create(gt, new Shape(k, 4));
        NDArray losses = IouLoss.losses(pred, target, center);
        NDArray sum = weighted ? losses.mul(m.create(w)).sum() : losses.sum();
        NDArray missed = IouLoss.iou(pred.stopGradient(), target).lte(0).toType(DataType.FLOAT32, false).sum();
        return new Regression(sum.div(Math.max(1, norm)), missed, k);
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
