package io.ainnoface.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BestOverlapTest {
    @Test
    void bestOverlapOfAnyPredictionPerKeptFaceWithWidersPixelConvention() {
        // faces (x y w h): A (10,10,20,20), B (100,100,40,40), C ignored, D (300,300,10,10), E (400,400,30,30)
        GtImage g = new GtImage("e", "a", new double[] {10, 10, 20, 20, 100, 100, 40, 40, 50, 50, 20, 20,
            300, 300, 10, 10, 400, 400, 30, 30}, new boolean[] {true, true, false, true, true});
        double[] p = {
            11, 10, 20, 20, 0.9,   // A: inter 20 x 21 = 420, union 441 + 441 - 420 = 462 -> 0.909091
            102, 99, 40, 42, 0.8,  // B: 39 x 41 = 1599 / (1681 + 1763 - 1599 = 1845) = 0.866667
            100, 100, 40, 40, 0.05, // B exactly, low score: still B's best, 1.0
            50, 50, 20, 20, 0.7,   // C (ignored face): not counted
            410, 400, 30, 30, 0.6, // E: 21 x 31 = 651 / (961 + 961 - 651 = 1271) = 0.512195
        };
        BestOverlap.Result r = BestOverlap.measure(List.of(g), Map.of("e/a", p));
        assertEquals(4, r.faces());
        // D is 0: < 0.5; E 0.5-0.7; A and B >= 0.9
        assertArrayEquals(new int[] {1, 1, 0, 0, 2}, r.counts());
        assertEquals((651.0 / 1271 + 420.0 / 462) / 2, r.median(), 1e-12);
    }

    @Test
    void anImageWithoutPredictionsCountsItsFacesAsZero() {
        GtImage g = new GtImage("e", "a", new double[] {10, 10, 20, 20}, new boolean[] {true});
        BestOverlap.Result r = BestOverlap.measure(List.of(g), Map.of());
        assertArrayEquals(new int[] {1, 0, 0, 0, 0}, r.counts());
        assertEquals(0.0, r.median());
    }
}
