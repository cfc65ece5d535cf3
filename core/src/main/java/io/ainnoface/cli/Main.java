package io.ainnoface.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

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
        // a refused argument (a peer asked for --tta, a threshold out of range...) or a file that cannot be read (a
        // bad config field, a missing annotation file) is a message, not a stack trace; a bug still shows its trace
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code;
            if (e instanceof IllegalArgumentException) {
                code = 2;
            } else if (e instanceof IOException || e instanceof UncheckedIOException) {
                code = 1;
            } else {
                throw e;
            }
            cmd.getErr().println("error: " + describe(e));
            if (System.getenv(STACKTRACE) != null) {
                e.printStackTrace(cmd.getErr());
            } else if (code == 1) {
                cmd.getErr().println("(" + STACKTRACE + "=1 shows where)");
            }
            cmd.getErr().flush();
            return code;
        });
        return cli.execute(args);
    }

    /** Set in the environment, a refused command also prints its stack trace. */
    static final String STACKTRACE = "AINNOFACE_STACKTRACE";

    /** The message of a refused command; the JDK's file errors carry only the path, so their kind is added. */
    static String describe(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof FileSystemException f && f.getReason() == null) {
            String kind = t instanceof NoSuchFileException ? "no such file or folder"
                    : t instanceof AccessDeniedException ? "permission denied"
                    : t instanceof NotDirectoryException ? "not a folder"
                    : t instanceof FileAlreadyExistsException ? "already exists"
                    : t instanceof DirectoryNotEmptyException ? "folder not empty"
                    : t.getClass().getSimpleName();
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + kind;
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getName();
    }
}
