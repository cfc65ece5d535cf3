package io.ainnoface.anchor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AnchorMatcherTest {
    @Test
    void thresholdsAndBestAnchorCompensation() {
        float[] anchors = {
            0, 0, 10, 10,     // IoU 1 with face 0
            5, 0, 15, 10,     // 50 / 150 = 0.333 with face 0: between 0.3 and 0.7 -> ignore
            20, 20, 30, 30,   // no overlap -> negative
            0, 0, 9, 10,      // 90 / 100 = 0.9 -> positive
            40, 40, 48, 48,   // face 1 (40,40,60,60): 64 / 400 = 0.16 -> negative, but face 1's best
        };
        float[] faces = {0, 0, 10, 10, 40, 40, 60, 60};
        AnchorMatcher.Match m = AnchorMatcher.match(anchors, 0, 5, faces, 0.7, 0.3);
        assertArrayEquals(new int[] {0, AnchorMatcher.IGNORE, AnchorMatcher.NEGATIVE, 0, AnchorMatcher.NEGATIVE},
                m.assigned());
        assertArrayEquals(new int[] {0, 4}, m.bestAnchor());
        assertEquals(0.16f, m.bestIou()[1], 1e-6f);
        AnchorMatcher.forceBest(m);
        assertArrayEquals(new int[] {0, AnchorMatcher.IGNORE, AnchorMatcher.NEGATIVE, 0, 1}, m.assigned());
    }

    @Test
    void rangeOffsetsAreAbsolute() {
        float[] anchors = {100, 100, 110, 110, 0, 0, 10, 10};
        AnchorMatcher.Match m = AnchorMatcher.match(anchors, 1, 2, new float[] {0, 0, 10, 10}, 0.5, 0.4);
        assertArrayEquals(new int[] {0}, m.assigned());
        assertArrayEquals(new int[] {1}, m.bestAnchor());
    }
}
