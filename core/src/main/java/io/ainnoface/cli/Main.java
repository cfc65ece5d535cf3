package io.ainnoface.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ainnoface}: face detection with AInnoFace. */
@Command(name = "ainnoface", mixinStandardHelpOptions = true, version = "ainnoface 0.1.0",
        description = "AInnoFace face detector (arXiv 1905.01585) on DJL + PyTorch.",
        subcommands = {DetectCommand.class, TrainCommand.class, EvaluateCommand.class, CompareCommand.class, ExportCommand.class, AverageCommand.class, ExportOnnxCommand.class, InitModelCommand.class, BenchmarkDetectorsCommand.class, BenchmarkCommand.class, BenchmarkTrainCommand.class, TrainVerifierCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    static final String[] OPTIONAL_COMMANDS = {"io.ainnoface.serve.ServeCommand", "io.ainnoface.serve.LoadTestCommand",
        "io.ainnoface.spark.SparkDetectCommand"};

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        // commands of the optional modules (serve, spark) when they are on the class path
        for (String c : OPTIONAL_COMMANDS) {
            try {
                cli.addSubcommand(Class.forName(c).getDeclaredConstructor().newInstance());
            } catch (ClassNotFoundException e) {
                // module not installed
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(c, e);
            }
        }
        // a refused argument (a peer asked for --tta, a threshold out of range...) is a message, not a stack trace
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + e.getMessage());
                cmd.getErr().flush();
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
