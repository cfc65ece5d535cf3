package io.ainnoface.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.ainnoface.onnx.OnnxExportable;
import io.ainnoface.onnx.OnnxGraph;

/** A parameter-free activation (ReLU or LeakyReLU) that keeps the input shape. */
public final class Act extends AbstractBlock implements OnnxExportable {
    private final float slope;

    private Act(float slope) {
        this.slope = slope;
    }

    public static Act relu() {
        return new Act(0f);
    }

    public static Act leaky(float slope) {
        return new Act(slope);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(slope == 0f ? Activation.relu(x) : Activation.leakyRelu(x, slope));
    }

    @Override
    public String[] exportOnnx(OnnxGraph g, String... inputs) {
        return new String[] {slope == 0f ? g.relu(inputs[0]) : g.leakyRelu(inputs[0], slope)};
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
