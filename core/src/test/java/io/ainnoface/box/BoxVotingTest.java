package io.ainnoface.box;

import io.ainnoface.infer.Face;
import org.junit.jupiter.api.Test;

import java.util.List;

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
}
