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
        // P4 anchor 5 (row 1, column 1) moved half a stride right, halfway to anchor 6; x2 - x1 = 27 (SRN's
        // size - 1), so IoU = (27 - 8) / (27 + 8) with both
        Targets[] t = plainAndStrict(halfway(5, 6, 8, 19.0 / 35), 4);
        assertEquals(1f, t[0].cls2()[5]);
        assertEquals(1f, t[0].cls2()[6]);
        assertEquals(1, count(t[1].cls2(), 1f, 0, 16));
        assertEquals(1, count(t[1].cls2(), -1f, 0, 16));
        assertEquals(1, count(t[1].reg2Pos(), 1f, 0, 16));
        // neither P5 nor the first step sees the P4 setting
        assertTrue(Arrays.equals(t[0].cls1(), t[1].cls1()));
        assertTrue(Arrays.equals(Arrays.copyOfRange(t[0].cls2(), 16, 20), Arrays.copyOfRange(t[1].cls2(), 16, 20)));
    }

    @Test
    void aStricterStrMatchAppliesToTheRefinedAnchorsOfItsLevel() {
        // P5 anchor 16 (row 0, column 0) moved half a stride right, halfway to anchor 17: IoU (57 - 16) / (57 + 16)
        Targets[] t = plainAndStrict(halfway(16, 17, 16, 41.0 / 73), 5);
        assertEquals(1f, t[0].cls2()[16]);
        assertEquals(1f, t[0].cls2()[17]);
        assertEquals(1, count(t[1].cls2(), 1f, 16, 20));
        assertEquals(1, count(t[1].cls2(), -1f, 16, 20));
        // P4 is matched as before
        assertTrue(Arrays.equals(Arrays.copyOf(t[0].cls2(), 16), Arrays.copyOf(t[1].cls2(), 16)));
    }

    @Test
    void secondRegIouGivesTheIgnoredAnchorABoxTargetButNoLabel() {
        // the strict P4 and P5 cases above: the anchor left ignored overlaps the face at 0.543 (P4), 0.562 (P5)
        float[][] faces = {halfway(5, 6, 8, 19.0 / 35), halfway(16, 17, 16, 41.0 / 73)};
        int[][] levels = {{4, 0, 16}, {5, 16, 20}};
        for (int c = 0; c < 2; c++) {
            int from = levels[c][1];
            int to = levels[c][2];
            Targets strict = strictWithRegIou(faces[c], levels[c][0], 0);
            Targets below = strictWithRegIou(faces[c], levels[c][0], 0.54);
            Targets above = strictWithRegIou(faces[c], levels[c][0], c == 0 ? 0.545 : 0.563);
            assertEquals(1, count(strict.reg2Pos(), 1f, from, to));
            assertEquals(2, count(below.reg2Pos(), 1f, from, to));
            assertEquals(1, count(above.reg2Pos(), 1f, from, to));
            assertTrue(Arrays.equals(strict.cls2(), below.cls2()), "labels do not change");
            for (int i = from; i < to; i++) {
                if (below.cls2()[i] == -1f) {
                    assertEquals(1f, below.reg2Pos()[i]);
                    assertTrue(Arrays.equals(faces[c], Arrays.copyOfRange(below.reg2Box(), 4 * i, 4 * i + 4)));
                }
            }
        }
    }

    private Targets strictWithRegIou(float[] face, int level, double regIou) {
        TrainConfig c = strict(level);
        c.secondRegIou = regIou;
        return targets(face, c);
    }

    /**
     * Second-step targets of {@code face} with SRN's match and with 0.6 on {@code level}, each completed by
     * {@link StrMatcher} (refined anchors: the original ones), where best-anchor compensation happens.
     */
    private Targets[] plainAndStrict(float[] face, int level) {
        return new Targets[] {targets(face, new TrainConfig()), targets(face, strict(level))};
    }

    /** SRN's match with second-step positives at IoU 0.6 on {@code level}. */
    private static TrainConfig strict(int level) {
        TrainConfig c = new TrainConfig();
        c.secondPosIouByLevel = Map.of(level, 0.6);
        return c;
    }

    /** The targets of {@code face}, completed by {@link StrMatcher} with the original anchors as the refined ones. */
    private Targets targets(float[] face, TrainConfig c) {
        Targets t = new TargetAssigner(m, c, g, anchors).assign(face);
        StrMatcher.complete(m, c, g, anchors, t);
        return t;
    }

    /** Anchor {@code a} moved {@code dx} right, checked to overlap {@code a} and {@code b} at {@code iou}. */
    private float[] halfway(int a, int b, float dx, double iou) {
        float[] f = Arrays.copyOfRange(anchors, 4 * a, 4 * a + 4);
        f[0] += dx;
        f[2] += dx;
        assertEquals(iou, Boxes.iou(anchors, 4 * a, f, 0), 1e-6);
        assertEquals(iou, Boxes.iou(anchors, 4 * b, f, 0), 1e-6);
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
