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
    private static DetectorConfig config(int highHeadFromLevel) {
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
        float[] x = new float[3 * h * w];
        Random rnd = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
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
                String src = e.getKey().startsWith("head_high.") ? "head." + e.getKey().substring(10) : e.getKey();
                pa.get(src).getArray().copyTo(e.getValue().getArray());
            }
            float[][] oa = ra.run(x, shape);
            float[][] ob = rb.run(x, shape);
            for (int o = 0; o < 4; o++) {
                assertEquals(oa[o].length, ob[o].length);
                for (int i = 0; i < oa[o].length; i++) {
                    assertEquals(oa[o][i], ob[o][i], 1e-5, "output " + o + "[" + i + "]");
                }
            }
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
    void aWiderUpperHeadWidenedFromTheSharedOneKeepsItsOutputs() throws Exception {
        int h = 128;
        int w = 96;
        float[] x = new float[3 * h * w];
        Random rnd = new Random(11);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        long[] shape = {1, 3, h, w};
        DetectorConfig one = config(0);
        DetectorConfig wide = config(5);
        wide.model.highHeadChannels = 32;
        try (Model a = Networks.newModel(one); Model b = Networks.newModel(wide);
                DjlRunner ra = new DjlRunner(a, false); DjlRunner rb = new DjlRunner(b, false)) {
            Map<String, Parameter> pa = TorchNames.parameters(a.getBlock());
            Map<String, Parameter> pb = TorchNames.parameters(b.getBlock());
            // random, nonzero biases everywhere in the narrow head, so that a misplaced channel shows
            for (Map.Entry<String, Parameter> e : pa.entrySet()) {
                if (e.getKey().startsWith("head.") && e.getKey().endsWith(".bias")) {
                    e.getValue().getArray().addi(e.getValue().getArray().getManager()
                            .randomNormal(0f, 0.1f, e.getValue().getArray().getShape(), e.getValue().getArray().getDataType()));
                }
            }
            int widened = 0;
            for (Map.Entry<String, Parameter> e : pb.entrySet()) {
                String src = e.getKey().startsWith("head_high.") ? "head." + e.getKey().substring(10) : e.getKey();
                ai.djl.ndarray.NDArray from = pa.get(src).getArray();
                ai.djl.ndarray.NDArray to = e.getValue().getArray();
                if (from.getShape().equals(to.getShape())) {
                    from.copyTo(to);
                } else {
                    float[] v = io.ainnoface.model.head.Widening.widen(e.getKey(), from.toFloatArray(),
                            from.getShape().getShape(), to.toFloatArray(), to.getShape().getShape(),
                            io.ainnoface.model.head.Widening.inputGroups(e.getKey()));
                    to.getManager().create(v, to.getShape()).copyTo(to);
                    widened++;
                }
            }
            assertTrue(widened > 10, "widened parameters: " + widened);
            assertTrue(headSize(pb) > 3 * headSize(pa), "the upper head is about 4x the narrow one");
            float[][] oa = ra.run(x, shape);
            float[][] ob = rb.run(x, shape);
            for (int o = 0; o < 4; o++) {
                assertEquals(oa[o].length, ob[o].length);
                for (int i = 0; i < oa[o].length; i++) {
                    assertEquals(oa[o][i], ob[o][i], 1e-4, "output " + o + "[" + i + "]");
                }
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

    private static long headSize(Map<String, Parameter> params) {
        return params.entrySet().stream().filter(e -> e.getKey().startsWith("head"))
                .mapToLong(e -> e.getValue().getArray().size()).sum();
    }
}
