package io.ainnoface.model.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.ainnoface.model.nn.Act;
import io.ainnoface.model.nn.Layers;
import io.ainnoface.model.nn.Seq;
import io.ainnoface.onnx.OnnxExportable;
import io.ainnoface.onnx.OnnxGraph;

/**
 * SRN's receptive-field-enhancement block: four branches (1x5, 5x1, 1x3, 3x1 convs between
 * 1x1 convs, each at a quarter of the width), concatenated, fused by a 1x1 conv, plus the input.
 */
public class Rfe extends AbstractBlock implements OnnxExportable {
    /** Number of branches, concatenated in this order before the fuse conv. */
    public static final int BRANCHES = 4;
    /** Child name of the fuse conv. */
    public static final String FUSE = "cated_conv";
    private final Seq[] branches = new Seq[BRANCHES];
    private final Seq fuse;

    public Rfe(int channels) {
        int inter = Math.max(1, channels / 4);
        int[][] kernels = {{1, 5}, {5, 1}, {1, 3}, {3, 1}};
        for (int i = 0; i < BRANCHES; i++) {
            branches[i] = addChildBlock("branch" + i, new Seq()
                    .add("0", Layers.conv(inter, 1, 1, true))
                    .add("1", Act.relu())
                    .add("2", Layers.conv(inter, kernels[i][0], kernels[i][1], 1, 1, true))
                    .add("3", Act.relu())
                    .add("4", Layers.conv(inter, 1, 1, true))
                    .add("5", Act.relu()));
        }
        fuse = addChildBlock(FUSE, new Seq()
                .add("0", Layers.conv(channels, 1, 1, true))
                .add("1", Act.relu()));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList parts = new NDList(BRANCHES);
        for (Seq b : branches) {
            parts.add(b.forward(ps, inputs, training).head());
        }
        NDArray cat = NDArrays.concat(parts, 1);
        NDArray out = fuse.forward(ps, new NDList(cat), training).head();
        return new NDList(out.add(inputs.head()));
    }

    @Override
    public String[] exportOnnx(OnnxGraph g, String... inputs) {
        String[] parts = new String[branches.length];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = g.block(branches[i], inputs[0]);
        }
        return new String[] {g.add(g.block(fuse, g.concat(1, parts)), inputs[0])};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long inter = 0;
        for (Seq b : branches) {
            inter += Layers.init(b, manager, dataType, inputShapes)[0].get(1);
        }
        fuse.initialize(manager, dataType, new Shape(in.get(0), inter, in.get(2), in.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
