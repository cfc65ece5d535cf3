package io.ainnoface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ainnoface.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkDetectorsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void pairedRatioIsTheMedianOfPerImageRatios() {
        // ratios 2, 3, 0.5: median 2 (the means would give 15/12 = 1.25)
        assertEquals(2.0, BenchmarkDetectorsCommand.pairedRatio(new double[] {2, 9, 4}, new double[] {1, 3, 8}), 0);
        assertEquals(3.0, BenchmarkDetectorsCommand.median(new double[] {4, 1, 3, 2}), 0);
        assertEquals(9.0, BenchmarkDetectorsCommand.p90(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}), 0);
        assertEquals(5.0, BenchmarkDetectorsCommand.p90(new double[] {5, 1}), 0);
    }

    @Test
    void ttaAddsARowAfterEachModelFolderAlsoThroughDjlButNotAfterPeers() {
        BenchmarkDetectorsCommand c = new BenchmarkDetectorsCommand();
        c.detectors = List.of("models/x", "yunet-n", "djl:models/x", "pytorch:models/x", "ultraface:a.onnx");
        c.tta = true;
        assertEquals(List.of(new BenchmarkDetectorsCommand.Entry("models/x", false),
                new BenchmarkDetectorsCommand.Entry("models/x", true),
                new BenchmarkDetectorsCommand.Entry("yunet-n", false),
                new BenchmarkDetectorsCommand.Entry("djl:models/x", false),
                new BenchmarkDetectorsCommand.Entry("djl:models/x", true),
                new BenchmarkDetectorsCommand.Entry("pytorch:models/x", false),
                new BenchmarkDetectorsCommand.Entry("pytorch:models/x", true),
                new BenchmarkDetectorsCommand.Entry("ultraface:a.onnx", false)), c.entries());
        c.tta = false;
        assertEquals(5, c.entries().size());

        // each preset its own TTA row, after the folder's own TTA row
        c.detectors = List.of("models/x", "yunet-n");
        c.tta = true;
        c.ttaPresets = List.of("fast", "large-faces");
        assertEquals(List.of(new BenchmarkDetectorsCommand.Entry("models/x", false),
                new BenchmarkDetectorsCommand.Entry("models/x", true),
                new BenchmarkDetectorsCommand.Entry("models/x", true, "fast"),
                new BenchmarkDetectorsCommand.Entry("models/x", true, "large-faces"),
                new BenchmarkDetectorsCommand.Entry("yunet-n", false)), c.entries());
        c.tta = false;
        assertEquals(List.of(new BenchmarkDetectorsCommand.Entry("models/x", false),
                new BenchmarkDetectorsCommand.Entry("models/x", true, "fast"),
                new BenchmarkDetectorsCommand.Entry("models/x", true, "large-faces"),
                new BenchmarkDetectorsCommand.Entry("yunet-n", false)), c.entries());
    }

    @Test
    void interleavedRunWithTtaAndSets() throws Exception {
        Path model = TestModels.untrainedFolder(tmp.resolve("model"));
        Path out = tmp.resolve("bench.json");
        DetectCommandTest.Run r = DetectCommandTest.run("benchmark", "--interleaved", "--tta", "--detectors",
                model + ",ultraface-rfb640", "--sizes", "160x120", "--count", "2", "--warmup", "0",
                "--set", "inference.ttaMaxSize=400", "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        JsonNode rows = json.get("rows");
        assertEquals(3, rows.size());
        assertEquals(List.of(false, true, false), List.of(rows.get(0).get("tta").asBoolean(),
                rows.get(1).get("tta").asBoolean(), rows.get(2).get("tta").asBoolean()));
        assertTrue(rows.get(1).get("detector").asText().endsWith(" TTA"), rows.get(1).toString());
        assertTrue(json.get("command").asText().endsWith(" --tta --set 'inference.ttaMaxSize=400'"), json.toString());

        DetectCommandTest.Run bad = DetectCommandTest.run("benchmark", "--interleaved", "--detectors", model.toString(),
                "--sizes", "160x120", "--count", "1", "--set", "inference.ttaMaxSize=1.5", "--output", out.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("ttaMaxSize"), bad.err());

        // presets: a TTA row each without --tta, named and recorded, and an unknown one refused before anything runs
        io.ainnoface.config.DetectorConfig cfg = io.ainnoface.infer.ModelFolder.readConfig(model);
        cfg.inference.ttaPresets.put("small", Map.of("ttaMaxSize", 400));
        cfg.inference.ttaPresets.put("tiny", Map.of("ttaMaxSize", 300));
        io.ainnoface.config.ConfigLoader.save(cfg, model.resolve(io.ainnoface.infer.ModelFolder.CONFIG));
        DetectCommandTest.Run preset = DetectCommandTest.run("benchmark", "--interleaved", "--tta-preset", "small,tiny",
                "--detectors", model.toString(), "--sizes", "160x120", "--count", "1", "--warmup", "0", "--output",
                out.toString());
        assertEquals(0, preset.code(), preset.err());
        json = new ObjectMapper().readTree(out.toFile());
        assertEquals(3, json.get("rows").size());
        for (int i = 1; i <= 2; i++) {
            JsonNode row = json.get("rows").get(i);
            String name = i == 1 ? "small" : "tiny";
            assertTrue(row.get("tta").asBoolean(), row.toString());
            assertEquals(name, row.get("ttaPreset").asText(), row.toString());
            assertTrue(row.get("detector").asText().endsWith(" TTA " + name), row.toString());
        }
        assertTrue(json.get("command").asText().endsWith(" --tta-preset small,tiny"), json.toString());
        DetectCommandTest.Run unknown = DetectCommandTest.run("benchmark", "--interleaved", "--tta-preset", "fast",
                "--detectors", model.toString(), "--sizes", "160x120", "--count", "1", "--output", out.toString());
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("--tta-preset fast: no test-time preset 'fast'"), unknown.err());

        // a folder through DJL's Criteria would be timed with its own settings: refused, not timed as if set
        DetectCommandTest.Run djl = DetectCommandTest.run("benchmark", "--interleaved", "--detectors",
                model + ",djl-onnx:" + model, "--sizes", "160x120", "--count", "1", "--warmup", "0",
                "--set", "inference.ttaMaxSize=400", "--output", out.toString());
        assertEquals(2, djl.code(), djl.err());
        assertTrue(djl.err().contains("--set applies to model folders run by ainnoface itself"), djl.err());
    }

    @Test
    void interleavedRunTimesEveryDetectorOnTheSameImages() throws Exception {
        Path model = TestModels.untrainedFolder(tmp.resolve("model"));
        Path out = tmp.resolve("bench.json");
        DetectCommandTest.Run r = DetectCommandTest.run("benchmark", "--interleaved", "--detectors",
                model + ",ultraface-rfb640", "--sizes", "160x120", "--count", "3", "--warmup", "1",
                "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode rows = new ObjectMapper().readTree(out.toFile()).get("rows");
        assertEquals(2, rows.size());
        double[][] ms = new double[2][];
        for (int d = 0; d < 2; d++) {
            JsonNode lat = rows.get(d).get("latenciesMs");
            assertEquals(3, lat.size());
            ms[d] = new double[3];
            for (int i = 0; i < 3; i++) {
                ms[d][i] = lat.get(i).asDouble();
                assertTrue(ms[d][i] > 0, "latency " + d + "/" + i);
            }
            assertEquals("160x120", rows.get(d).get("size").asText());
        }
        assertTrue(rows.get(1).get("detector").asText().startsWith("ultraface"), rows.get(1).toString());
        assertEquals(1.0, rows.get(0).get("pairedRatioToFirst").asDouble(), 0);
        double[] ratios = {ms[1][0] / ms[0][0], ms[1][1] / ms[0][1], ms[1][2] / ms[0][2]};
        Arrays.sort(ratios);
        assertEquals(ratios[1], rows.get(1).get("pairedRatioToFirst").asDouble(), 1e-12);
        double[] sorted = ms[1].clone();
        Arrays.sort(sorted);
        assertEquals(sorted[1], rows.get(1).get("medianMs").asDouble(), 1e-12);
    }
}
