package io.ainnoface.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EdgeBiasTest {
    @Test
    void mediansOfTheBestScoringMatchPerKeptFace() {
        // faces (x y w h): A (10,10,20,20), B (100,100,40,40), C ignored, D (300,300,10,10) unmatched
        GtImage g = new GtImage("e", "a", new double[] {10, 10, 20, 20, 100, 100, 40, 40, 50, 50, 20, 20,
            300, 300, 10, 10}, new boolean[] {true, true, false, true});
        double[] p = {
            11, 10, 20, 20, 0.9,   // A, best score: x1 +1, y1 0, x2 +1, y2 0
            10, 10, 20, 20, 0.5,   // A, lower score: not used
            102, 99, 40, 42, 0.8,  // B: x1 +2, y1 -1, x2 +2, y2 +1
            50, 50, 20, 20, 0.7,   // C (ignored face): not counted
            200, 200, 10, 10, 0.9, // matches nothing
        };
        EdgeBias.Result r = EdgeBias.measure(List.of(g), Map.of("e/a", p), 0.5);
        assertEquals(2, r.matched());
        assertEquals(1.5, r.x1(), 1e-12);
        assertEquals(-0.5, r.y1(), 1e-12);
        assertEquals(1.5, r.x2(), 1e-12);
        assertEquals(0.5, r.y2(), 1e-12);
    }

    @Test
    void noMatchGivesNaN() {
        GtImage g = new GtImage("e", "a", new double[] {10, 10, 20, 20}, new boolean[] {true});
        EdgeBias.Result r = EdgeBias.measure(List.of(g), Map.of("e/a", new double[] {100, 100, 5, 5, 1}), 0.5);
        assertEquals(0, r.matched());
        assertEquals(Double.NaN, r.x1());
    }
}
