package io.ainnoface.model.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.ainnoface.onnx.OnnxExportable;
import io.ainnoface.onnx.OnnxGraph;

/**
 * A sequential block whose children carry explicit names ("0", "1", "conv1", ...), so that
 * parameter paths match PyTorch state-dict keys (see {@link TorchNames}).
 */
public class Seq extends AbstractBlock implements OnnxExportable {

    public Seq add(String name, Block block) {
        addChildBlock(name, block);
        return this;
    }

    public int size() {
        return children.size();
    }

    /** Runs children {@code [from, to)} on {@code x}. */
    public NDList forwardRange(ParameterStore ps, NDList x, boolean training, int from, int to) {
        for (int i = from; i < to; i++) {
            x = children.get(i).getValue().forward(ps, x, training);
        }
        return x;
    }

    /** ONNX counterpart of {@link #forwardRange}. */
    public String exportRange(OnnxGraph g, String x, int from, int to) {
        for (int i = from; i < to; i++) {
            x = g.block(children.get(i).getValue(), x);
        }
        return x;
    }

    @Override
    public String[] exportOnnx(OnnxGraph g, String... inputs) {
        return new String[] {exportRange(g, inputs[0], 0, children.size())};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return forwardRange(ps, inputs, training, 0, children.size());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block child : children.values()) {
            child.initialize(manager, dataType, shapes);
            shapes = child.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block child : children.values()) {
            shapes = child.getOutputShapes(shapes);
        }
        return shapes;
    }
}
