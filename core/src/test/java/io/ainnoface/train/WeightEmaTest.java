package io.ainnoface.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Weight averaging with hand-worked values. */
class WeightEmaTest {
    private static Parameter param(NDManager m, String name, Parameter.Type type, float... v) {
        Parameter p = Parameter.builder().setName(name).setType(type).build();
        p.setArray(m.create(v));
        return p;
    }

    private static void set(Parameter p, float... v) {
        p.getArray().set(java.nio.FloatBuffer.wrap(v));
    }

    @Test
    void decayIsShortWhileFewUpdatesExist() {
        assertEquals(0.1, WeightEma.decayAt(0.999, 0), 1e-12); // (1 + 0) / (10 + 0)
        assertEquals(0.5, WeightEma.decayAt(0.999, 8), 1e-12); // 9 / 18
        assertEquals(0.99, WeightEma.decayAt(0.999, 890), 1e-12); // 891 / 900
        assertEquals(0.999, WeightEma.decayAt(0.999, 100_000), 0);
    }

    @Test
    void averagesEveryParameterIncludingBatchNormStatisticsAndSwapsBackExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter w = param(m, "w", Parameter.Type.WEIGHT, 1, 2);
            Parameter mean = param(m, "mean", Parameter.Type.RUNNING_MEAN, 10);
            Map<String, Parameter> ps = new LinkedHashMap<>();
            ps.put("w", w);
            ps.put("mean", mean);
            WeightEma ema = new WeightEma(ps, m, 0.9);
            set(w, 3, 4);
            set(mean, 20);
            ema.update(0); // d = 0.1: 0.1·(1, 2) + 0.9·(3, 4) = (2.8, 3.8); 0.1·10 + 0.9·20 = 19
            assertArrayEquals(new float[] {2.8f, 3.8f}, ema.average().get("w").toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {19f}, ema.average().get("mean").toFloatArray(), 1e-6f);
            set(w, 0, 0);
            ema.update(1000); // d = 0.9: 0.9·(2.8, 3.8) = (2.52, 3.42)
            assertArrayEquals(new float[] {2.52f, 3.42f}, ema.average().get("w").toFloatArray(), 1e-6f);
            ema.swap();
            assertArrayEquals(new float[] {2.52f, 3.42f}, w.getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0f, 0f}, ema.average().get("w").toFloatArray(), 0f);
            ema.swap();
            assertArrayEquals(new float[] {0f, 0f}, w.getArray().toFloatArray(), 0f);
            assertArrayEquals(new float[] {2.52f, 3.42f}, ema.average().get("w").toFloatArray(), 1e-6f);
            ema.restoreFromModel();
            assertArrayEquals(new float[] {0f, 0f}, ema.average().get("w").toFloatArray(), 0f);
        }
    }

    @Test
    void restoringAnAverageWithAMissingOrMisshapedParameterNamesIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Parameter> ps = Map.of("w", param(m, "w", Parameter.Type.WEIGHT, 1, 2));
            WeightEma ema = new WeightEma(ps, m, 0.9);
            NDArray wrong = m.create(new float[] {1, 2, 3});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ema.restore(Map.of("w", wrong), "ckpt-1.ckpt"));
            assertEquals("ckpt-1.ckpt: weight average of w is missing or has another shape", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new WeightEma(ps, m, 1.0));
        }
    }
}
