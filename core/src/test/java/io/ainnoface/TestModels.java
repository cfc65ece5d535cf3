package io.ainnoface;

import ai.djl.Model;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.model.Networks;

import java.io.IOException;
import java.nio.file.Path;

/** Model folders made for tests from the CPU recipe (untrained head). */
public final class TestModels {
    private TestModels() {}

    /** P4 (STC) and P5 (STR), one anchor per position: a 64x64 input has 16 + 4 anchors. */
    public static io.ainnoface.config.ModelConfig tinyTwoLevels() {
        io.ainnoface.config.ModelConfig m = new io.ainnoface.config.ModelConfig();
        m.minLevel = 4;
        m.maxLevel = 5;
        m.stcLevels = java.util.List.of(4);
        m.strLevels = java.util.List.of(5);
        m.maxoutLevels = java.util.List.of();
        m.anchorScales = java.util.List.of(2.0);
        return m;
    }

    public static DetectorConfig cpuConfig() throws IOException {
        return ConfigLoader.load(TestData.root().resolve("configs/cpu_mobilenet.yaml"));
    }

    public static Path untrainedFolder(Path dir) throws IOException {
        return untrainedFolder(dir, cpuConfig().inference.scoreThreshold);
    }

    /** An untrained folder whose config keeps detections above {@code scoreThreshold}. */
    public static Path untrainedFolder(Path dir, double scoreThreshold) throws IOException {
        return untrainedFolder(dir, scoreThreshold, 1234);
    }

    /** An untrained folder whose head is drawn with {@code seed}: folders of different seeds differ. */
    public static Path untrainedFolderOfSeed(Path dir, int seed) throws IOException {
        return untrainedFolder(dir, cpuConfig().inference.scoreThreshold, seed);
    }

    // a fixed seed gives the same random head on every run, so a test's outcome does not depend on the draw
    private static Path untrainedFolder(Path dir, double scoreThreshold, int seed) throws IOException {
        DetectorConfig cfg = cpuConfig();
        cfg.inference.scoreThreshold = scoreThreshold;
        ai.djl.engine.Engine.getInstance().setRandomSeed(seed);
        try (Model m = Networks.newModel(cfg)) {
            ModelFolder.save(dir, cfg, m);
        }
        return dir;
    }
}
