package io.ainnoface.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.ainnoface.config.VerifierConfig;
import io.ainnoface.model.backbone.MobileNetV1;
import io.ainnoface.onnx.OnnxExportable;
import io.ainnoface.onnx.OnnxGraph;

/**
 * The verifier network: MobileNetV1, its last stage (C5) averaged over space, one linear unit. Input (N, 3, side,
 * side) normalized crops; output (N) face logits. Parameter names follow the PyTorch layout {@code backbone.stage1...},
 * {@code fc.weight}, {@code fc.bias}.
 */
public final class Verifier extends AbstractBlock implements OnnxExportable {
    /** The output of its ONNX export: (N) face logits. */
    public static final String ONNX_OUTPUT = "logit";

    private final MobileNetV1 backbone;
    private final Linear fc;

    public Verifier(VerifierConfig cfg) {
        backbone = addChildBlock("backbone", new MobileNetV1(cfg.mobilenetWidth));
        fc = addChildBlock("fc", Linear.builder().setUnits(1).build());
    }

    public MobileNetV1 backbone() {
        return backbone;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray c5 = backbone.forward(ps, inputs, training).get(3);
        NDArray pooled = c5.mean(new int[] {3}).mean(new int[] {2});
        return new NDList(fc.forward(ps, new NDList(pooled), training).head().reshape(-1));
    }

    @Override
    public String[] exportOnnx(OnnxGraph g, String... inputs) {
        String c5 = backbone.exportOnnx(g, inputs[0])[3];
        return new String[] {g.reshape(g.linear(fc, g.globalAveragePool(c5)), -1)};
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes[0]);
        int c5 = backbone.outChannels()[3];
        fc.initialize(manager, dataType, new Shape(inputShapes[0].get(0), c5));
    }
}
