package io.ainnoface.spark;

import io.ainnoface.cli.InferenceOptions;
import io.ainnoface.cli.OptionChecks;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code spark-submit --class io.ainnoface.spark.SparkDetectMain ...}: see README "Batch detection on Spark". */
@Command(name = "ainnoface-spark", mixinStandardHelpOptions = true,
        description = {"Batch face detection on Apache Spark: one row per image (path, width, height, faces, error).",
            "A bad image gives a row with its error; the job goes on."})
public final class SparkDetectMain implements Callable<Integer> {
    @Option(names = "--input", required = true,
            description = "Image paths: a text file (one per line), a folder (searched recursively) or a table with --path-column.")
    String input;

    @Option(names = "--input-format", description = "text, folder, parquet, orc, json or csv (default: from the name).")
    String inputFormat;

    @Option(names = "--path-column", defaultValue = "path", description = "Column of image paths in a table (default: ${DEFAULT-VALUE}).")
    String pathColumn;

    @Option(names = "--model", required = true,
            description = "Model folder, readable on every executor (e.g. shipped with --archives model.zip#model, then --model model).")
    String model;

    @Option(names = "--output", required = true, description = "Output folder.")
    String output;

    @Option(names = "--output-format", defaultValue = "parquet", description = "parquet, json (JSON lines) or both (default: ${DEFAULT-VALUE}).")
    String outputFormat;

    @Option(names = "--threshold", defaultValue = "0.5", description = "Face score threshold (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--batch", defaultValue = "4", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--tta", description = "Multi-scale + flip test-time augmentation with box voting and the model's "
            + "verifier (a detect call on devval's 1024-px photos takes about 44 times single scale's; README, Status).")
    boolean tta;

    @Option(names = "--tta-preset", paramLabel = "NAME", description = InferenceOptions.PRESET_HELP)
    String ttaPreset;

    @Option(names = "--set", paramLabel = "inference.FIELD=VALUE", description = InferenceOptions.SET_HELP)
    List<String> sets = new ArrayList<>();

    @Option(names = "--partitions", description = "Repartition the paths into this many tasks (default: as read).")
    Integer partitions;

    @Option(names = "--master", description = "Spark master when not started by spark-submit (e.g. local[2]).")
    String master;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkDetectMain()).execute(args));
    }

    @Override
    public Integer call() {
        // spark-submit runs this class without Main's handler, which would print these refusals the same way
        Map<String, String> inference;
        try {
            OptionChecks.score("--threshold", threshold);
            OptionChecks.atLeast("--batch", batch, 1);
            if (partitions != null) {
                OptionChecks.atLeast("--partitions", partitions, 1);
            }
            inference = InferenceOptions.checked(Path.of(model), ttaPreset, sets);
        } catch (IllegalArgumentException | IOException e) {
            // a folder that cannot be read names its file: not a --set's fault, as this said before
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        SparkSession.Builder b = SparkSession.builder().appName("ainnoface-detect");
        if (master != null) {
            b.master(master);
        }
        SparkSession spark = b.getOrCreate();
        try {
            SparkDetect.Options opt = new SparkDetect.Options();
            opt.model = model;
            opt.threshold = threshold;
            opt.batch = batch;
            opt.tta = tta || ttaPreset != null;
            opt.inference = inference;
            Dataset<String> paths = SparkDetect.readPaths(spark, input, inputFormat, pathColumn);
            if (partitions != null) {
                paths = paths.repartition(partitions);
            }
            Dataset<Row> out = SparkDetect.detect(paths, opt).cache();
            String f = outputFormat.toLowerCase(Locale.ROOT);
            if (f.equals("parquet") || f.equals("both")) {
                out.write().mode(SaveMode.Overwrite).parquet(f.equals("both") ? output + "/parquet" : output);
            }
            if (f.equals("json") || f.equals("both")) {
                out.write().mode(SaveMode.Overwrite).json(f.equals("both") ? output + "/json" : output);
            }
            long n = out.count();
            long bad = out.filter("error is not null").count();
            System.out.printf(Locale.ROOT, "%d image(s), %d with errors; output in %s%n", n, bad, output);
            return 0;
        } finally {
            spark.stop();
        }
    }
}
