package io.ainnoface.train;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.ainnoface.TestModels;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.model.Networks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uniform and weighted model soups of model folders. */
class ModelSoupTest {
    @TempDir
    Path tmp;

    @Test
    void everyParameterIsTheMeanOfTheFolders() throws Exception {
        // three untrained folders: the heads' random weights differ
        List<Path> in = List.of(TestModels.untrainedFolderOfSeed(tmp.resolve("a"), 1),
                TestModels.untrainedFolderOfSeed(tmp.resolve("b"), 2), TestModels.untrainedFolderOfSeed(tmp.resolve("c"), 3));
        Path out = tmp.resolve("soup");
        ModelSoup.average(in, out, "soup");
        assertEquals("soup", ModelFolder.readConfig(out).name);
        assertTrue(Files.isRegularFile(out.resolve(ModelFolder.ONNX)));
        assertWeightedMean(in, new double[] {1, 1, 1}, out);
    }

    @Test
    void weightedMeanIsTheWeightedSumOverTheWeights() throws Exception {
        Path a = TestModels.untrainedFolderOfSeed(tmp.resolve("a"), 1);
        Path b = TestModels.untrainedFolderOfSeed(tmp.resolve("b"), 2);
        Path out = tmp.resolve("wise");
        ModelSoup.average(List.of(a, b), List.of(3.0, 1.0), out, null);
        assertWeightedMean(List.of(a, b), new double[] {3, 1}, out);
    }

    @Test
    void weightsThatAreNotOnePositiveNumberPerFolderAreRefused() throws Exception {
        Path a = TestModels.untrainedFolder(tmp.resolve("a"));
        Path b = TestModels.untrainedFolder(tmp.resolve("b"));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> ModelSoup.average(List.of(a, b), List.of(1.0, 1.0, 1.0), tmp.resolve("s1"), null));
        assertEquals("weights: 3 given for 2 model folders; give one per folder", count.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> ModelSoup.average(List.of(a, b), List.of(1.0, 0.0), tmp.resolve("s2"), null));
        assertEquals("weights: 0.0 for " + b + " is not a positive finite number", zero.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ModelSoup.average(List.of(a, b), List.of(Double.NaN, 1.0), tmp.resolve("s3"), null));
        assertTrue(!Files.exists(tmp.resolve("s1")) && !Files.exists(tmp.resolve("s2")));
    }

    @Test
    void aFolderOfAnotherArchitectureIsRefusedByName() throws Exception {
        Path a = TestModels.untrainedFolder(tmp.resolve("a"));
        DetectorConfig cfg = TestModels.cpuConfig();
        cfg.model.headChannels = 16;
        Path narrow = tmp.resolve("narrow");
        try (Model m = Networks.newModel(cfg)) {
            ModelFolder.save(narrow, cfg, m);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSoup.average(List.of(a, narrow), tmp.resolve("soup"), null));
        assertTrue(e.getMessage().startsWith(narrow + ": parameter "), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("soup").resolve(ModelFolder.CONFIG)));
        assertThrows(IllegalArgumentException.class, () -> ModelSoup.average(List.of(a), tmp.resolve("one"), null));
    }

    /** Every parameter of {@code out} is sum(w_k * in_k) / sum(w_k), and the inputs really differ. */
    private static void assertWeightedMean(List<Path> in, double[] w, Path out) throws Exception {
        List<Path> all = new ArrayList<>(in);
        all.add(out);
        List<Parameters> params = parameters(all);
        Parameters soup = params.get(in.size());
        double total = Arrays.stream(w).sum();
        int differing = 0;
        for (int i = 0; i < soup.names().size(); i++) {
            float[] s = soup.values().get(i);
            for (int j = 0; j < s.length; j++) {
                double expected = 0;
                for (int k = 0; k < in.size(); k++) {
                    expected += w[k] * params.get(k).values().get(i)[j];
                }
                expected /= total;
                assertEquals(expected, s[j], 1e-6 * Math.max(1, Math.abs(expected)), soup.names().get(i) + "[" + j + "]");
                differing += params.get(0).values().get(i)[j] != params.get(1).values().get(i)[j] ? 1 : 0;
            }
        }
        assertTrue(differing > 1000, "the folders should differ, " + differing + " values do");
    }

    /** A folder's parameter names and values (as float arrays), in the block's order. */
    private record Parameters(List<String> names, List<float[]> values) {}

    private static List<Parameters> parameters(List<Path> folders) throws Exception {
        List<Parameters> all = new ArrayList<>();
        for (Path f : folders) {
            try (Model m = FaceDetector.loadModel(f)) {
                List<Pair<String, Parameter>> ps = m.getBlock().getParameters().stream().toList();
                all.add(new Parameters(ps.stream().map(Pair::getKey).toList(),
                        ps.stream().map(p -> p.getValue().getArray().toFloatArray()).toList()));
            }
        }
        return all;
    }
}
