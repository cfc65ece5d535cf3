package io.ainnoface.infer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceTest {
    @Test
    void clippingToTheBorderLeavesASliverThatSpansNoPixel() {
        // a box hanging over the right edge of a 512-wide image keeps 0.03 px after clipping
        Face sliver = new Face(511.97f, 10, 530, 40, 0.5f).clipped(512, 512);
        assertEquals(511.97f, sliver.x1());
        assertEquals(512f, sliver.x2());
        assertFalse(sliver.spansAPixel());
        Face edge = new Face(511f, 10, 530, 40, 0.5f).clipped(512, 512);
        assertTrue(edge.spansAPixel());
        assertFalse(new Face(10, 10, 40, 10.5f, 0.5f).spansAPixel());
        assertFalse(new Face(-30, -30, -1, -1, 0.5f).clipped(512, 512).spansAPixel());
    }

    @Test
    void scaledMultipliesEachAxisByItsOwnFactor() {
        Face f = new Face(10, 20, 30, 60, 0.7f).scaled(2.0, 0.5);
        assertEquals(20f, f.x1());
        assertEquals(10f, f.y1());
        assertEquals(60f, f.x2());
        assertEquals(30f, f.y2());
        assertEquals(0.7f, f.score());
    }
}
