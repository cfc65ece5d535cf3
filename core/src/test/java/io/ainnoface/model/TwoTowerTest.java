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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SRN's separate class and box towers ({@code model.sharedTower: false}) started from a shared tower. */
class TwoTowerTest {
    @Test
    void namesOfANarrowerDesignAreTriedTowerFirst() {
        assertEquals(List.of("head.subnet.0.weight"), AInnoFace.initSources("head.cls_subnet.0.weight"));
        assertEquals(List.of("head.subnet.2.conv.weight"), AInnoFace.initSources("head.box_subnet.2.conv.weight"));
        assertEquals(List.of("head_high.subnet.3.bias", "head.box_subnet.3.bias", "head.subnet.3.bias"),
                AInnoFace.initSources("head_high.box_subnet.3.bias"));
        assertEquals(List.of("head.cls_subnet_pred.bias"), AInnoFace.initSources("head_high.cls_subnet_pred.bias"));
        assertEquals(List.of(), AInnoFace.initSources("head.cls_subnet_pred.weight"));
        assertEquals(List.of(), AInnoFace.initSources("neck.p3.weight"));
    }

    @Test
    void twoTowersCopiedFromTheSharedOneGiveItsOutputsAndThenMoveApart() throws Exception {
        int h = 128;
        int w = 96;
        float[] x = HighHeadTest.randomInput(h, w, 11);
        long[] shape = {1, 3, h, w};
        DetectorConfig shared = HighHeadTest.config(0);
        DetectorConfig split = HighHeadTest.config(0);
        split.model.sharedTower = false;
        try (Model a = Networks.newModel(shared); Model b = Networks.newModel(split);
                DjlRunner ra = new DjlRunner(a, false); DjlRunner rb = new DjlRunner(b, false)) {
            Map<String, Parameter> pa = TorchNames.parameters(a.getBlock());
            Map<String, Parameter> pb = TorchNames.parameters(b.getBlock());
            int copiedFromTower = 0;
            for (Map.Entry<String, Parameter> e : pb.entrySet()) {
                String src = AInnoFace.initSource(e.getKey(), pa::containsKey);
                copiedFromTower += src.equals(e.getKey()) ? 0 : 1;
                pa.get(src).getArray().copyTo(e.getValue().getArray());
            }
            assertTrue(copiedFromTower > 0 && copiedFromTower % 2 == 0, "both towers start from the shared one");
            float[][] oa = ra.run(x, shape);
            HighHeadTest.assertSameOutputs(oa, rb.run(x, shape), 1e-5);
            // the box tower alone changes: every box output moves, no face logit does
            for (Map.Entry<String, Parameter> e : pb.entrySet()) {
                if (e.getKey().startsWith("head.box_subnet.") && e.getKey().endsWith("bias")) {
                    e.getValue().getArray().addi(0.5f);
                }
            }
            float[][] ob = rb.run(x, shape);
            assertArrayEquals(oa[0], ob[0], 1e-5f, "second-step face logits");
            assertArrayEquals(oa[2], ob[2], 1e-5f, "first-step face logits");
            int moved = 0;
            for (int i = 0; i < oa[1].length; i++) {
                moved += Math.abs(oa[1][i] - ob[1][i]) > 1e-4 ? 1 : 0;
            }
            assertTrue(moved > oa[1].length / 2, moved + " of " + oa[1].length + " second-step deltas moved");
        }
    }
}
