package io.ainnoface.model;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.DjlRunner;
import io.ainnoface.model.nn.TorchNames;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code model.lowHeadToLevel}: a narrow P2 with neck features and a head of its own. */
class LowHeadTest {
    /** HighHeadTest's P3–P7 network with P2 added at {@code lowChannels}, STC and max-out on it too. */
    static DetectorConfig narrowP2(int lowChannels) {
        DetectorConfig cfg = HighHeadTest.config(0);
        cfg.model.minLevel = 2;
        cfg.model.stcLevels = List.of(2, 3, 4);
        cfg.model.maxoutLevels = List.of(2, 3);
        cfg.model.lowHeadToLevel = 2;
        cfg.model.lowChannels = lowChannels;
        return cfg;
    }

    @Test
    void addingANarrowP2LeavesTheOtherLevelsAsTheyWere() throws Exception {
        int h = 128;
        int w = 96;
        float[] x = HighHeadTest.randomInput(h, w, 11);
        long[] shape = {1, 3, h, w};
        DetectorConfig p3 = HighHeadTest.config(0);
        DetectorConfig p2 = narrowP2(8);
        try (Model a = Networks.newModel(p3); Model b = Networks.newModel(p2);
                DjlRunner ra = new DjlRunner(a, false); DjlRunner rb = new DjlRunner(b, false)) {
            Map<String, Parameter> pa = TorchNames.parameters(a.getBlock());
            Map<String, Parameter> pb = TorchNames.parameters(b.getBlock());
            AInnoFace net = (AInnoFace) b.getBlock();
            int copied = 0;
            for (Map.Entry<String, Parameter> e : pb.entrySet()) {
                Parameter src = pa.get(e.getKey());
                // what P3-P7 had is copied; the rest is P2's, narrow, and may start fresh
                assertEquals(src == null, net.startsFresh(e.getKey()), e.getKey());
                if (src != null) {
                    src.getArray().copyTo(e.getValue().getArray());
                    copied++;
                }
            }
            assertEquals(pa.size(), copied, "every P3-P7 parameter has its place");
            assertEquals(8, pb.get("neck.c2_lateral.weight").getArray().getShape().get(0));
            assertEquals(8, pb.get("neck.c3_reduce.weight").getArray().getShape().get(0));
            assertEquals(16, pb.get("neck.c3_reduce.weight").getArray().getShape().get(1));
            assertEquals(8, pb.get("head_low.subnet.0.weight").getArray().getShape().get(0));
            assertFalse(net.startsFresh("neck.c3_lateral.weight"));

            float[][] oa = ra.run(x, shape);
            float[][] ob = rb.run(x, shape);
            LevelGeometry ga = LevelGeometry.of(p3.model, h, w);
            LevelGeometry gb = LevelGeometry.of(p2.model, h, w);
            int p2Anchors = gb.offset(3);
            assertEquals(ga.total() + p2Anchors, gb.total());
            // second step, every level from P3: the same logits and deltas, after P2's
            assertArrayEquals(oa[0], java.util.Arrays.copyOfRange(ob[0], p2Anchors, ob[0].length), 1e-5f);
            assertArrayEquals(oa[1], java.util.Arrays.copyOfRange(ob[1], 4 * p2Anchors, ob[1].length), 1e-5f);
            // first step: P2's STC logits come first, then P3's and P4's as before; STR unchanged
            assertArrayEquals(oa[2], java.util.Arrays.copyOfRange(ob[2], p2Anchors, ob[2].length), 1e-5f);
            assertArrayEquals(oa[3], ob[3], 1e-5f);

            // +1 on the low head's class bias moves the second-step face logits of P2 only
            pb.get("head_low.cls_subnet_pred.bias").getArray().addi(1f);
            float[] cls2 = rb.run(x, shape)[0];
            for (int i = 0; i < cls2.length; i++) {
                assertEquals(ob[0][i] + (i < p2Anchors ? 1f : 0f), cls2[i], 1e-4, "face logit " + i);
            }
        }
    }

    @Test
    void lowLevelsMustBeBelowTheTopDownStartAndTheUpperHead() {
        DetectorConfig top = narrowP2(8);
        top.model.lowHeadToLevel = 5;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Networks.newModel(top).close());
        assertTrue(e.getMessage().contains("lowHeadToLevel"), e.getMessage());
        DetectorConfig overlap = narrowP2(8);
        overlap.model.lowHeadToLevel = 3;
        overlap.model.highHeadFromLevel = 3;
        e = assertThrows(IllegalArgumentException.class, () -> Networks.newModel(overlap).close());
        assertTrue(e.getMessage().contains("highHeadFromLevel"), e.getMessage());
        DetectorConfig zero = narrowP2(0);
        e = assertThrows(IllegalArgumentException.class, () -> Networks.newModel(zero).close());
        assertTrue(e.getMessage().contains("lowChannels"), e.getMessage());
    }
}
