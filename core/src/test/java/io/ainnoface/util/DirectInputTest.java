package io.ainnoface.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DirectInputTest {
    @Test
    void eachArrayHoldsItsOwnSliceThroughReuse() {
        float[] src = new float[40];
        for (int i = 0; i < src.length; i++) {
            src[i] = i * 0.5f - 3;
        }
        DirectInput input = new DirectInput();
        try (NDManager m = NDManager.newBaseManager()) {
            try (NDManager step = m.newSubManager()) {
                NDArray a = input.create(step, src, 12, new Shape(2, 3, 2, 2));
                assertEquals(new Shape(2, 3, 2, 2), a.getShape());
                assertArrayEquals(Arrays.copyOfRange(src, 12, 36), a.toFloatArray());
                // an operation on the array sees the slice too: 24 values from 3.0 in steps of 0.5
                assertEquals(24 * 3.0 + 0.5 * 23 * 24 / 2, a.sum().getFloat(), 1e-4);
            }
            try (NDManager step = m.newSubManager()) {
                // smaller, then larger than the first: the buffer is reused, then grown
                assertArrayEquals(Arrays.copyOfRange(src, 3, 7), input.create(step, src, 3, new Shape(4)).toFloatArray());
            }
            try (NDManager step = m.newSubManager()) {
                assertArrayEquals(src, input.create(step, src, 0, new Shape(5, 8)).toFloatArray());
            }
        }
    }
}
