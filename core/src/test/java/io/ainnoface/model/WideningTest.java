package io.ainnoface.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The widening rule on hand-made arrays; {@code WidenedNetworkTest} checks it keeps a real network's outputs. */
class WideningTest {
    private static float[] fresh(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = 100 + i;
        }
        return f;
    }

    @Test
    void convWeightKeepsOldValuesZeroesNewInputsAndLeavesNewOutputsFresh() {
        // (2, 2, 1, 1) -> (3, 3, 1, 1): rows are outputs, columns inputs
        float[] old = {1, 2, 3, 4};
        float[] wide = Widening.widen("w", old, new long[] {2, 2, 1, 1}, fresh(9), new long[] {3, 3, 1, 1}, 1);
        assertArrayEquals(new float[] {1, 2, 0, 3, 4, 0, 106, 107, 108}, wide, 0f);
    }

    @Test
    void kernelsMoveWhole() {
        // (1, 1, 1, 2) -> (1, 2, 1, 2): the old input's two taps, then zeros
        float[] wide = Widening.widen("w", new float[] {5, 6}, new long[] {1, 1, 1, 2}, fresh(4),
                new long[] {1, 2, 1, 2}, 1);
        assertArrayEquals(new float[] {5, 6, 0, 0}, wide, 0f);
    }

    @Test
    void groupedInputsWidenEachGroupInPlace() {
        // 4 inputs in 2 groups [a0 a1 | b0 b1] -> 6 inputs [a0 a1 new | b0 b1 new]
        float[] old = {1, 2, 3, 4};
        float[] wide = Widening.widen("w", old, new long[] {1, 4, 1, 1}, fresh(6), new long[] {1, 6, 1, 1}, 2);
        assertArrayEquals(new float[] {1, 2, 0, 3, 4, 0}, wide, 0f);
    }

    @Test
    void biasKeepsOldValuesAndFreshTail() {
        float[] wide = Widening.widen("b", new float[] {7, 8}, new long[] {2}, fresh(4), new long[] {4}, 1);
        assertArrayEquals(new float[] {7, 8, 102, 103}, wide, 0f);
    }

    @Test
    void onlyRfeFuseWeightsAreGrouped() {
        assertEquals(4, Widening.inputGroups("head_high.subnet.2.cated_conv.0.weight"));
        assertEquals(1, Widening.inputGroups("head_high.subnet.2.cated_conv.0.bias"));
        assertEquals(1, Widening.inputGroups("head_high.subnet.2.branch0.0.weight"));
    }

    @Test
    void narrowingOrAnotherKernelIsRefusedNamingTheParameter() {
        IllegalArgumentException narrower = assertThrows(IllegalArgumentException.class, () -> Widening.widen(
                "head_high.x.weight", new float[4], new long[] {2, 2, 1, 1}, new float[2], new long[] {1, 2, 1, 1}, 1));
        assertTrue(narrower.getMessage().startsWith("head_high.x.weight: "), narrower.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Widening.widen(
                "k", new float[4], new long[] {2, 2, 1, 1}, new float[18], new long[] {2, 2, 3, 3}, 1));
        assertThrows(IllegalArgumentException.class, () -> Widening.widen(
                "g", new float[3], new long[] {1, 3, 1, 1}, new float[4], new long[] {1, 4, 1, 1}, 2));
    }
}
