package io.ainnoface.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SGD with momentum, hand-worked. */
class SgdMomentumTest {
    /** Gives {@code p} the gradient {@code c} (of sum(w·c)). */
    private static void backward(NDManager m, Parameter p, float... c) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(p.getArray().mul(m.create(c)).sum());
        }
    }

    private static Parameter bias(NDManager m, float... v) {
        Parameter p = Parameter.builder().setName("b").setType(Parameter.Type.BIAS).build();
        NDArray a = m.create(v);
        a.setRequiresGradient(true);
        p.setArray(a);
        return p;
    }

    @Test
    void clipsTheGradientThenStepsWithMomentum() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = bias(m, 1, 2);
            SgdMomentum sgd = new SgdMomentum(Map.of("b", p), m, 0.5); // biases do not decay
            backward(m, p, 3, 4);
            // norm 5, clipped to 1: d = (0.6, 0.8); v = d; w = (1, 2) − 0.1·v
            assertEquals(5.0, sgd.step(0.1, 0.9, 1.0), 1e-6);
            assertArrayEquals(new float[] {0.94f, 1.92f}, p.getArray().toFloatArray(), 1e-6f);
            backward(m, p, 3, 4);
            // v = 0.9·(0.6, 0.8) + (0.6, 0.8) = (1.14, 1.52); w −= 0.1·v
            sgd.step(0.1, 0.9, 1.0);
            assertArrayEquals(new float[] {0.826f, 1.768f}, p.getArray().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aNonFiniteGradientChangesNeitherWeightsNorMomentum() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = bias(m, 1, 2);
            SgdMomentum sgd = new SgdMomentum(Map.of("b", p), m, 0);
            backward(m, p, 3, 4);
            sgd.step(0.1, 0.9, 0); // v = (3, 4), w = (0.7, 1.6)
            backward(m, p, 1, Float.NaN);
            double norm = sgd.step(0.1, 0.9, 10);
            assertFalse(Double.isFinite(norm));
            assertArrayEquals(new float[] {0.7f, 1.6f}, p.getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {3f, 4f}, sgd.velocity().get("b").toFloatArray(), 0f);
            assertArrayEquals(new float[] {0f, 0f}, p.getArray().getGradient().toFloatArray(), 0f);
            backward(m, p, 1, Float.POSITIVE_INFINITY);
            assertTrue(Double.isInfinite(sgd.step(0.1, 0.9, 0)));
            assertArrayEquals(new float[] {0.7f, 1.6f}, p.getArray().toFloatArray(), 1e-6f);
            // the next finite gradient steps as if the skipped ones never happened
            backward(m, p, 1, 1);
            sgd.step(0.1, 0.9, 0); // v = 0.9·(3, 4) + (1, 1) = (3.7, 4.6)
            assertArrayEquals(new float[] {0.33f, 1.14f}, p.getArray().toFloatArray(), 1e-6f);
        }
    }
}
