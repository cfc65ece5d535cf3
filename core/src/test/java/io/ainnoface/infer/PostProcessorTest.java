package io.ainnoface.infer;

import io.ainnoface.anchor.AnchorGenerator;
import io.ainnoface.box.BoxCoder;
import io.ainnoface.box.Boxes;
import io.ainnoface.config.InferenceConfig;
import io.ainnoface.config.ModelConfig;
import io.ainnoface.model.LevelGeometry;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostProcessorTest {
    @Test
    void stcFiltersAndStrRefines() {
        ModelConfig m = io.ainnoface.TestModels.tinyTwoLevels();
        InferenceConfig inf = new InferenceConfig();
        LevelGeometry g = LevelGeometry.of(m, 64, 64);
        assertEquals(20, g.total());
        float[] anchors = AnchorGenerator.all(m, g);
        float[] cls2 = new float[20];
        Arrays.fill(cls2, -10);
        float[] box2 = new float[80];
        float[] cls1 = new float[16];
        Arrays.fill(cls1, 5);
        float[] box1 = new float[16];
        // P4 anchor 5: confident in step 2 but rejected by step 1 (face 0.0067 < 0.01) -> filtered
        cls2[5] = 4;
        cls1[5] = -5;
        // P4 anchor 10: kept, decoded from its original anchor
        cls2[10] = 3;
        box2[40] = 0.1f;
        // P5 anchor 2 (index 18): refined by step 1, then decoded by step 2 from the refined anchor
        cls2[18] = 2;
        float[] d1 = {0.2f, -0.1f, 0.3f, 0.1f};
        float[] d2 = {-0.05f, 0.1f, -0.2f, 0.05f};
        System.arraycopy(d1, 0, box1, 2 * 4, 4);
        System.arraycopy(d2, 0, box2, 18 * 4, 4);

        List<Face> faces = new PostProcessor(m, inf).process(g, anchors, cls2, box2, cls1, box1, -1);
        assertEquals(2, faces.size());
        float[] exp10 = BoxCoder.decode(anchors, 10, box2, 10, 1);
        assertArrayEquals(exp10, box(faces.get(0)), 1e-4f);
        assertEquals(1 / (1 + Math.exp(-3)), faces.get(0).score(), 1e-6);
        float[] refined = BoxCoder.decode(anchors, 18, d1, 0, 1);
        float[] exp18 = BoxCoder.decode(refined, 0, d2, 0, 1);
        assertArrayEquals(exp18, box(faces.get(1)), 1e-4f);
        // and the refinement mattered
        float[] unrefined = BoxCoder.decode(anchors, 18, d2, 0, 1);
        assertEquals(true, Math.abs(unrefined[0] - exp18[0]) > 1);
    }

    @Test
    void scoreThresholdAndNms() {
        ModelConfig m = singleStep();
        InferenceConfig inf = new InferenceConfig();
        LevelGeometry g = LevelGeometry.of(m, 64, 64);
        float[] anchors = AnchorGenerator.all(m, g);
        float[] cls2 = background(g.total());
        cls2[0] = 1;
        cls2[1] = 2;   // neighbour of anchor 0 (shift 16 px on a 32 px anchor: IoU 1/3 < 0.4, kept)
        cls2[4] = 0.5f; // below (0,1)? anchor 4 is (y=1, x=0): IoU with anchor 0 is 1/3 as well
        List<Face> faces = new PostProcessor(m, inf).process(g, anchors, cls2, new float[80], new float[0],
                new float[0], 0.7);
        // threshold 0.7: sigmoid(0.5) = 0.62 is dropped; the other two survive NMS at 0.4
        assertEquals(2, faces.size());
        assertEquals(1 / (1 + Math.exp(-2)), faces.get(0).score(), 1e-6);
    }

    @Test
    void votingWithinThePassMovesAKeptBoxTowardsTheCandidatesAroundIt() {
        ModelConfig m = singleStep();
        InferenceConfig inf = new InferenceConfig();
        LevelGeometry g = LevelGeometry.of(m, 64, 64);
        float[] anchors = AnchorGenerator.all(m, g);
        float[] cls2 = background(g.total());
        cls2[0] = 1;
        cls2[1] = 2; // anchors 0 and 1, side by side, overlap by less than 0.4: NMS keeps both
        float[] b0 = BoxCoder.decode(anchors, 0, new float[4], 0, 1);
        float[] b1 = BoxCoder.decode(anchors, 1, new float[4], 0, 1);
        double overlap = Boxes.iou(b0, 0, b1, 0);
        assertTrue(overlap > 0.2 && overlap < 0.4, "overlap " + overlap);
        double s0 = 1 / (1 + Math.exp(-1));
        double s1 = 1 / (1 + Math.exp(-2));

        inf.nmsVoteIou = overlap - 0.01;
        List<Face> voted = new PostProcessor(m, inf).process(g, anchors, cls2, new float[80], new float[0],
                new float[0], 0.5);
        assertEquals(2, voted.size());
        float[] exp1 = new float[4];
        float[] exp0 = new float[4];
        for (int c = 0; c < 4; c++) {
            exp1[c] = (float) ((s1 * b1[c] + s0 * b0[c]) / (s0 + s1));
            exp0[c] = (float) ((s0 * b0[c] + s1 * b1[c]) / (s0 + s1));
        }
        assertArrayEquals(exp1, box(voted.get(0)), 1e-4f);
        assertArrayEquals(exp0, box(voted.get(1)), 1e-4f);
        assertEquals(s1, voted.get(0).score(), 1e-6);

        inf.nmsVoteIou = overlap + 0.01; // above their overlap: each stays its own anchor
        List<Face> apart = new PostProcessor(m, inf).process(g, anchors, cls2, new float[80], new float[0],
                new float[0], 0.5);
        assertArrayEquals(b1, box(apart.get(0)), 1e-4f);
        assertArrayEquals(b0, box(apart.get(1)), 1e-4f);
    }

    /** P4 and P5 of the tiny model without STC or STR: the second step alone decides. */
    private static ModelConfig singleStep() {
        ModelConfig m = io.ainnoface.TestModels.tinyTwoLevels();
        m.stcLevels = List.of();
        m.strLevels = List.of();
        return m;
    }

    /** Face logits of -10 (score 4.5e-5) everywhere. */
    private static float[] background(int n) {
        float[] cls = new float[n];
        Arrays.fill(cls, -10);
        return cls;
    }

    private static float[] box(Face f) {
        return new float[] {f.x1(), f.y1(), f.x2(), f.y2()};
    }
}
