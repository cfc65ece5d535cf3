package io.ainnoface.cli;

import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.train.Checkpoints;
import io.ainnoface.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the newest good checkpoint of a training run as a model folder.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The run's YAML config.")
    Path config;

    @Option(names = "--run", required = true, description = "Run folder (holds checkpoints/).")
    Path run;

    @Option(names = "--output", required = true, description = "Model folder to write.")
    Path output;

    @Option(names = "--last-weights", description = "With train.emaDecay: write the last weights instead of the"
            + " weight average.")
    boolean lastWeights;

    @Override
    public Integer call() throws Exception {
        DetectorConfig cfg = ConfigLoader.load(config);
        if (Checkpoints.list(run.resolve("checkpoints")).isEmpty()) {
            System.err.println("error: no checkpoint in " + run.resolve("checkpoints"));
            return 2;
        }
        try (Trainer t = Trainer.forExport(cfg, run)) {
            t.export(output, !lastWeights);
            System.out.println("exported iteration " + t.state().iteration() + " (epoch " + t.state().epoch()
                    + ") of " + run + (t.keepsAverage() && !lastWeights ? ", weight average," : "") + " to " + output);
        }
        return 0;
    }
}
