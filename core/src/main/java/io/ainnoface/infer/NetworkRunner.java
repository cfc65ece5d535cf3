package io.ainnoface.infer;

/**
 * Runs the AInnoFace network on a batch {@code (B, 3, H, W)} of normalized RGB and returns its
 * four outputs as flat arrays, in {@link io.ainnoface.model.AInnoFace}'s order and layout:
 * second-step logits {@code (B, N)}, deltas {@code (B, N, 4)}, first-step logits
 * {@code (B, N_stc)}, first-step deltas {@code (B, N_str, 4)}.
 */
public interface NetworkRunner extends AutoCloseable {
    /** Runs the network on the first prod(shape) values of {@code data} (which may be longer: a reused buffer). */
    float[][] run(float[] data, long[] shape);

    /** Which engine runs the network: {@code "pytorch"} or {@code "onnxruntime"}. */
    String engine();

    @Override
    void close();
}
