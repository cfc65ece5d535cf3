package io.ainnoface.spark;

import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ImageLoadException;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.infer.NetworkRunner;
import io.ainnoface.verify.FaceVerifier;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batch face detection as a Spark job: image paths in, one row per image out
 * ({@code path, width, height, faces: [{box: [x1, y1, x2, y2], score}], error}). The model is
 * loaded once per executor JVM and shared by its tasks; a bad image gives a row with its error.
 */
public final class SparkDetect {
    /** Output schema; boxes in pixels of the original image ({@code xyxy}). */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("path", DataTypes.StringType, false),
        DataTypes.createStructField("width", DataTypes.IntegerType, true),
        DataTypes.createStructField("height", DataTypes.IntegerType, true),
        DataTypes.createStructField("faces", DataTypes.createArrayType(new StructType(new StructField[] {
            DataTypes.createStructField("box", DataTypes.createArrayType(DataTypes.FloatType, false), false),
            DataTypes.createStructField("score", DataTypes.FloatType, false)}), false), true),
        DataTypes.createStructField("error", DataTypes.StringType, true)});

    /** Model folder → its network (ONNX Runtime when the folder has the export), once per JVM (executor). */
    private static final Map<String, NetworkRunner> NETWORKS = new ConcurrentHashMap<>();
    /** Model folder → its TTA's verifier, once per JVM; like the network, stateless between calls. */
    private static final Map<String, FaceVerifier> VERIFIERS = new ConcurrentHashMap<>();

    private SparkDetect() {}

    /** Job settings; serializable so tasks carry them. */
    public static final class Options implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public String model;
        public double threshold = 0.5;
        public int batch = 4;
        public long maxPixels = 100_000_000L;
        /** Multi-scale + flip test-time augmentation, with the folder's verifier when it has one. */
        public boolean tta;
        /** Fields of the model's inference section set for this job ({@code --set}), field to YAML value. */
        public Map<String, String> inference = new java.util.LinkedHashMap<>();
    }

    /**
     * Reads image paths: a text file (one path per line), a folder (images found recursively), or
     * a table (Parquet, ORC, JSON or CSV with a header) with {@code pathColumn}.
     */
    public static Dataset<String> readPaths(SparkSession spark, String input, String format, String pathColumn) {
        String f = format == null ? guessFormat(input) : format.toLowerCase(Locale.ROOT);
        Dataset<Row> rows = switch (f) {
            case "text" -> spark.read().text(input).withColumnRenamed("value", pathColumn);
            case "folder" -> spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                    .option("pathGlobFilter", "*.{jpg,jpeg,png,bmp,gif,JPG,JPEG,PNG}").load(input).select("path")
                    .withColumnRenamed("path", pathColumn);
            case "csv" -> spark.read().option("header", "true").csv(input);
            default -> spark.read().format(f).load(input);
        };
        if (!List.of(rows.columns()).contains(pathColumn)) {
            throw new IllegalArgumentException(input + ": no column '" + pathColumn + "' (columns: "
                    + String.join(", ", rows.columns()) + ")");
        }
        return rows.select(pathColumn).as(Encoders.STRING()).filter((org.apache.spark.api.java.function.FilterFunction<String>)
                p -> p != null && !p.isBlank());
    }

    static String guessFormat(String input) {
        String l = input.toLowerCase(Locale.ROOT);
        if (l.endsWith(".txt") || l.endsWith(".lst")) {
            return "text";
        }
        for (String t : List.of("parquet", "orc", "json", "csv")) {
            if (l.endsWith("." + t)) {
                return t;
            }
        }
        Path p = Path.of(l.startsWith("file:") ? URI.create(input).getPath() : input);
        return Files.isDirectory(p) ? "folder" : "text";
    }

    /** Detects faces in every path; one output row per input path. */
    public static Dataset<Row> detect(Dataset<String> paths, Options opt) {
        MapPartitionsFunction<String, Row> fn = it -> detectPartition(it, opt);
        return paths.mapPartitions(fn, ExpressionEncoder.apply(SCHEMA));
    }

    private static Iterator<Row> detectPartition(Iterator<String> paths, Options opt) throws IOException {
        NetworkRunner net = NETWORKS.computeIfAbsent(opt.model, SparkDetect::openNetwork);
        DetectorConfig cfg = ModelFolder.readConfig(Path.of(opt.model));
        ConfigLoader.overrideInference(cfg.inference, opt.inference);
        FaceVerifier verifier = opt.tta && cfg.verifier != null
                ? VERIFIERS.computeIfAbsent(opt.model, dir -> openVerifier(dir, cfg)) : null;
        // a detector per task (they are not thread-safe); the networks are shared by the JVM's tasks
        FaceDetector det = new FaceDetector(net, cfg, verifier);
        ImageLoader loader = new ImageLoader(opt.maxPixels, cfg.inference.minSide);
        return new Iterator<>() {
            private final List<Row> ready = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                ready.clear();
                next = 0;
                List<String> okPaths = new ArrayList<>();
                List<BufferedImage> imgs = new ArrayList<>();
                List<Row> errors = new ArrayList<>();
                while (paths.hasNext() && okPaths.size() + errors.size() < Math.max(1, opt.batch)) {
                    String p = paths.next();
                    try {
                        imgs.add(loader.decode(Path.of(p), read(p)));
                        okPaths.add(p);
                    } catch (ImageLoadException e) {
                        errors.add(RowFactory.create(p, null, null, null, e.getMessage()));
                    } catch (IOException | RuntimeException e) {
                        errors.add(RowFactory.create(p, null, null, null, p + ": cannot read file: " + e.getMessage()));
                    }
                }
                List<List<Face>> faces = imgs.isEmpty() ? List.of() : det.detect(imgs, opt.threshold, opt.tta);
                for (int i = 0; i < imgs.size(); i++) {
                    ready.add(row(okPaths.get(i), imgs.get(i), faces.get(i)));
                }
                ready.addAll(errors);
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    static Row row(String path, BufferedImage img, List<Face> faces) {
        List<Row> fl = new ArrayList<>(faces.size());
        for (Face f : faces) {
            fl.add(RowFactory.create(new float[] {f.x1(), f.y1(), f.x2(), f.y2()}, f.score()));
        }
        return RowFactory.create(path, img.getWidth(), img.getHeight(), fl.toArray(), null);
    }

    /** Local paths and {@code file:} URIs directly; other schemes (hdfs:, s3a:, ...) through Hadoop. */
    static byte[] read(String p) throws IOException {
        if (p.contains("://") || p.startsWith("file:")) {
            URI u = URI.create(p.replace(" ", "%20"));
            if ("file".equals(u.getScheme())) {
                return Files.readAllBytes(Path.of(u.getPath()));
            }
            org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(p);
            try (InputStream in = hp.getFileSystem(new org.apache.hadoop.conf.Configuration()).open(hp)) {
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(Path.of(p));
    }

    private static FaceVerifier openVerifier(String dir, DetectorConfig cfg) {
        try {
            return FaceVerifier.load(Path.of(dir), cfg.verifier, true, 1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static NetworkRunner openNetwork(String dir) {
        try {
            // one compute thread per call: Spark gives each task a core, and the executor's tasks share this network
            return FaceDetector.openRunner(Path.of(dir), FaceDetector.Engine.AUTO, 1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
