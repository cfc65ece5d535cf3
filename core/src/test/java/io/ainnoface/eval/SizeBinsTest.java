package io.ainnoface.eval;

import io.ainnoface.data.WiderAnnotations;
import io.ainnoface.eval.WiderGroundTruth.SizeBins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One image with a 80 px face A and a 10 px face B, and four boxes (scores already span [0, 1]):
 * p1 10 px on nothing (1.0), p2 80 px on nothing (0.6), p3 on A (0.2), p4 on B (0.0).
 */
class SizeBinsTest {
    @TempDir
    Path tmp;

    private static final Map<String, double[]> PREDICTIONS = Map.of("e/x", new double[] {
        300, 300, 10, 10, 1.0, 400, 400, 80, 80, 0.6, 100, 100, 80, 80, 0.2, 12, 10, 10, 10, 0.0});

    private Map<String, List<GtImage>> settings(SizeBins bins) throws Exception {
        Path gt = tmp.resolve("gt.txt");
        Files.writeString(gt, "e/x.jpg\n2\n100 100 80 80 0 0 0 0 0 0\n10 10 10 10 0 0 0 0 0 0\n");
        return WiderGroundTruth.fromAnnotations(WiderAnnotations.read(gt, true).images(), bins);
    }

    private static double ap(Map<String, List<GtImage>> settings, String name) {
        return WiderEvaluator.evaluate(settings.get(name), PREDICTIONS, 0.5).ap();
    }

    /**
     * Large bin: B is ignored and p4 with it. WIDER counts p1 and p2 before p3 finds A: precision
     * 1/3 at recall 1. COCO ignores p1 (10 px, outside the bin): 1/2. The small bin mirrors it: p3
     * is ignored with A; WIDER counts p1 and p2 before p4 finds B, COCO only p1.
     */
    @Test
    void cocoIgnoresUnmatchedBoxesOnlyOutsideTheirBin() throws Exception {
        Map<String, List<GtImage>> wider = settings(SizeBins.WIDER);
        Map<String, List<GtImage>> coco = settings(SizeBins.COCO);
        assertEquals(1 / 3.0, ap(wider, "large(>64)"), 1e-12);
        assertEquals(1 / 2.0, ap(coco, "large(>64)"), 1e-12);
        assertEquals(1 / 3.0, ap(wider, "small(<16)"), 1e-12);
        assertEquals(1 / 2.0, ap(coco, "small(<16)"), 1e-12);
    }

    /** Overall, every box counts either way: recall 1/2 at precision 1/3 (p3), 1 at 1/2 (p4); AP 1/2. */
    @Test
    void overallApIsTheSameUnderBothConventions() throws Exception {
        assertEquals(0.5, ap(settings(SizeBins.WIDER), "all"), 1e-12);
        assertEquals(0.5, ap(settings(SizeBins.COCO), "all"), 1e-12);
    }

    /** COCO ignores an unmatched box by its size, not a duplicate's match: a second box on A still counts in its bin. */
    @Test
    void aDuplicateInsideTheBinStillCounts() throws Exception {
        Map<String, double[]> p = Map.of("e/x", new double[] {100, 100, 80, 80, 1.0, 102, 100, 80, 80, 0.5, 0, 0, 1, 1, 0});
        List<GtImage> large = settings(SizeBins.COCO).get("large(>64)");
        WiderEvaluator.Result r = WiderEvaluator.evaluate(large, p, 0.5);
        assertEquals(0.5, r.precision()[500], 1e-12); // A found, then its duplicate: 1 of 2
    }
}
