package io.ainnoface.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ainnoface}: face detection with AInnoFace. */
@Command(name = "ainnoface", mixinStandardHelpOptions = true, version = "ainnoface 0.1.0",
        description = "AInnoFace face detector (arXiv 1905.01585) on DJL + PyTorch.",
        subcommands = {DetectCommand.class, TrainCommand.class, EvaluateCommand.class, ExportCommand.class, InitModelCommand.class, BenchmarkDetectorsCommand.class, BenchmarkCommand.class, BenchmarkTrainCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
}
