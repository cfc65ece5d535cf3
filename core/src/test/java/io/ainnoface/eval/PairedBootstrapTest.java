package io.ainnoface.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PairedBootstrapTest {

    private static GtImage oneFace(String name) {
        return new GtImage("e", name, new double[] {10, 10, 40, 40}, new boolean[] {true});
    }

    /**
     * Two images of one face each; A finds only the first, B only the second. A draw of two images
     * is {X, X} (A's AP 1, B's 0) a quarter of the time, {Y, Y} (0 and 1) a quarter, and one of
     * each (0.5 and 0.5) half the time: the difference is +1, −1 or 0 with probabilities ¼, ¼, ½.
     */
    @Test
    void twoImagesEachFoundByOneDetectorGiveTheHandWorkedDistribution() {
        List<GtImage> gt = List.of(oneFace("x"), oneFace("y"));
        Map<String, double[]> a = Map.of("e/x", new double[] {10, 10, 40, 40, 0.9});
        Map<String, double[]> b = Map.of("e/y", new double[] {10, 10, 40, 40, 0.9});
        PairedBootstrap.Result r = PairedBootstrap.compare(gt, a, b, 4000, 0.9, 7);
        assertEquals(0.5, r.apA(), 1e-12);
        assertEquals(0.5, r.apB(), 1e-12);
        assertEquals(0.0, r.difference(), 1e-12);
        // 5 % and 95 % percentiles of {−1 (¼), 0 (½), +1 (¼)}
        assertEquals(-1.0, r.low(), 1e-12);
        assertEquals(1.0, r.high(), 1e-12);
        // ¼, within five standard errors of 4000 draws (sqrt(¼·¾/4000) = 0.0068)
        assertEquals(0.25, r.shareAHigher(), 0.034);
        assertEquals(4000, r.resamples());
    }

    @Test
    void onTheWholeSetTheApsAreTheEvaluatorsAndADetectorAgainstItselfDiffersByNothing() {
        Random rnd = new Random(3);
        List<GtImage> gt = new ArrayList<>();
        Map<String, double[]> a = new HashMap<>();
        Map<String, double[]> b = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            int faces = 1 + rnd.nextInt(4);
            double[] boxes = new double[4 * faces];
            boolean[] keep = new boolean[faces];
            double[] pa = new double[5 * (faces + 1)];
            double[] pb = new double[5 * (faces + 1)];
            for (int f = 0; f < faces; f++) {
                double x = 100 * f;
                double s = 20 + 40 * rnd.nextDouble();
                boxes[4 * f] = x;
                boxes[4 * f + 1] = 5;
                boxes[4 * f + 2] = s;
                boxes[4 * f + 3] = s;
                keep[f] = rnd.nextDouble() < 0.8;
                // A is off by up to a third of the face, B by up to a half: some fall below IoU 0.5
                double[][] row = {pa, pb};
                double[] off = {s / 3, s / 2};
                for (int k = 0; k < 2; k++) {
                    row[k][5 * f] = x + off[k] * rnd.nextDouble();
                    row[k][5 * f + 1] = 5;
                    row[k][5 * f + 2] = s;
                    row[k][5 * f + 3] = s;
                    row[k][5 * f + 4] = rnd.nextDouble();
                }
            }
            // one false positive each, far from every face
            for (double[] p : new double[][] {pa, pb}) {
                int k = 5 * faces;
                p[k] = 1000;
                p[k + 1] = 1000;
                p[k + 2] = 30;
                p[k + 3] = 30;
                p[k + 4] = rnd.nextDouble();
            }
            GtImage g = new GtImage("e", "i" + i, boxes, keep);
            gt.add(g);
            a.put(g.key(), pa);
            b.put(g.key(), pb);
        }
        PairedBootstrap.Result r = PairedBootstrap.compare(gt, a, b, 200, 0.95, 1);
        assertEquals(WiderEvaluator.evaluate(gt, a, 0.5).ap(), r.apA(), 0);
        assertEquals(WiderEvaluator.evaluate(gt, b, 0.5).ap(), r.apB(), 0);
        assertEquals(true, r.apA() > r.apB() + 0.05, r.toString());
        assertEquals(true, r.low() <= r.difference() && r.difference() <= r.high(), r.toString());

        PairedBootstrap.Result self = PairedBootstrap.compare(gt, a, a, 200, 0.95, 1);
        assertEquals(0.0, self.low(), 0);
        assertEquals(0.0, self.high(), 0);
        assertEquals(0.0, self.shareAHigher(), 0);
    }

    @Test
    void percentileInterpolatesBetweenOrderStatisticsAsNumPyDoes() {
        double[] v = {1, 2, 4, 8};
        // numpy.percentile([1, 2, 4, 8], [0, 10, 50, 100]) = 1.0, 1.3, 3.0, 8.0
        assertEquals(1.0, PairedBootstrap.percentile(v, 0), 1e-12);
        assertEquals(1.3, PairedBootstrap.percentile(v, 0.1), 1e-12);
        assertEquals(3.0, PairedBootstrap.percentile(v, 0.5), 1e-12);
        assertEquals(8.0, PairedBootstrap.percentile(v, 1), 1e-12);
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        List<GtImage> gt = List.of(oneFace("x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedBootstrap.compare(gt, Map.of(), Map.of(), 0, 0.95, 1));
        assertEquals("resamples must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PairedBootstrap.compare(gt, Map.of(), Map.of(), 10, 1.0, 1));
        assertEquals("confidence must be in (0, 1), got 1.0", e.getMessage());
    }
}
