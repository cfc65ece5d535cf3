package io.ainnoface.infer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TtaPassesTest {
    /**
     * Four passes: two keep every box, one boxes longer than 30 px (a shrunken pass), one boxes
     * shorter than 10 px (an enlarged pass). Face A (40 px) is found by the first three, face B
     * (8 px) by the first and the last.
     */
    private static TtaPasses passes() {
        TtaPasses p = new TtaPasses();
        p.add(List.of(new Face(0, 0, 40, 40, 0.9f), new Face(100, 100, 108, 108, 0.8f)), f -> true);
        p.add(List.of(new Face(1, 0, 41, 40, 0.6f)), f -> true);
        p.add(List.of(new Face(0, 1, 40, 41, 0.3f), new Face(100, 100, 108, 108, 0.7f)),
                f -> Math.max(f.width(), f.height()) > 30); // B's box here is dropped: 8 px
        p.add(List.of(new Face(100, 100, 108, 108, 0.4f), new Face(0, 0, 40, 40, 0.95f)),
                f -> Math.min(f.width(), f.height()) < 10); // A's box here is dropped: 40 px
        return p;
    }

    @Test
    void maxKeepsTheGroupsBestScore() {
        List<Face> out = passes().vote(0.5, 750, "max");
        assertEquals(2, out.size());
        assertEquals(0.9f, out.get(0).score());
        assertEquals(0.8f, out.get(1).score());
    }

    @Test
    void meanMaxAveragesOverThePassesThatKeepTheFacesSize() {
        List<Face> out = passes().vote(0.5, 750, "mean-max");
        // A: passes 1-3 apply (40 px), bests 0.9, 0.6, 0.3 -> mean 0.6; 0.5 * 0.9 + 0.5 * 0.6
        assertEquals(0.75, out.get(0).score(), 1e-6);
        // B: passes 1, 2 and 4 apply (8 px), bests 0.8, 0, 0.4 -> mean 0.4; 0.5 * 0.8 + 0.5 * 0.4
        assertEquals(0.6, out.get(1).score(), 1e-6);
        // boxes are the score-weighted means, as with max: A's x2 = (40 * 0.9 + 41 * 0.6 + 40 * 0.3) / 1.8
        assertEquals((40 * 0.9 + 41 * 0.6 + 40 * 0.3) / 1.8, out.get(0).x2(), 1e-4);
    }

    @Test
    void aPassThatWouldNotKeepTheFusedBoxIsLeftOutOfTheMean() {
        TtaPasses p = new TtaPasses();
        p.add(List.of(new Face(0, 0, 40, 40, 0.9f)), f -> true);
        // kept by its own filter (40.5 px), but the fused box is (40 * 0.9 + 40.5 * 0.3) / 1.2 = 40.125 px wide
        p.add(List.of(new Face(0, 0, 40.5f, 40.5f, 0.3f)), f -> Math.max(f.width(), f.height()) > 40.2);
        List<Face> out = p.vote(0.5, 750, "mean-max");
        assertEquals(40.125, out.get(0).x2(), 1e-4);
        // only the first pass applies: mean 0.9, so 0.5 * 0.9 + 0.5 * 0.9 (never above the best)
        assertEquals(0.9, out.get(0).score(), 1e-6);
    }

    @Test
    void flipMeanScoresEachViewByThePassAndItsMirrorAndKeepsTheBestView() {
        TtaPasses p = new TtaPasses();
        // view 1: a pass and its mirror; A in both, B in the pass only
        p.add(List.of(new Face(0, 0, 40, 40, 0.9f), new Face(100, 100, 108, 108, 0.8f)), f -> true);
        p.addVariant(List.of(new Face(1, 0, 41, 40, 0.5f)), false);
        // view 2: a pass alone (no mirror), B in it
        p.add(List.of(new Face(100, 101, 108, 109, 0.6f), new Face(0, 1, 40, 41, 0.6f)), f -> true);
        List<Face> out = p.vote(0.5, 750, "flip-mean");
        assertEquals(2, out.size());
        // A: view 1 (0.9 + 0.5) / 2 = 0.7, view 2 0.6 -> 0.7
        assertEquals(0.7, out.get(0).score(), 1e-6);
        // B: view 1 (0.8 + 0) / 2 = 0.4 (the mirror has no box on it), view 2 0.6 -> 0.6
        assertEquals(0.6, out.get(1).score(), 1e-6);
        // the boxes are voted as with max: B's y1 = (100 * 0.8 + 101 * 0.6) / 1.4
        assertEquals((100 * 0.8 + 101 * 0.6) / 1.4, out.get(1).y1(), 1e-4);
    }

    @Test
    void aMirrorTakesTheRuleOfItsPass() {
        TtaPasses p = new TtaPasses();
        p.add(List.of(new Face(0, 0, 8, 8, 0.9f)), f -> f.width() < 10);
        // the mirrored pass's 40 px box is dropped by the pass's rule: the 8 px face has its pass's box alone
        p.addVariant(List.of(new Face(0, 0, 8, 8, 0.7f), new Face(0, 0, 40, 40, 0.99f)), false);
        p.add(List.of(new Face(0, 0, 40, 40, 0.5f)), f -> true);
        List<Face> out = p.vote(0.5, 750, "flip-mean");
        // the 40 px box is a group of one (dropped); the 8 px face: (0.9 + 0.7) / 2
        assertEquals(1, out.size());
        assertEquals(0.8, out.get(0).score(), 1e-6);
    }

    @Test
    void aMirrorInAViewOfItsOwnCountsAsWithMax() {
        TtaPasses p = new TtaPasses();
        p.add(List.of(new Face(0, 0, 40, 40, 0.9f)), f -> true);
        p.addVariant(List.of(new Face(1, 0, 41, 40, 0.3f)), true);
        // two views of one pass each: max(0.9, 0.3), not (0.9 + 0.3) / 2
        assertEquals(0.9, p.vote(0.5, 750, "flip-mean-enlarged").get(0).score(), 1e-6);
    }
}
