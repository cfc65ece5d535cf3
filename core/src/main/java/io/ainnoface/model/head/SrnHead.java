package io.ainnoface.model.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.ainnoface.model.nn.Act;
import io.ainnoface.model.nn.Layers;
import io.ainnoface.model.nn.Seq;
import io.ainnoface.onnx.OnnxExportable;
import io.ainnoface.onnx.OnnxGraph;

/**
 * The detection head shared by every level and both steps (SRN): a classification tower and a
 * box tower, each conv3x3 → ReLU → RFE → conv3x3 → ReLU, then 1x1 predictors of one face logit
 * and four deltas per anchor. Levels with S3FD max-out get {@code M} extra background logits
 * from their own 1x1 predictor: face logit = fg − max(bg₁..bg_M). With {@code sharedTower} one
 * tower feeds both predictors (half the compute; for CPU recipes).
 */
public class SrnHead extends AbstractBlock implements OnnxExportable {
    private final Seq clsTower;
    private final Seq boxTower;
    private final Conv2d clsPred;
    private final Conv2d boxPred;
    private final Conv2d maxoutPred;
    private final int anchors;
    private final int maxout;

    public SrnHead(int channels, boolean rfe, int anchors, int maxoutBackground, boolean sharedTower) {
        this.anchors = anchors;
        this.maxout = maxoutBackground;
        clsTower = addChildBlock(sharedTower ? "subnet" : "cls_subnet", tower(channels, rfe));
        boxTower = sharedTower ? clsTower : addChildBlock("box_subnet", tower(channels, rfe));
        clsPred = addChildBlock("cls_subnet_pred", Layers.conv(anchors, 1, 1, true));
        boxPred = addChildBlock("box_subnet_pred", Layers.conv(anchors * 4, 1, 1, true));
        maxoutPred = maxoutBackground > 0
                ? addChildBlock("maxout_pred", Layers.conv(anchors * maxoutBackground, 1, 1, true))
                : null;
    }

    private static Seq tower(int channels, boolean rfe) {
        Seq t = new Seq().add("0", Layers.conv(channels, 3, 1, true)).add("1", Act.relu());
        if (rfe) {
            t.add("2", new Rfe(channels));
        }
        return t.add("3", Layers.conv(channels, 3, 1, true)).add("4", Act.relu());
    }

    /** Sets the initializer of the 1x1 predictors' weights. */
    public void setPredictorInitializer(ai.djl.training.initializer.Initializer init) {
        clsPred.setInitializer(init, ai.djl.nn.Parameter.Type.WEIGHT);
        boxPred.setInitializer(init, ai.djl.nn.Parameter.Type.WEIGHT);
        if (maxoutPred != null) {
            maxoutPred.setInitializer(init, ai.djl.nn.Parameter.Type.WEIGHT);
        }
    }

    /** The classification predictor, whose bias carries the focal-loss prior. */
    public Conv2d clsPredictor() {
        return clsPred;
    }

    /**
     * Applies the head to one level's feature.
     *
     * @param x NCHW feature
     * @param cls whether to predict face logits, (B, H·W·A), anchors ordered by (y, x, a)
     * @param box whether to predict deltas (dx, dy, dw, dh), (B, H·W·A, 4), SRN coding
     * @param maxoutLevel whether this level uses max-out background
     * @return {cls or null, box or null}
     */
    public NDArray[] apply(ParameterStore ps, NDArray x, boolean training, boolean cls, boolean box,
            boolean maxoutLevel) {
        NDList in = new NDList(x);
        NDList ct = cls ? clsTower.forward(ps, in, training) : null;
        NDList bt = box ? (boxTower == clsTower && ct != null ? ct : boxTower.forward(ps, in, training)) : null;
        NDArray logits = null;
        if (cls) {
            NDArray fg = flatten(clsPred.forward(ps, ct, training).head(), 1);
            Shape s = fg.getShape();
            logits = fg.reshape(s.get(0), s.get(1));
            if (maxoutLevel && maxoutPred != null) {
                NDArray bg = flatten(maxoutPred.forward(ps, ct, training).head(), maxout).max(new int[] {2});
                logits = logits.sub(bg);
            }
        }
        NDArray deltas = box ? flatten(boxPred.forward(ps, bt, training).head(), 4) : null;
        return new NDArray[] {logits, deltas};
    }

    /** ONNX counterpart of {@link #apply}; returns the names of {cls or null, box or null}. */
    public String[] exportApply(OnnxGraph g, String x, boolean cls, boolean box, boolean maxoutLevel) {
        String ct = cls ? g.block(clsTower, x) : null;
        String bt = box ? (boxTower == clsTower && ct != null ? ct : g.block(boxTower, x)) : null;
        String logits = null;
        if (cls) {
            logits = g.reshape(g.transpose(g.conv(clsPred, ct), 0, 2, 3, 1), 0, -1);
            if (maxoutLevel && maxoutPred != null) {
                logits = g.sub(logits, g.reduceMax(flatten(g, g.conv(maxoutPred, ct), maxout), 2));
            }
        }
        return new String[] {logits, box ? flatten(g, g.conv(boxPred, bt), 4) : null};
    }

    private static String flatten(OnnxGraph g, String y, int c) {
        return g.reshape(g.transpose(y, 0, 2, 3, 1), 0, -1, c);
    }

    @Override
    public String[] exportOnnx(OnnxGraph g, String... inputs) {
        return exportApply(g, inputs[0], true, true, false);
    }

    /** (B, A·C, H, W) → (B, H·W·A, C). */
    private NDArray flatten(NDArray y, int c) {
        Shape s = y.getShape();
        return y.transpose(0, 2, 3, 1).reshape(s.get(0), s.get(2) * s.get(3) * anchors, c);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray[] out = apply(ps, inputs.head(), training, true, true, false);
        return new NDList(out[0], out[1]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] t = Layers.init(clsTower, manager, dataType, inputShapes);
        if (boxTower != clsTower) {
            Layers.init(boxTower, manager, dataType, inputShapes);
        }
        clsPred.initialize(manager, dataType, t);
        boxPred.initialize(manager, dataType, t);
        if (maxoutPred != null) {
            maxoutPred.initialize(manager, dataType, t);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(2) * in.get(3) * anchors;
        return new Shape[] {new Shape(in.get(0), n), new Shape(in.get(0), n, 4)};
    }
}
