package io.ainnoface.box;

import io.ainnoface.infer.Face;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BoxVotingTest {
    @Test
    void groupsAreScoreWeightedMeansWithTheBestScoreAndSingletonsDrop() {
        List<Face> dets = List.of(
                new Face(0, 0, 10, 10, 0.9f),
                new Face(2, 0, 12, 10, 0.3f),     // IoU (+1 convention) 99/143 = 0.69 with the first
                new Face(50, 50, 60, 60, 0.8f),   // alone: dropped, as in SRN's bbox_vote
                new Face(100, 0, 110, 10, 0.5f),
                new Face(100, 1, 110, 11, 0.5f)); // IoU 110/132 = 0.83
        List<Face> out = BoxVoting.vote(dets, 0.5, 750);
        assertEquals(2, out.size());
        Face a = out.get(0);
        assertEquals((0 * 0.9 + 2 * 0.3) / 1.2, a.x1(), 1e-5);
        assertEquals((10 * 0.9 + 12 * 0.3) / 1.2, a.x2(), 1e-5);
        assertEquals(0.9f, a.score());
        Face b = out.get(1);
        assertEquals(0.5, b.y1(), 1e-6);
        assertEquals(10.5, b.y2(), 1e-6);
        assertEquals(0.5f, b.score());
    }

    @Test
    void groupsListTheirMembersBestFirstAsInputIndices() {
        List<Face> dets = List.of(
                new Face(100, 0, 110, 10, 0.5f),
                new Face(0, 0, 10, 10, 0.3f),
                new Face(100, 1, 110, 11, 0.6f),
                new Face(2, 0, 12, 10, 0.9f));
        List<BoxVoting.Group> g = BoxVoting.groups(dets, 0.5, 750);
        assertEquals(2, g.size());
        assertEquals(List.of(3, 1), java.util.Arrays.stream(g.get(0).members()).boxed().toList());
        assertEquals(List.of(2, 0), java.util.Arrays.stream(g.get(1).members()).boxed().toList());
        assertEquals(0.9f, g.get(0).fused().score());
    }

    @Test
    void votingBelowTheNmsIouMergesNeighbouringFacesThatEachPassKeptApart() {
        // two 20 px faces 9 px apart: IoU (+1 convention) 220 / 580 = 0.379, under the per-pass NMS
        // IoU 0.4, so every pass keeps both; two passes see each face at the same place
        Face a = new Face(0, 0, 19, 19, 0.9f);
        Face b = new Face(9, 0, 28, 19, 0.7f);
        List<Face> dets = List.of(a, new Face(0, 0, 19, 19, 0.8f), b, new Face(9, 0, 28, 19, 0.6f));
        List<Face> atNms = BoxVoting.vote(dets, 0.4, 750);
        assertEquals(List.of(a, b), atNms);
        // at 0.35 the best box absorbs its neighbour's group: one box between the two faces
        List<Face> below = BoxVoting.vote(dets, 0.35, 750);
        assertEquals(1, below.size());
        assertEquals((9 * 0.7 + 9 * 0.6) / 3.0, below.get(0).x1(), 1e-5);
        assertEquals((19 * 1.7 + 28 * 1.3) / 3.0, below.get(0).x2(), 1e-5);
    }

    @Test
    void refineMovesEachKeptBoxToTheScoreWeightedMeanOfItsOverlappingCandidates() {
        // A and B overlap by 81 / 119 = 0.68 (areas as (x2 - x1)(y2 - y1)); C overlaps neither
        float[] boxes = {0, 0, 10, 10, 1, 1, 11, 11, 20, 20, 30, 30};
        float[] scores = {0.9f, 0.3f, 0.5f};
        int[] keep = {0, 2};
        float[] at05 = BoxVoting.refine(boxes, scores, keep, 0.5);
        // A: (0.9 * 0 + 0.3 * 1) / 1.2 = 0.25 on the low edges, (0.9 * 10 + 0.3 * 11) / 1.2 = 10.25 on the high ones
        assertArrayEquals(new float[] {0.25f, 0.25f, 10.25f, 10.25f, 20, 20, 30, 30}, at05, 1e-5f);
        // above their overlap, B no longer votes and a lone box stays where it is
        float[] at07 = BoxVoting.refine(boxes, scores, keep, 0.7);
        assertArrayEquals(new float[] {0, 0, 10, 10, 20, 20, 30, 30}, at07, 1e-6f);
    }
}
