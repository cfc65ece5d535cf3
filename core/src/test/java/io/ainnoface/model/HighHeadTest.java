package io.ainnoface.model;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.DjlRunner;
import io.ainnoface.model.nn.TorchNames;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code model.highHeadFromLevel}: the upper levels get a head of their own. */
class HighHeadTest {
    static DetectorConfig config(int highHeadFromLevel) {
        DetectorConfig cfg = new DetectorConfig();
        cfg.model.backbone = "mobilenet_v1";
        cfg.model.mobilenetWidth = 0.25f;
        cfg.model.pretrained = null;
        cfg.model.minLevel = 3;
        cfg.model.stcLevels = List.of(3, 4);
        cfg.model.maxoutLevels = List.of(3);
        cfg.model.fpnChannels = 16;
        cfg.model.headChannels = 16;
        cfg.model.sharedTower = true;
        cfg.model.highHeadFromLevel = highHeadFromLevel;
        return cfg;
    }

    @Test
    void upperLevelsAreServedByTheirOwnHead() throws Exception {
        int h = 128;
        int w = 96;
        float[] x = randomInput(h, w, 7);
        long[] shape = {1, 3, h, w};
        DetectorConfig one = config(0);
        DetectorConfig two = config(5);
        try (Model a = Networks.newModel(one); Model b = Networks.newModel(two);
                DjlRunner ra = new DjlRunner(a, false); DjlRunner rb = new DjlRunner(b, false)) {
            Map<String, Parameter> pa = TorchNames.parameters(a.getBlock());
            Map<String, Parameter> pb = TorchNames.parameters(b.getBlock());
            assertEquals(2 * headSize(pa), headSize(pb), "the second head has the shape of the first");
            // the same weights, the shared head copied into both: the same outputs
            for (Map.Entry<String, Parameter> e : pb.entrySet()) {
                String src = AInnoFace.initSource(e.getKey(), pa::containsKey);
                pa.get(src).getArray().copyTo(e.getValue().getArray());
            }
            float[][] oa = ra.run(x, shape);
            assertSameOutputs(oa, rb.run(x, shape), 1e-5);
            // +1 on the upper head's class bias: second-step face logits move by 1 on P5-P7 only
            pb.get("head_high.cls_subnet_pred.bias").getArray().addi(1f);
            float[] cls2 = rb.run(x, shape)[0];
            int upper = LevelGeometry.of(two.model, h, w).offset(5);
            assertTrue(upper > 0 && upper < cls2.length);
            for (int i = 0; i < cls2.length; i++) {
                assertEquals(oa[0][i] + (i >= upper ? 1f : 0f), cls2[i], 1e-4, "face logit " + i);
            }
        }
    }

    @Test
    void upperHeadWidthWithoutAnUpperHeadIsRejected() {
        DetectorConfig cfg = config(0);
        cfg.model.highHeadChannels = 32;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Networks.newModel(cfg).close());
        assertTrue(e.getMessage().contains("highHeadChannels"), e.getMessage());
    }

    @Test
    void levelOutsideThePyramidIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Networks.newModel(config(3)).close());
        assertTrue(e.getMessage().contains("highHeadFromLevel"), e.getMessage());
    }

    /** A {@code (1, 3, h, w)} input of standard normal values. */
    static float[] randomInput(int h, int w, long seed) {
        float[] x = new float[3 * h * w];
        Random rnd = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }

    /** The network's four outputs agree element by element within {@code tolerance}. */
    static void assertSameOutputs(float[][] expected, float[][] actual, double tolerance) {
        for (int o = 0; o < 4; o++) {
            assertEquals(expected[o].length, actual[o].length);
            for (int i = 0; i < expected[o].length; i++) {
                assertEquals(expected[o][i], actual[o][i], tolerance, "output " + o + "[" + i + "]");
            }
        }
    }

    private static long headSize(Map<String, Parameter> params) {
        return params.entrySet().stream().filter(e -> e.getKey().startsWith("head"))
                .mapToLong(e -> e.getValue().getArray().size()).sum();
    }
}
