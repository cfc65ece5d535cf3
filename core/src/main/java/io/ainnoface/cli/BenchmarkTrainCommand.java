package io.ainnoface.cli;

import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.data.BatchLoader;
import io.ainnoface.data.TrainBatch;
import io.ainnoface.data.WiderAnnotations;
import io.ainnoface.loss.AInnoFaceLoss;
import io.ainnoface.train.Trainer;
import io.ainnoface.util.AppPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "benchmark-train", mixinStandardHelpOptions = true,
        description = {"Training throughput in one run: the full loop (decoding, augmentation and targets on worker",
            "threads) against the bare forward+loss+backward+step of the same network on pre-made batches."})
final class BenchmarkTrainCommand implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "configs/cpu_mobilenet.yaml", description = "Config (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--iterations", defaultValue = "20", description = "Timed iterations of each mode (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "3")
    int warmup;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--iterations", iterations, 1);
        OptionChecks.atLeast("--warmup", warmup, 0);
        DetectorConfig cfg = ConfigLoader.load(config);
        cfg.train.checkpointEvery = Integer.MAX_VALUE;
        cfg.train.evalEveryEpochs = 0;
        Path root = AppPaths.resolve(cfg.train.dataRoot);
        WiderAnnotations ann = WiderAnnotations.read(root.resolve(cfg.train.trainSplit));
        Path run = Files.createTempDirectory("bench-train");
        try (Trainer t = new Trainer(cfg, run, ann.images(), root.resolve(cfg.train.trainImages), false)) {
            t.setQuiet(true);
            AInnoFaceLoss loss = t.newLoss();
            List<TrainBatch> batches = new ArrayList<>();
            try (BatchLoader loader = t.newLoader()) {
                for (int i = 0; i < Math.min(4, iterations); i++) {
                    batches.add(loader.next());
                }
            }
            for (int i = 0; i < warmup; i++) {
                t.step(batches.get(i % batches.size()), loss, 0, 0.9);
            }
            long t0 = System.nanoTime();
            int images = 0;
            for (int i = 0; i < iterations; i++) {
                TrainBatch b = batches.get(i % batches.size());
                t.step(b, loss, 0, 0.9);
                images += b.batchSize();
            }
            double bare = images / ((System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            t.run(iterations);
            double full = iterations * cfg.train.batchSize / ((System.nanoTime() - t1) / 1e9);
            System.out.printf(Locale.ROOT, "input %d, batch %d, %d iterations each, %d data workers%n",
                    cfg.train.inputSize, cfg.train.batchSize, iterations, cfg.train.workers);
            System.out.printf(Locale.ROOT, "bare step on pre-made batches: %.2f img/s%n", bare);
            System.out.printf(Locale.ROOT, "full training loop:            %.2f img/s%n", full);
            System.out.printf(Locale.ROOT, "ratio full / bare:             %.3f%n", full / bare);
        }
        return 0;
    }
}
