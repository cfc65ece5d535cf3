package io.ainnoface.train;

import io.ainnoface.config.DetectorConfig;
import io.ainnoface.data.BatchLoader;
import io.ainnoface.data.TrainBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The training data loader as the trainer makes it (here, for its target assigner and warnings in train.log). */
class BatchLoaderTest {
    @TempDir
    Path tmp;

    /**
     * Closed while its workers build the next batches (benchmark-train closes it after four), the loader skips no
     * image: its workers were interrupted, and every image they were still to decode was skipped as "not an image"
     * with a warning, though nothing was wrong with it (2 to 4 warnings per benchmark-train run, session 44; {@code
     * ImageLoaderTest.anInterruptedThreadStillLoadsImages}).
     */
    @Test
    void closingWhileBatchesAreBuiltWarnsOfNothing() throws Exception {
        DetectorConfig cfg = TrainingTest.small(320, 4, 1);
        cfg.train.workers = 2;
        Path run = tmp.resolve("run");
        try (Trainer t = new Trainer(cfg, run, TrainingTest.images(16, 20), TrainingTest.imageRoot(), false)) {
            t.setQuiet(true);
            for (int k = 0; k < 3; k++) {
                BatchLoader loader = t.newLoader();
                TrainBatch first = loader.next();
                assertEquals(4, first.batchSize());
                loader.close();
            }
        }
        String log = Files.readString(run.resolve("train.log"));
        assertFalse(log.contains("WARNING"), log);
    }
}
