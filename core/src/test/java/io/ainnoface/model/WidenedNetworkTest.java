package io.ainnoface.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.DjlRunner;
import io.ainnoface.model.nn.TorchNames;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Widening} on real networks: a wider upper head, a wider C5 or an appended anchor scale,
 * started from a narrower network's weights, gives that network's outputs.
 */
class WidenedNetworkTest {
    @Test
    void aWiderUpperHeadWidenedFromTheSharedOneKeepsItsOutputs() throws Exception {
        DetectorConfig wide = HighHeadTest.config(5);
        wide.model.highHeadChannels = 32;
        int widened = assertSameOutputs(HighHeadTest.config(0), wide, 11);
        assertTrue(widened > 10, "widened parameters: " + widened);
    }

    @Test
    void aWiderC5WidenedFromTheNarrowOneKeepsItsOutputs() throws Exception {
        DetectorConfig wide = HighHeadTest.config(0);
        wide.model.mobilenetC5Channels = 384;
        // C5's two blocks (depthwise, BatchNorm, pointwise, BatchNorm), the C5 lateral, C6 and the C5 projection
        int widened = assertSameOutputs(HighHeadTest.config(0), wide, 12);
        assertTrue(widened >= 12, "widened parameters: " + widened);
    }

    @Test
    void anAppendedAnchorScaleKeepsTheOldAnchorsOutputs() throws Exception {
        DetectorConfig narrow = HighHeadTest.config(0);
        DetectorConfig wide = HighHeadTest.config(0);
        wide.model.anchorScales = List.of(2.0, 2.828427, 1.0);
        int h = 128;
        int w = 96;
        float[] x = HighHeadTest.randomInput(h, w, 13);
        long[] shape = {1, 3, h, w};
        try (Model a = Networks.newModel(narrow); Model b = Networks.newModel(wide);
                DjlRunner ra = new DjlRunner(a, false); DjlRunner rb = new DjlRunner(b, false)) {
            randomizeVectors(a);
            // weight and bias of the shared head's class, box and max-out predictors
            assertEquals(6, copyWidened(a, b));
            float[][] oa = ra.run(x, shape);
            float[][] ob = rb.run(x, shape);
            LevelGeometry g = LevelGeometry.of(narrow.model, h, w);
            List<Integer> all = List.of(3, 4, 5, 6, 7);
            int[] compared = {
                assertOldAnchorsEqual(oa[0], ob[0], g, all, 1),
                assertOldAnchorsEqual(oa[1], ob[1], g, all, 4),
                assertOldAnchorsEqual(oa[2], ob[2], g, narrow.model.stcLevels, 1),
                assertOldAnchorsEqual(oa[3], ob[3], g, narrow.model.strLevels, 4)};
            // every output of the narrow network was found among the wide one's, which has half as many more
            for (int o = 0; o < 4; o++) {
                assertEquals(oa[o].length, compared[o]);
                assertEquals(oa[o].length / 2 * 3, ob[o].length);
            }
        }
    }

    @Test
    void negativeC5WidthIsRejected() {
        DetectorConfig cfg = HighHeadTest.config(0);
        cfg.model.mobilenetC5Channels = -1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Networks.newModel(cfg).close());
        assertTrue(e.getMessage().contains("mobilenetC5Channels"), e.getMessage());
    }

    /** Random, nonzero biases and BatchNorm statistics in {@code a}, so that a misplaced channel shows. */
    private static void randomizeVectors(Model a) {
        for (Map.Entry<String, Parameter> e : TorchNames.parameters(a.getBlock()).entrySet()) {
            NDArray v = e.getValue().getArray();
            if (v.getShape().dimension() == 1) {
                NDArray noise = v.getManager().randomUniform(0.5f, 1.5f, v.getShape(), v.getDataType());
                if (e.getKey().endsWith("running_var") || e.getKey().endsWith(".weight")) {
                    v.muli(noise);
                } else {
                    v.addi(noise.subi(1f));
                }
            }
        }
    }

    /**
     * Gives {@code b} the weights of {@code a} (a head_high parameter from the shared head's), widened
     * where the shapes differ; returns how many parameters were widened.
     */
    private static int copyWidened(Model a, Model b) {
        Map<String, Parameter> pa = TorchNames.parameters(a.getBlock());
        int widened = 0;
        for (Map.Entry<String, Parameter> e : TorchNames.parameters(b.getBlock()).entrySet()) {
            String src = AInnoFace.initSource(e.getKey(), pa::containsKey);
            NDArray from = pa.get(src).getArray();
            NDArray to = e.getValue().getArray();
            if (from.getShape().equals(to.getShape())) {
                from.copyTo(to);
            } else {
                Widening.widen(e.getKey(), from, to).copyTo(to);
                widened++;
            }
        }
        return widened;
    }

    /**
     * Outputs of two anchors per position ({@code narrow}) against the first two of three ({@code wide}),
     * level by level over {@code levels}, {@code c} values per anchor, ordered (y, x, a); returns how
     * many values were compared.
     */
    private static int assertOldAnchorsEqual(float[] narrow, float[] wide, LevelGeometry g, List<Integer> levels,
            int c) {
        int on = 0;
        int ow = 0;
        for (int level : levels) {
            int positions = g.count(level) / 2;
            for (int p = 0; p < positions; p++) {
                for (int a = 0; a < 2; a++) {
                    for (int k = 0; k < c; k++) {
                        assertEquals(narrow[on + (p * 2 + a) * c + k], wide[ow + (p * 3 + a) * c + k], 1e-5,
                                "P" + level + " position " + p + " anchor " + a);
                    }
                }
            }
            on += positions * 2 * c;
            ow += positions * 3 * c;
        }
        return on;
    }

    /**
     * Gives {@code wide} the narrow network's weights ({@link #copyWidened}); asserts equal outputs on a
     * random input; returns how many parameters were widened.
     */
    private static int assertSameOutputs(DetectorConfig narrow, DetectorConfig wide, long seed) throws Exception {
        int h = 128;
        int w = 96;
        float[] x = HighHeadTest.randomInput(h, w, seed);
        long[] shape = {1, 3, h, w};
        try (Model a = Networks.newModel(narrow); Model b = Networks.newModel(wide);
                DjlRunner ra = new DjlRunner(a, false); DjlRunner rb = new DjlRunner(b, false)) {
            randomizeVectors(a);
            int widened = copyWidened(a, b);
            HighHeadTest.assertSameOutputs(ra.run(x, shape), rb.run(x, shape), 1e-4);
            return widened;
        }
    }
}
