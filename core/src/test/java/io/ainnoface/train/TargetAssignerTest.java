package io.ainnoface.train;

import io.ainnoface.TestModels;
import io.ainnoface.anchor.AnchorGenerator;
import io.ainnoface.box.Boxes;
import io.ainnoface.config.ModelConfig;
import io.ainnoface.config.TrainConfig;
import io.ainnoface.model.LevelGeometry;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train.secondPosIouByLevel}: a face halfway between two anchors of one level overlaps each at
 * IoU 0.543 (P4) or 0.562 (P5); at the default 0.5 both are second-step positives, at 0.6 on that level
 * only the best anchor (compensation) is, and the other falls in the ignored band [0.4, 0.6).
 */
class TargetAssignerTest {
    private final ModelConfig m = TestModels.tinyTwoLevels(); // P4: 4x4 anchors 28x36 at stride 16; P5: 2x2, 58x72 at 32
    private final LevelGeometry g = LevelGeometry.of(m, 64, 64);
    private final float[] anchors = AnchorGenerator.all(m, g);

    @Test
    void aStricterP4MatchLeavesOnlyTheBestAnchorPositive() {
        // P4 anchor 5 (row 1, column 1) moved half a stride right: halfway to anchor 6
        float[] face = shifted(5, 8);
        // x2 - x1 = 27 (SRN's size - 1): IoU = (27 - 8) / (27 + 8) with both anchors
        assertEquals(19.0 / 35, Boxes.iou(anchors, 4 * 5, face, 0), 1e-6);
        assertEquals(19.0 / 35, Boxes.iou(anchors, 4 * 6, face, 0), 1e-6);

        TrainConfig plainCfg = new TrainConfig();
        Targets plain = new TargetAssigner(m, plainCfg, g, anchors).assign(face);
        StrMatcher.complete(m, plainCfg, g, anchors, plain); // best-anchor compensation happens here
        assertEquals(1f, plain.cls2()[5]);
        assertEquals(1f, plain.cls2()[6]);

        TrainConfig strict = new TrainConfig();
        strict.secondPosIouByLevel = Map.of(4, 0.6);
        Targets t = new TargetAssigner(m, strict, g, anchors).assign(face);
        StrMatcher.complete(m, strict, g, anchors, t);
        assertEquals(1, count(t.cls2(), 1f, 0, 16));
        assertEquals(1, count(t.cls2(), -1f, 0, 16));
        assertEquals(1, count(t.reg2Pos(), 1f, 0, 16));
        // neither P5 nor the first step sees the P4 setting
        assertTrue(Arrays.equals(plain.cls1(), t.cls1()));
        assertTrue(Arrays.equals(Arrays.copyOfRange(plain.cls2(), 16, 20), Arrays.copyOfRange(t.cls2(), 16, 20)));
    }

    @Test
    void aStricterStrMatchAppliesToTheRefinedAnchorsOfItsLevel() {
        // P5 anchor 16 (row 0, column 0) moved half a stride right: halfway to anchor 17
        float[] face = shifted(16, 16);
        assertEquals(41.0 / 73, Boxes.iou(anchors, 4 * 16, face, 0), 1e-6);
        assertEquals(41.0 / 73, Boxes.iou(anchors, 4 * 17, face, 0), 1e-6);

        TrainConfig plainCfg = new TrainConfig();
        Targets plain = new TargetAssigner(m, plainCfg, g, anchors).assign(face);
        StrMatcher.complete(m, plainCfg, g, anchors, plain); // refined anchors: the original ones
        assertEquals(1f, plain.cls2()[16]);
        assertEquals(1f, plain.cls2()[17]);

        TrainConfig strict = new TrainConfig();
        strict.secondPosIouByLevel = Map.of(5, 0.6);
        Targets t = new TargetAssigner(m, strict, g, anchors).assign(face);
        StrMatcher.complete(m, strict, g, anchors, t);
        assertEquals(1, count(t.cls2(), 1f, 16, 20));
        assertEquals(1, count(t.cls2(), -1f, 16, 20));
        // P4 is matched as before
        assertTrue(Arrays.equals(Arrays.copyOf(plain.cls2(), 16), Arrays.copyOf(t.cls2(), 16)));
    }

    private float[] shifted(int anchor, float dx) {
        float[] f = Arrays.copyOfRange(anchors, 4 * anchor, 4 * anchor + 4);
        f[0] += dx;
        f[2] += dx;
        return f;
    }

    private static int count(float[] v, float value, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += v[i] == value ? 1 : 0;
        }
        return n;
    }
}
