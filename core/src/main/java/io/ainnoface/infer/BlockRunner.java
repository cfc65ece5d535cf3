package io.ainnoface.infer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.translate.TranslatorContext;
import io.ainnoface.util.DirectInput;

import java.util.Arrays;
import java.util.Locale;

/**
 * The network of a DJL predictor call ({@link TranslatorContext#getBlock()}, on whichever engine the {@code Criteria}
 * chose), for the passes {@link FaceTranslator} runs after the predictor's own: single scale's second pass, or the
 * test-time augmentation's, where the runner may hand back the predictor's outputs for the first call of that input
 * shape; every other pass runs the block here. One runner per predictor call.
 */
final class BlockRunner implements NetworkRunner {
    /** One native input buffer per thread: a TTA pass's input is up to 50 MB ({@link DirectInput}). */
    private static final ThreadLocal<DirectInput> INPUT = ThreadLocal.withInitial(DirectInput::new);

    private final TranslatorContext ctx;
    private long[] primedShape;
    private float[][] primed;

    /** A runner that runs every pass on the block. */
    BlockRunner(TranslatorContext ctx) {
        this.ctx = ctx;
    }

    /**
     * @param primedShape the input shape {@code (1, 3, H, W)} of the pass the predictor ran
     * @param primed that pass's four outputs as flat arrays ({@link NetworkRunner})
     */
    BlockRunner(TranslatorContext ctx, long[] primedShape, float[][] primed) {
        this.ctx = ctx;
        this.primedShape = primedShape.clone();
        this.primed = primed;
    }

    @Override
    public float[][] run(float[] data, long[] shape) {
        if (primed != null && Arrays.equals(shape, primedShape)) {
            float[][] out = primed;
            primed = null;
            return out;
        }
        // each pass's arrays are freed when it ends, not when the whole call does
        try (NDManager m = ctx.getNDManager().newSubManager()) {
            NDList y = ctx.getBlock().forward(new ParameterStore(m, false),
                    new NDList(INPUT.get().create(m, data, 0, new Shape(shape))), false);
            float[][] out = new float[y.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = y.get(i).toFloatArray();
            }
            return out;
        }
    }

    @Override
    public String engine() {
        // DJL's names, PyTorch and OnnxRuntime, as this interface spells them
        return ctx.getNDManager().getEngine().getEngineName().toLowerCase(Locale.ROOT);
    }

    /** Nothing to free: the block belongs to the model. */
    @Override
    public void close() {
    }
}
