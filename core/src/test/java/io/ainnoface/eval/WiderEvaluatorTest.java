package io.ainnoface.eval;

import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WiderEvaluatorTest {
    @TempDir
    Path tmp;

    @Test
    void goldenFixtureReproducesTheReferenceApsWithin1e6() throws Exception {
        Path fixture = TestData.shared().resolve("fixtures/wider-eval/ultraface_rfb640_val_predictions.tar.gz");
        Process p = new ProcessBuilder("tar", "xzf", fixture.toString(), "-C", tmp.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        Map<String, List<GtImage>> gt = WiderGroundTruth.readMat(
                TestData.widerRoot().resolve("eval_tools/ground_truth"));
        Map<String, double[]> preds = Submission.read(tmp.resolve("ufpred"));
        assertEquals(3226, preds.size());
        WiderEvaluator.normalizeScores(preds.values());
        assertEquals(0.8549281611420537, WiderEvaluator.evaluate(gt.get("easy"), preds, 0.5).ap(), 1e-6);
        assertEquals(0.8245627888523904, WiderEvaluator.evaluate(gt.get("medium"), preds, 0.5).ap(), 1e-6);
        assertEquals(0.5908910293998121, WiderEvaluator.evaluate(gt.get("hard"), preds, 0.5).ap(), 1e-6);
    }

    private static GtImage img(String name, double[] boxes, boolean... keep) {
        return new GtImage("e", name, boxes, keep);
    }

    @Test
    void perfectPredictionsGiveApOne() {
        List<GtImage> gt = List.of(img("a", new double[] {10, 10, 20, 20, 50, 50, 30, 30}, true, true),
                img("b", new double[] {0, 0, 40, 40}, true));
        Map<String, double[]> p = new HashMap<>();
        p.put("e/a", new double[] {10, 10, 20, 20, 0.9, 50, 50, 30, 30, 0.8});
        p.put("e/b", new double[] {0, 0, 40, 40, 0.95});
        WiderEvaluator.normalizeScores(p.values());
        assertEquals(1.0, WiderEvaluator.evaluate(gt, p, 0.5).ap(), 1e-12);
    }

    @Test
    void duplicatesAreFalsePositives() {
        List<GtImage> gt = List.of(img("a", new double[] {10, 10, 20, 20}, true));
        Map<String, double[]> p = new HashMap<>();
        // scores 1.0 (true), 0.5 (duplicate of the same face), 0 after normalization
        p.put("e/a", new double[] {10, 10, 20, 20, 1.0, 11, 10, 20, 20, 0.5, 200, 200, 5, 5, 0.0});
        WiderEvaluator.Result r = WiderEvaluator.evaluate(gt, p, 0.5);
        // threshold 0.499: 2 proposals, 1 recalled -> precision 0.5 at recall 1; the envelope keeps
        // precision 1 for recall 1 (reached at the first threshold), so AP stays 1; the curve shows it
        assertEquals(1.0, r.ap(), 1e-12);
        assertEquals(0.5, r.precision()[500], 1e-12);
        assertEquals(1.0, r.precision()[0], 1e-12);
    }

    @Test
    void duplicatesLowerApWhenTheyOutscoreTruePositives() {
        List<GtImage> gt = List.of(img("a", new double[] {10, 10, 20, 20, 100, 100, 20, 20}, true, true));
        Map<String, double[]> p = new HashMap<>();
        p.put("e/a", new double[] {10, 10, 20, 20, 1.0, 11, 10, 20, 20, 0.9, 100, 100, 20, 20, 0.0});
        double ap = WiderEvaluator.evaluate(gt, p, 0.5).ap();
        // recall 0.5 at precision 1, then recall 1 at precision 2/3: AP = 0.5 + 0.5 * 2/3
        assertEquals(0.5 + 0.5 * 2 / 3.0, ap, 1e-9);
    }

    @Test
    void ignoredFacesNeitherHelpNorHurt() {
        double[] boxes = {10, 10, 20, 20, 60, 60, 20, 20};
        Map<String, double[]> onlyKept = new HashMap<>();
        onlyKept.put("e/a", new double[] {10, 10, 20, 20, 1.0});
        Map<String, double[]> alsoIgnored = new HashMap<>();
        alsoIgnored.put("e/a", new double[] {60, 60, 20, 20, 1.0, 10, 10, 20, 20, 0.0});
        List<GtImage> gt = List.of(img("a", boxes, true, false));
        assertEquals(1.0, WiderEvaluator.evaluate(gt, onlyKept, 0.5).ap(), 1e-12);
        assertEquals(1.0, WiderEvaluator.evaluate(gt, alsoIgnored, 0.5).ap(), 1e-12);
        assertEquals(1, WiderEvaluator.evaluate(gt, alsoIgnored, 0.5).faces());
    }

    @Test
    void anImageWithoutPredictionsLowersRecall() {
        List<GtImage> gt = List.of(img("a", new double[] {10, 10, 20, 20}, true),
                img("b", new double[] {10, 10, 20, 20}, true));
        Map<String, double[]> p = new HashMap<>();
        p.put("e/a", new double[] {10, 10, 20, 20, 1.0});
        WiderEvaluator.Result r = WiderEvaluator.evaluate(gt, p, 0.5);
        assertEquals(0.5, r.recall()[999], 1e-12);
        assertEquals(0.5, r.ap(), 1e-12);
    }

    @Test
    void malformedPredictionFileNamesFileAndLine() throws IOException {
        Path d = tmp.resolve("sub/0--Parade");
        Files.createDirectories(d);
        Files.writeString(d.resolve("x.txt"), "x\n2\n1 2 3 4 0.5\n1 2 3 0.1\n");
        IOException e = assertThrows(IOException.class, () -> Submission.read(tmp.resolve("sub")));
        assertTrue(e.getMessage().endsWith("x.txt:4: expected 'x y w h score', got '1 2 3 0.1'"), e.getMessage());
    }

    @Test
    void submissionRoundTrip() throws IOException {
        List<io.ainnoface.infer.Face> faces = new ArrayList<>();
        faces.add(new io.ainnoface.infer.Face(10, 20, 40, 60, 0.875f));
        Submission.write(tmp.resolve("s"), "0--Parade", "img_1", faces);
        double[] back = Submission.read(tmp.resolve("s")).get("0--Parade/img_1");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {10, 20, 30, 40, 0.875}, back, 1e-9);
    }
}
