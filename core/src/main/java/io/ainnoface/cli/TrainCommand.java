package io.ainnoface.cli;

import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.data.HardFaceRepeat;
import io.ainnoface.data.SplitSubset;
import io.ainnoface.data.WiderAnnotations;
import io.ainnoface.data.WiderImage;
import io.ainnoface.eval.WiderGroundTruth;
import io.ainnoface.train.DevvalHook;
import io.ainnoface.train.Trainer;
import io.ainnoface.util.AppPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train AInnoFace on WIDER FACE (resumable; checkpoints, metrics.csv, plots in the run folder).",
            "Exit code 3 when the loss became non-finite (the last good checkpoint is kept)."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "YAML config (e.g. configs/cpu_mobilenet.yaml).")
    Path config;

    @Option(names = "--run", description = "Run folder (default: runs/<config name>).")
    Path run;

    @Option(names = "--resume", description = "Continue from the newest good checkpoint of the run folder.")
    boolean resume;

    @Option(names = "--iterations", defaultValue = "0", description = "Stop after this many more iterations (0 = all epochs).")
    long iterations;

    @Option(names = "--export", description = "Write the final model (the weight average with train.emaDecay) as a model folder here.")
    Path export;

    @Option(names = "--data-root", description = "WIDER FACE root (default: train.dataRoot of the config).")
    Path dataRoot;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--iterations", iterations, 0);
        DetectorConfig cfg = ConfigLoader.load(config);
        Path root = dataRoot != null ? dataRoot : AppPaths.resolve(cfg.train.dataRoot);
        Path runDir = run != null ? run : Path.of("runs", cfg.name);
        WiderAnnotations ann = WiderAnnotations.read(root.resolve(cfg.train.trainSplit));
        System.err.printf("%s: %d images, %d faces (dropped %d invalid, %d degenerate)%n",
                cfg.train.trainSplit, ann.images().size(), ann.faceCount(), ann.droppedInvalid(), ann.droppedDegenerate());
        List<WiderImage> images = SplitSubset.sample(ann.images(), cfg.train.imageFraction, cfg.train.seed);
        if (images.size() < ann.images().size()) {
            System.err.printf("train.imageFraction %s: training on %d of the %d images%n",
                    cfg.train.imageFraction, images.size(), ann.images().size());
        }
        if (cfg.train.hardLargeRepeats > 1) {
            int before = images.size();
            images = HardFaceRepeat.apply(images, cfg.train.hardLargeRepeats, cfg.train.hardLargeMinSize);
            System.err.printf("train.hardLargeRepeats %d: %d images with a hard face of %s px or more listed %d times,"
                    + " %d samples an epoch%n", cfg.train.hardLargeRepeats,
                    (images.size() - before) / (cfg.train.hardLargeRepeats - 1), cfg.train.hardLargeMinSize,
                    cfg.train.hardLargeRepeats, images.size());
        }
        try (Trainer trainer = new Trainer(cfg, runDir, images, root.resolve(cfg.train.trainImages), resume)) {
            if (cfg.train.evalEveryEpochs > 0) {
                WiderAnnotations val = WiderAnnotations.read(root.resolve(cfg.train.valSplit), true);
                trainer.setEpochHook(new DevvalHook(WiderGroundTruth.fromAnnotations(val.images()),
                        root.resolve(cfg.train.valImages), cfg.train.evalEveryEpochs, cfg.train.evalMaxImages));
            }
            try {
                trainer.run(iterations);
            } catch (Trainer.NonFiniteLossException e) {
                System.err.println("error: " + e.getMessage());
                return 3;
            }
            if (export != null) {
                trainer.export(export, true);
                System.err.println("exported model folder " + export);
            }
        }
        return 0;
    }
}
