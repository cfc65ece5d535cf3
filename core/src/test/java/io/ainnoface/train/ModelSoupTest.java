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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uniform model soups of model folders. */
class ModelSoupTest {
    @TempDir
    Path tmp;

    @Test
    void everyParameterIsTheMeanOfTheFolders() throws Exception {
        // three untrained folders: the heads' random weights differ
        List<Path> in = List.of(TestModels.untrainedFolder(tmp.resolve("a")), TestModels.untrainedFolder(tmp.resolve("b")),
                TestModels.untrainedFolder(tmp.resolve("c")));
        Path out = tmp.resolve("soup");
        ModelSoup.average(in, out, "soup");
        assertEquals("soup", ModelFolder.readConfig(out).name);
        assertTrue(Files.isRegularFile(out.resolve(ModelFolder.ONNX)));
        List<List<float[]>> values = new ArrayList<>();
        List<String> names = null;
        for (int k = 0; k < 4; k++) {
            try (Model m = FaceDetector.loadModel(k < 3 ? in.get(k) : out)) {
                List<Pair<String, Parameter>> ps = m.getBlock().getParameters().stream().toList();
                values.add(ps.stream().map(p -> p.getValue().getArray().toFloatArray()).toList());
                names = ps.stream().map(Pair::getKey).toList();
            }
        }
        int differing = 0;
        for (int i = 0; i < names.size(); i++) {
            float[] a = values.get(0).get(i);
            float[] b = values.get(1).get(i);
            float[] c = values.get(2).get(i);
            float[] s = values.get(3).get(i);
            for (int j = 0; j < a.length; j++) {
                double mean = ((double) a[j] + b[j] + c[j]) / 3;
                assertEquals(mean, s[j], 1e-6 * Math.max(1, Math.abs(mean)), names.get(i) + "[" + j + "]");
                differing += a[j] != b[j] ? 1 : 0;
            }
        }
        assertTrue(differing > 1000, "the folders should differ, " + differing + " values do");
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
}
