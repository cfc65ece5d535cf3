package io.ainnoface.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class BoxCoderTest {
    @Test
    void decodeOfKnownDeltas() {
        // anchor (0,0,10,20): centre (5,10), size 10x20; deltas (0.1, -0.2, ln 2, 0)
        // -> centre (5 + 1, 10 - 4) = (6, 6), size (20, 20) -> (-4, -4, 16, 16)
        float[] out = BoxCoder.decode(new float[] {0, 0, 10, 20}, 0, new float[] {0.1f, -0.2f, (float) Math.log(2), 0}, 0, 1);
        assertArrayEquals(new float[] {-4, -4, 16, 16}, out, 1e-5f);
    }

    @Test
    void encodeDecodeRoundTrip() {
        float[] anchors = {3, 4, 19, 30, -5, -5, 40, 12};
        float[] gt = {5, 1, 25, 41, 0, -2, 33, 20};
        float[] deltas = new float[8];
        BoxCoder.encodeOne(anchors, 0, gt, 0, deltas, 0);
        BoxCoder.encodeOne(anchors, 4, gt, 4, deltas, 4);
        assertArrayEquals(gt, BoxCoder.decode(anchors, 0, deltas, 0, 2), 1e-4f);
    }

    @Test
    void ndarrayDecodeEqualsScalarDecode() {
        float[] anchors = {3, 4, 19, 30, -5, -5, 40, 12};
        float[] deltas = {0.3f, -0.1f, 0.2f, -0.4f, -1, 0.5f, 0.05f, 1.5f};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray d = BoxCoder.decode(m.create(anchors, new Shape(2, 4)), m.create(deltas, new Shape(2, 4)));
            assertArrayEquals(BoxCoder.decode(anchors, 0, deltas, 0, 2), d.toFloatArray(), 1e-4f);
        }
    }
}
