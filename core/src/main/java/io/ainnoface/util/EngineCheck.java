package io.ainnoface.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Checks that the PyTorch engine computes a batched convolution as it computes each image alone.
 * The oneDNN 3.7 that PyTorch 2.7.1 bundles fails this on some CPUs (seen on an AMD EPYC with
 * AVX-512): a 3x3 convolution with 17–24 input channels gives other results at batch 2 than at
 * batch 1, and the RFE's 1xk convolutions' backward pass returns NaN gradients in about a third of
 * the steps. Capping oneDNN's instruction set ({@code ONEDNN_MAX_CPU_ISA=SSE41}, which
 * {@code bin/ainnoface} and the tests set unless it is already set) avoids both at about a quarter
 * of the training speed; training refuses to start on an engine that fails this check, and PyTorch
 * inference runs a batch one image at a time on it.
 */
public final class EngineCheck {
    /** Largest difference allowed between the batched and the one-image results (float rounding is ~1e-5). */
    static final double TOLERANCE = 1e-3;

    private EngineCheck() {}

    /**
     * Why this JVM's PyTorch engine cannot be trusted with batches (the message of
     * {@link #verifyBatchedConvolution}), or {@code null} when it can; checked once per JVM.
     */
    public static String batchedConvolutionFault() {
        return Once.FAULT;
    }

    /** Holds the answer; the JVM runs the check when it first initializes this class. */
    private static final class Once {
        static final String FAULT = check();

        private static String check() {
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                verifyBatchedConvolution(m);
                return null;
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }
    }

    /** @throws IllegalStateException when the engine's batched convolution is wrong on this machine */
    public static void verifyBatchedConvolution(NDManager manager) {
        double d;
        try (NDManager m = manager.newSubManager()) {
            Random r = new Random(1);
            NDArray w = m.create(gaussian(r, 16 * 20 * 9), new Shape(16, 20, 3, 3));
            d = batchDifference(m, new Shape(2, 20, 25, 33), r,
                    x -> x.getNDArrayInternal().convolution(x, w, null, new Shape(1, 1), new Shape(1, 1),
                            new Shape(1, 1), 1).head());
        }
        if (!(d <= TOLERANCE)) {
            String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "the PyTorch engine computes a batched convolution wrongly on this CPU (batch 2 differs from"
                    + " one image at a time by %.3g; ONEDNN_MAX_CPU_ISA=%s): training would get wrong outputs and"
                    + " NaN gradients. Start the JVM with the environment variable ONEDNN_MAX_CPU_ISA=SSE41"
                    + " (bin/ainnoface does unless it is set).", d, isa == null ? "unset" : isa));
        }
    }

    /**
     * Largest absolute difference between {@code op} applied to a random batch of {@code shape} and to
     * each of its images alone (no gradients recorded).
     */
    static double batchDifference(NDManager m, Shape shape, Random r, UnaryOperator<NDArray> op) {
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            NDArray x = m.create(gaussian(r, (int) shape.size()), shape);
            NDArray all = op.apply(x);
            double d = 0;
            for (long i = 0; i < shape.get(0); i++) {
                NDArray one = op.apply(x.get(i + ":" + (i + 1)));
                d = Math.max(d, all.get(i + ":" + (i + 1)).sub(one).abs().max().getFloat());
            }
            return d;
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
