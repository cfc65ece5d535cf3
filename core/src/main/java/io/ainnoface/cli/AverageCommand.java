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
        description = "Write the mean of the weights of model folders of one architecture (a uniform model soup,"
                + " e.g. fine-tunes of the same weights); the first folder's config is kept.")
final class AverageCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "MODEL_DIR", description = "Model folders to average (two or more).")
    List<Path> models;

    @Option(names = "--output", required = true, description = "Model folder to write.")
    Path output;

    @Option(names = "--name", description = "Name in the written config (default: the first folder's).")
    String name;

    @Override
    public Integer call() throws Exception {
        try {
            ModelSoup.average(models, output, name);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        System.out.println("wrote the mean of " + models.size() + " models to " + output);
        return 0;
    }
}
