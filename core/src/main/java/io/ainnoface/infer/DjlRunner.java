package io.ainnoface.infer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.ainnoface.util.DirectInput;
import io.ainnoface.util.EngineCheck;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The network through DJL's PyTorch engine, without recording gradients. On an engine that
 * computes batched convolutions wrongly ({@link EngineCheck}) a batch runs one image at a time,
 * with one warning per JVM. Not thread-safe: it reuses one native input buffer.
 */
public final class DjlRunner implements NetworkRunner {
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final Model model;
    private final boolean ownsModel;
    private final Supplier<String> batchFault;
    private final DirectInput input = new DirectInput();

    public DjlRunner(Model model, boolean ownsModel) {
        this(model, ownsModel, EngineCheck::batchedConvolutionFault);
    }

    /** @param batchFault why batches cannot be trusted, or {@code null}; asked at every batch of two or more */
    DjlRunner(Model model, boolean ownsModel, Supplier<String> batchFault) {
        this.model = model;
        this.ownsModel = ownsModel;
        this.batchFault = batchFault;
    }

    @Override
    public float[][] run(float[] data, long[] shape) {
        int batch = Math.toIntExact(shape[0]);
        String fault = batch == 1 ? null : batchFault.get();
        if (fault == null) {
            return forward(data, 0, shape);
        }
        if (!WARNED.getAndSet(true)) {
            System.err.println("warning: " + fault + " PyTorch inference runs each batch one image at a time.");
        }
        long[] one = shape.clone();
        one[0] = 1;
        int size = Math.toIntExact(new Shape(one).size());
        float[][][] parts = new float[batch][][];
        for (int b = 0; b < batch; b++) {
            parts[b] = forward(data, b * size, one);
        }
        float[][] out = new float[parts[0].length][];
        for (int i = 0; i < out.length; i++) {
            int n = parts[0][i].length;
            out[i] = new float[batch * n];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(parts[b][i], 0, out[i], b * n, n);
            }
        }
        return out;
    }

    /** The network's four outputs for the prod(shape) values of {@code data} from {@code offset}. */
    private float[][] forward(float[] data, int offset, long[] shape) {
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = input.create(m, data, offset, new Shape(shape));
            NDList y = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false);
            float[][] out = new float[y.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = y.get(i).toFloatArray();
            }
            return out;
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    @Override
    public String engine() {
        return "pytorch";
    }

    @Override
    public void close() {
        if (ownsModel) {
            model.close();
        }
    }
}
