package io.ainnoface.infer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import java.util.Arrays;

/** The network through DJL's PyTorch engine, without recording gradients. Not thread-safe. */
public final class DjlRunner implements NetworkRunner {
    private final Model model;
    private final boolean ownsModel;

    public DjlRunner(Model model, boolean ownsModel) {
        this.model = model;
        this.ownsModel = ownsModel;
    }

    @Override
    public float[][] run(float[] data, long[] shape) {
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager m = model.getNDManager().newSubManager()) {
            Shape s = new Shape(shape);
            NDArray x = m.create(data.length == s.size() ? data : Arrays.copyOf(data, Math.toIntExact(s.size())), s);
            NDList y = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false);
            float[][] out = new float[4][];
            for (int i = 0; i < 4; i++) {
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
