package io.ainnoface.cli;

import io.ainnoface.train.ModelSoup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "average", mixinStandardHelpOptions = true,
        description = "Write the mean of the weights of model folders of one architecture (a model soup, e.g."
                + " fine-tunes of the same weights; uniform unless --weights); the first folder's config is kept.")
final class AverageCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "MODEL_DIR", description = "Model folders to average (two or more).")
    List<Path> models;

    @Option(names = "--output", required = true, description = "Model folder to write.")
    Path output;

    @Option(names = "--weights", split = ",", paramLabel = "W,W,...",
            description = "One positive weight per folder, in order (normalized by their sum). E.g. 2,1,1 with"
                    + " the start first and two of its fine-tunes after it: half the start, half the fine-tunes'"
                    + " mean (WiSE-FT). Default: equal.")
    List<Double> weights;

    @Option(names = "--name", description = "Name in the written config (default: the first folder's).")
    String name;

    @Override
    public Integer call() throws Exception {
        try {
            ModelSoup.average(models, weights, output, name);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        System.out.println("wrote the " + (weights == null ? "" : "weighted ") + "mean of " + models.size()
                + " models to " + output);
        return 0;
    }
}
