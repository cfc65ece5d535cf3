package io.ainnoface.cli;

import ai.djl.Model;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.model.Networks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "init-model", mixinStandardHelpOptions = true,
        description = "Write an untrained model folder (random head, ImageNet backbone if configured).")
final class InitModelCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "YAML config (see configs/).")
    Path config;

    @Option(names = "--output", required = true, description = "Model folder to write.")
    Path output;

    @Override
    public Integer call() throws Exception {
        DetectorConfig cfg = ConfigLoader.load(config);
        try (Model model = Networks.newModel(cfg)) {
            ModelFolder.save(output, cfg, model);
        }
        System.out.println("wrote " + output);
        return 0;
    }
}
