package io.ainnoface.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exponential moving average of the weights (Polyak averaging, as TensorFlow's
 * {@code ExponentialMovingAverage} with {@code num_updates}): after update n,
 * {@code a ← d·a + (1 − d)·w} with {@code d = min(decay, (1 + n) / (10 + n))}, over every
 * parameter including the BatchNorm statistics (as YOLOX's ModelEMA). The average moves less
 * between checkpoints than the last weights do, which is what gets exported and evaluated.
 */
public final class WeightEma {
    private final Map<String, Parameter> params;
    private final Map<String, NDArray> average = new LinkedHashMap<>();
    private final double decay;

    /** Starts the average at the current weights. */
    public WeightEma(Map<String, Parameter> params, NDManager manager, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("train.emaDecay must be in (0, 1), got " + decay);
        }
        this.params = params;
        this.decay = decay;
        noGrad(() -> {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray a = e.getValue().getArray().duplicate();
                a.attach(manager);
                average.put(e.getKey(), a);
            }
        });
    }

    /** The decay used at update {@code n} (0-based): short memory while few updates exist. */
    public static double decayAt(double decay, long n) {
        return Math.min(decay, (1.0 + n) / (10.0 + n));
    }

    /** Folds the current weights into the average as update {@code n}. */
    public void update(long n) {
        double d = decayAt(decay, n);
        noGrad(() -> {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray w = e.getValue().getArray();
                NDArray part = w.mul(1 - d);
                average.get(e.getKey()).muli(d).addi(part);
                part.close();
            }
        });
    }

    /** Averaged arrays by parameter name (for checkpoints). */
    public Map<String, NDArray> average() {
        return average;
    }

    /** Replaces the average of every parameter by {@code saved} (a checkpoint's average, same names). */
    public void restore(Map<String, NDArray> saved, String source) {
        noGrad(() -> {
            for (Map.Entry<String, NDArray> e : average.entrySet()) {
                NDArray s = saved.get(e.getKey());
                if (s == null || !s.getShape().equals(e.getValue().getShape())) {
                    throw new IllegalArgumentException(source + ": weight average of " + e.getKey()
                            + " is missing or has another shape");
                }
                s.copyTo(e.getValue());
            }
        });
    }

    /** Restarts the average at the model's current weights. */
    public void restoreFromModel() {
        noGrad(() -> {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                e.getValue().getArray().copyTo(average.get(e.getKey()));
            }
        });
    }

    /** Exchanges the model's weights and the average; a second call undoes the first exactly. */
    public void swap() {
        noGrad(() -> {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray w = e.getValue().getArray();
                NDArray a = average.get(e.getKey());
                NDArray keep = w.duplicate();
                a.copyTo(w);
                keep.copyTo(a);
                keep.close();
            }
        });
    }

    private static void noGrad(Runnable r) {
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            r.run();
        } finally {
            JniUtils.setGradMode(grad);
        }
    }
}
