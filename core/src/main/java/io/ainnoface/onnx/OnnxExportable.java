package io.ainnoface.onnx;

/**
 * A block that can write itself into an ONNX graph, next to its {@code forwardInternal} so the
 * two stay in step (the export test compares both runtimes on the same input).
 */
public interface OnnxExportable {
    /**
     * Adds this block's inference computation to {@code g}.
     *
     * @param inputs names of the values the block's forward receives, in order
     * @return names of the values its forward returns, in order
     */
    String[] exportOnnx(OnnxGraph g, String... inputs);
}
