package io.ainnoface.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ainnoface.cli.Main;
import io.ainnoface.util.AppPaths;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkDetectTest {
    @TempDir
    Path tmp;

    @Test
    void localJobMatchesTheDetectCommandAndReportsBadFiles() throws Exception {
        Path shared = Path.of(System.getProperty("ainnoface.shared"));
        Path images = shared.resolve("data/widerface/WIDER_train/images");
        List<Path> files = new ArrayList<>();
        files.add(shared.resolve("samples/grace_hopper_512x512.jpg"));
        try (var s = Files.list(images.resolve("13--Interview"))) {
            s.sorted().limit(4).forEach(files::add);
        }
        Path broken = tmp.resolve("broken.jpg");
        byte[] jpeg = Files.readAllBytes(files.get(0));
        Files.write(broken, Arrays.copyOf(jpeg, jpeg.length / 3));
        Path text = tmp.resolve("notes.jpg");
        Files.writeString(text, "not an image\n");
        files.add(broken);
        files.add(text);
        Path list = tmp.resolve("paths.txt");
        List<String> lines = new ArrayList<>();
        files.forEach(p -> lines.add(p.toAbsolutePath().normalize().toString()));
        Files.write(list, lines, StandardCharsets.UTF_8);

        Path model = AppPaths.defaultModel();
        // the detect command on the same files, one image per forward pass like the job below
        Path json = tmp.resolve("detect.json");
        List<String> args = new ArrayList<>(List.of("detect", "--model", model.toString(), "--batch", "1",
                "--threshold", "0.3", "--output", tmp.resolve("drawn").toString(), "--json", json.toString()));
        args.addAll(lines);
        assertEquals(1, Main.run(args.toArray(String[]::new)), "detect exits 1 when some images fail");
        Map<String, JsonNode> expected = new HashMap<>();
        for (JsonNode n : new ObjectMapper().readTree(json.toFile())) {
            expected.put(n.get("image").asText(), n);
        }

        SparkSession spark = SparkSession.builder().master("local[2]").appName("test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        try {
            SparkDetect.Options opt = new SparkDetect.Options();
            opt.model = model.toString();
            opt.threshold = 0.3;
            opt.batch = 1;
            Path out = tmp.resolve("out");
            SparkDetect.detect(SparkDetect.readPaths(spark, list.toString(), null, "path").repartition(2), opt)
                    .write().json(out.toString());
            List<Row> rows = spark.read().schema(SparkDetect.SCHEMA).json(out.toString()).collectAsList();
            assertEquals(files.size(), rows.size());
            int faces = 0;
            for (Row r : rows) {
                String path = r.getString(0);
                JsonNode want = expected.get(path);
                assertNotNull(want, path);
                if (want.has("error")) {
                    assertNull(r.get(3));
                    assertEquals(want.get("error").asText(), r.getString(4));
                    continue;
                }
                assertNull(r.get(4), path);
                assertEquals(want.get("width").asInt(), r.getInt(1));
                assertEquals(want.get("height").asInt(), r.getInt(2));
                faces += assertSameFaces(want.get("faces"), r.getList(3), path);
            }
            assertTrue(faces >= 5, "faces found: " + faces);
            assertTrue(rows.stream().filter(r -> r.get(4) != null).anyMatch(r -> r.getString(4).contains("truncated")));
            assertTrue(rows.stream().filter(r -> r.get(4) != null).anyMatch(r -> r.getString(4).contains("not an image")));
        } finally {
            spark.stop();
        }
    }

    @Test
    void numbersOutOfRangeAreRefusedBeforeSparkStarts() {
        String[][] cases = {
            {"--threshold", "2", "error: --threshold must be a score in [0, 1], got 2.0"},
            {"--batch", "0", "error: --batch must be at least 1, got 0"},
            {"--partitions", "0", "error: --partitions must be at least 1, got 0"},
        };
        for (String[] c : cases) {
            java.io.PrintStream old = System.err;
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            System.setErr(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = new picocli.CommandLine(new SparkDetectMain()).execute("--input", "none.txt", "--model",
                        AppPaths.defaultModel().toString(), "--output", tmp.resolve("never").toString(), c[0], c[1]);
            } finally {
                System.setErr(old);
            }
            String err = buf.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, err);
            assertTrue(err.contains(c[2]), err);
        }
    }

    @Test
    void ttaWithInferenceSetsMatchesTheDetectCommand() throws Exception {
        Path shared = Path.of(System.getProperty("ainnoface.shared"));
        List<String> lines = new ArrayList<>();
        lines.add(shared.resolve("samples/grace_hopper_512x512.jpg").toAbsolutePath().normalize().toString());
        try (var s = Files.list(shared.resolve("data/widerface/WIDER_train/images/13--Interview"))) {
            s.sorted().limit(1).forEach(p -> lines.add(p.toAbsolutePath().normalize().toString()));
        }
        Path list = Files.write(tmp.resolve("tta-paths.txt"), lines, StandardCharsets.UTF_8);
        Path model = AppPaths.defaultModel();
        Path json = tmp.resolve("tta-detect.json");
        List<String> args = new ArrayList<>(List.of("detect", "--model", model.toString(), "--batch", "1", "--tta",
                "--set", "inference.ttaMaxSize=1280", "--threshold", "0.3", "--draw", "none", "--output",
                tmp.resolve("tta-drawn").toString(), "--json", json.toString()));
        args.addAll(lines);
        assertEquals(0, Main.run(args.toArray(String[]::new)));
        Map<String, JsonNode> expected = new HashMap<>();
        for (JsonNode n : new ObjectMapper().readTree(json.toFile())) {
            expected.put(n.get("image").asText(), n.get("faces"));
        }

        SparkSession spark = SparkSession.builder().master("local[2]").appName("test-tta")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            SparkDetect.Options opt = new SparkDetect.Options();
            opt.model = model.toString();
            opt.threshold = 0.3;
            opt.batch = 1;
            opt.tta = true;
            opt.inference.put("ttaMaxSize", "1280");
            List<Row> rows = SparkDetect.detect(SparkDetect.readPaths(spark, list.toString(), null, "path"), opt)
                    .collectAsList();
            assertEquals(lines.size(), rows.size());
            int faces = 0;
            for (Row r : rows) {
                faces += assertSameFaces(expected.get(r.getString(0)), r.getList(3), r.getString(0));
            }
            assertTrue(faces >= 2, "faces found: " + faces);
            // the TTA's verifier re-scores small boxes: the job ran the TTA, not single scale
            assertTrue(!single(spark, list, model).equals(rows.toString()), "the TTA rows equal single scale's");
        } finally {
            spark.stop();
        }
    }

    /**
     * The job's faces of one image are the detect command's (its JSON {@code faces}), to the JSON's rounding.
     *
     * @return how many
     */
    private static int assertSameFaces(JsonNode want, List<Row> got, String path) {
        assertEquals(want.size(), got.size(), path);
        for (int i = 0; i < got.size(); i++) {
            List<Float> box = got.get(i).getList(0);
            for (int c = 0; c < 4; c++) {
                assertEquals(want.get(i).get("box").get(c).asDouble(), box.get(c), 0.051, path);
            }
            assertEquals(want.get(i).get("score").asDouble(), got.get(i).getFloat(1), 5.1e-5, path);
        }
        return got.size();
    }

    private static String single(SparkSession spark, Path list, Path model) {
        SparkDetect.Options opt = new SparkDetect.Options();
        opt.model = model.toString();
        opt.threshold = 0.3;
        opt.batch = 1;
        return SparkDetect.detect(SparkDetect.readPaths(spark, list.toString(), null, "path"), opt).collectAsList()
                .toString();
    }
}
