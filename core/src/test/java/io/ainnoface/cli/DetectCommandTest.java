package io.ainnoface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ainnoface.TestData;
import io.ainnoface.TestModels;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.BundledModel;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.FaceRegions;
import io.ainnoface.infer.ModelFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectCommandTest {
    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void makeModel() throws Exception {
        model = TestModels.untrainedFolder(tmp.resolve("model"));
    }

    record Run(int code, String err) {}

    static Run run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void realPhotoEndToEnd() throws Exception {
        Path out = tmp.resolve("out1");
        Run r = run("detect", TestData.sample().toString(), "--model", model.toString(), "--output", out.toString(),
                "--threshold", "0");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("detections.json").toFile());
        assertEquals(1, json.size());
        assertEquals(512, json.get(0).get("width").asInt());
        assertEquals(512, json.get(0).get("height").asInt());
        // an untrained head still yields scored boxes inside the image
        JsonNode faces = json.get(0).get("faces");
        assertTrue(faces.size() > 0);
        for (JsonNode f : faces) {
            JsonNode b = f.get("box");
            assertTrue(b.get(0).asDouble() >= 0 && b.get(2).asDouble() <= 512 && b.get(0).asDouble() < b.get(2).asDouble());
        }
        BufferedImage drawn = ImageIO.read(out.resolve("grace_hopper_512x512.jpg").toFile());
        assertEquals(512, drawn.getWidth());
    }

    @Test
    void badInputsAreReportedOneLineEachAndTheBatchGoesOn() throws Exception {
        Path in = tmp.resolve("inputs");
        Files.createDirectories(in);
        Path good = Files.copy(TestData.sample(), in.resolve("good.jpg"));
        byte[] full = Files.readAllBytes(TestData.sample());
        Path cut = Files.write(in.resolve("truncated.jpg"), Arrays.copyOf(full, full.length / 3));
        Path text = Files.writeString(in.resolve("readme.png"), "not an image");
        Path tiny = in.resolve("tiny.png");
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", tiny.toFile());
        Path huge = Files.write(in.resolve("huge.png"), io.ainnoface.infer.ImageLoaderTest.hugePngHeader(30000, 20000));
        Path missing = in.resolve("missing.jpg");
        Path out = tmp.resolve("out2");
        Run r = run("detect", good.toString(), cut.toString(), text.toString(), tiny.toString(), huge.toString(),
                missing.toString(), "--model", model.toString(), "--output", out.toString(), "--batch", "2");
        assertEquals(1, r.code(), r.err());
        for (Path bad : new Path[] {cut, text, tiny, huge, missing}) {
            assertTrue(r.err().lines().anyMatch(l -> l.startsWith("error: " + bad + ": ")), bad + " in\n" + r.err());
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("detections.json").toFile());
        assertEquals(6, json.size());
        assertTrue(Files.exists(out.resolve("good.jpg")));
        int withError = 0;
        for (JsonNode n : json) {
            withError += n.has("error") ? 1 : 0;
        }
        assertEquals(5, withError);
    }

    @Test
    void aFolderIsSearchedForEveryReadableFormatAndNothingElse() throws Exception {
        Path in = tmp.resolve("formats");
        Files.createDirectories(in.resolve("sub"));
        Files.copy(TestData.sample(), in.resolve("sub/a.jpg"));
        Files.copy(Path.of(getClass().getResource("/images/sample-lossy.webp").toURI()), in.resolve("b.webp"));
        ImageIO.write(ImageIO.read(TestData.sample().toFile()), "tiff", in.resolve("c.tif").toFile());
        Files.writeString(in.resolve("notes.txt"), "not an image, and not looked at");
        Path out = tmp.resolve("out-formats");
        Run r = run("detect", in.toString(), "--model", model.toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("detections.json").toFile());
        assertEquals(List.of(in.resolve("b.webp").toString(), in.resolve("c.tif").toString(),
                in.resolve("sub/a.jpg").toString()), json.findValuesAsText("image"));
        assertEquals(List.of(128, 512, 512), json.findValues("width").stream().map(JsonNode::asInt).toList());
        // annotated copies: WebP and TIFF come out as JPEG
        assertTrue(Files.exists(out.resolve("b.jpg")) && Files.exists(out.resolve("c.jpg")) && Files.exists(out.resolve("a.jpg")));
    }

    @Test
    void pixelatedImagesAndFaceCropsOfTheBundledModel() throws Exception {
        Path in = tmp.resolve("anonymize");
        Files.createDirectories(in);
        BufferedImage photo = ImageIO.read(TestData.sample().toFile());
        Path png = in.resolve("hopper.png"); // lossless, so that the written image can be compared pixel by pixel
        ImageIO.write(photo, "png", png.toFile());
        Path out = tmp.resolve("out-anonymize");
        Path crops = tmp.resolve("crops");
        Run r = run("detect", png.toString(), "--model", BundledModel.folder().toString(),
                "--output", out.toString(), "--draw", "pixelate", "--crops", crops.toString());
        assertEquals(0, r.code(), r.err());
        List<Face> faces;
        try (FaceDetector det = FaceDetector.load(BundledModel.folder())) {
            faces = det.detect(photo, 0.5);
        }
        assertEquals(1, faces.size());
        int[] box = FaceRegions.region(faces.get(0), 0.2, 512, 512);
        JsonNode face = new ObjectMapper().readTree(out.resolve("detections.json").toFile()).get(0).get("faces").get(0);
        assertEquals(crops.resolve("hopper_1.jpg").toString(), face.get("crop").asText());
        BufferedImage crop = ImageIO.read(crops.resolve("hopper_1.jpg").toFile());
        assertEquals(box[2] - box[0], crop.getWidth());
        assertEquals(box[3] - box[1], crop.getHeight());
        BufferedImage shown = ImageIO.read(out.resolve("hopper.png").toFile());
        int[] hidden = FaceRegions.region(faces.get(0), FaceRegions.PIXELATE_MARGIN, 512, 512);
        int side = (int) Math.ceil(Math.max(hidden[2] - hidden[0], hidden[3] - hidden[1]) / (double) FaceRegions.PIXELATE_BLOCKS);
        int changed = 0;
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                boolean inside = x >= hidden[0] && x < hidden[2] && y >= hidden[1] && y < hidden[3];
                if (!inside) {
                    assertEquals(photo.getRGB(x, y), shown.getRGB(x, y), "outside the face at " + x + "," + y);
                } else {
                    changed += photo.getRGB(x, y) != shown.getRGB(x, y) ? 1 : 0;
                    // one colour per block
                    int bx = hidden[0] + (x - hidden[0]) / side * side;
                    int by = hidden[1] + (y - hidden[1]) / side * side;
                    assertEquals(shown.getRGB(bx, by), shown.getRGB(x, y), "block of " + x + "," + y);
                }
            }
        }
        assertTrue(changed > 0.9 * (hidden[2] - hidden[0]) * (hidden[3] - hidden[1]), changed + " pixels changed");
        // --draw none: the JSON only
        Path bare = tmp.resolve("out-none");
        assertEquals(0, run("detect", png.toString(), "--model", model.toString(), "--output", bare.toString(),
                "--draw", "none").code());
        try (Stream<Path> s = Files.list(bare)) {
            assertEquals(List.of(bare.resolve("detections.json")), s.toList());
        }
        Run bad = run("detect", png.toString(), "--model", model.toString(), "--output", bare.toString(), "--crops",
                crops.toString(), "--crop-margin", "-1");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--crop-margin must be in [0, 10], got -1.0"), bad.err());
    }

    @Test
    void numbersOutOfRangeAreRefusedNamingTheOption() {
        String img = TestData.sample().toString();
        String out = tmp.resolve("out-range").toString();
        String[][] cases = {
            {"--threshold", "2", "--threshold must be a score in [0, 1], got 2.0"},
            {"--threshold", "NaN", "--threshold must be a score in [0, 1], got NaN"},
            {"--batch", "0", "--batch must be at least 1, got 0"},
        };
        for (String[] c : cases) {
            Run r = run("detect", img, "--model", model.toString(), "--output", out, c[0], c[1]);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("error: " + c[2]), r.err());
        }
        Run bench = run("benchmark", "--count", "0");
        assertEquals(2, bench.code(), bench.err());
        assertTrue(bench.err().contains("error: --count must be at least 1, got 0"), bench.err());
        assertFalse(Files.exists(tmp.resolve("out-range")), "nothing is written for a refused command");
        assertEquals(0.0, OptionChecks.score("--t", 0.0), 0);
        assertEquals(1.0, OptionChecks.score("--t", 1.0), 0);
        assertEquals(5, OptionChecks.atLeast("--n", 5, 5));
        String[][] others = {
            {"train-verifier", "--model", "m", "--predictions", "p", "--annotations", "a", "--images", "i", "--run", "r",
                "--lr", "0", "error: --lr must be above 0, got 0.0"},
            {"train", "--config", "c.yaml", "--iterations", "-1", "error: --iterations must be at least 0, got -1"},
            {"benchmark-backbones", "--runs", "0", "error: --runs must be at least 1, got 0"},
        };
        for (String[] c : others) {
            Run r = run(java.util.Arrays.copyOf(c, c.length - 1));
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(c[c.length - 1]), r.err());
        }
    }

    @Test
    void ttaScoreMeanMaxRescoresTheSameFacesAndBadValuesAreUsageErrors() throws Exception {
        Path max = tmp.resolve("tta-max");
        Path meanMax = tmp.resolve("tta-mean-max");
        String img = TestData.sample().toString();
        // every pass keeps its boxes (score threshold 0), so the passes disagree and the two scores differ
        Path model = TestModels.untrainedFolder(tmp.resolve("model-all-boxes"), 0.0);
        assertEquals(0, run("detect", img, "--model", model.toString(), "--output", max.toString(), "--tta",
                "--threshold", "0").code());
        Run r = run("detect", img, "--model", model.toString(), "--output", meanMax.toString(), "--tta",
                "--tta-score", "mean-max", "--threshold", "0");
        assertEquals(0, r.code(), r.err());
        JsonNode a = new ObjectMapper().readTree(max.resolve("detections.json").toFile()).get(0).get("faces");
        JsonNode b = new ObjectMapper().readTree(meanMax.resolve("detections.json").toFile()).get(0).get("faces");
        assertTrue(a.size() > 0);
        assertEquals(a.size(), b.size());
        // the JSON lists faces by score, which mean-max changes: pair them by box
        int lower = 0;
        for (JsonNode fb : b) {
            JsonNode fa = null;
            for (JsonNode f : a) {
                double d = 0;
                for (int k = 0; k < 4; k++) {
                    d += Math.abs(f.get("box").get(k).asDouble() - fb.get("box").get(k).asDouble());
                }
                if (d < 0.25) {
                    fa = f;
                }
            }
            assertTrue(fa != null, "no max-scored face with the box " + fb.get("box"));
            double sa = fa.get("score").asDouble();
            double sb = fb.get("score").asDouble();
            assertTrue(sb <= sa + 1e-4 && sb >= 0.5 * sa - 1e-4, sa + " vs " + sb);
            lower += sb < sa - 1e-3 ? 1 : 0;
        }
        assertTrue(lower > 0);
        Run bad = run("detect", img, "--model", model.toString(), "--output", tmp.resolve("tta-bad").toString(),
                "--tta", "--tta-score", "mean");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--tta-score: inference.ttaScore: must be max, mean-max, flip-mean or flip-mean-enlarged, got mean"), bad.err());
    }

    @Test
    void setOverridesTheFoldersInferenceSectionLikeAnEditedCopyOfIt() throws Exception {
        String img = TestData.sample().toString();
        Path model = TestModels.untrainedFolder(tmp.resolve("model-set"), 0.0);
        Path edited = Files.createDirectories(tmp.resolve("model-set-edited"));
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, edited.resolve(f.getFileName()));
            }
        }
        DetectorConfig cfg = ModelFolder.readConfig(edited);
        cfg.inference.ttaMaxSize = 640;
        cfg.inference.ttaShrinks = List.of(0.5);
        cfg.inference.ttaLargeMaxSize = 100;
        ConfigLoader.save(cfg, edited.resolve(ModelFolder.CONFIG));
        String[] sets = {"--set", "inference.ttaMaxSize=640", "--set", "inference.ttaShrinks=[0.5]", "--set",
            "inference.ttaLargeMaxSize=100"};
        JsonNode plain = tta(img, model, "set-plain");
        JsonNode copy = tta(img, edited, "set-copy");
        JsonNode set = tta(img, model, "set-set", sets);
        assertEquals(copy, set);
        assertFalse(plain.equals(copy), "the overrides changed nothing: the test cannot tell");
        Run bad = run("detect", img, "--model", model.toString(), "--output", tmp.resolve("set-bad").toString(),
                "--set", "ttaMaxSize=640");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--set: expected inference.FIELD=VALUE, got ttaMaxSize=640"), bad.err());
        Run unknown = run("detect", img, "--model", model.toString(), "--output", tmp.resolve("set-bad").toString(),
                "--set", "inference.ttaMaxSise=640");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--set: inference.ttaMaxSise: unknown field"), unknown.err());
        Run peer = run("detect", img, "--model", "yunet-n", "--output", tmp.resolve("set-bad").toString(),
                "--set", "inference.ttaMaxSize=640");
        assertEquals(2, peer.code());
        assertTrue(peer.err().contains("--set applies to AInnoFace model folders, not to peer detectors"), peer.err());
        // through DJL's Criteria the folder's YAML is read by DJL's loader, so an override cannot reach it
        Run djl = run("detect", img, "--model", "djl-onnx:" + model, "--output", tmp.resolve("set-bad").toString(),
                "--set", "inference.ttaMaxSize=640");
        assertEquals(2, djl.code());
        assertTrue(djl.err().contains("--set applies to model folders run by ainnoface itself; djl-onnx:"
                + model.getFileName() + " runs the folder's ainnoface.yaml as DJL loads it"), djl.err());
    }

    /**
     * {@code --tta-preset NAME} runs the TTA with the folder's named setting (inference.ttaPresets), as the same fields
     * given by {@code --set} do; a later {@code --set} wins over the preset; an unknown name is refused naming those
     * there are.
     */
    @Test
    void ttaPresetIsTheFoldersNamedSettingAppliedLikeSets() throws Exception {
        String img = TestData.sample().toString();
        Path model = TestModels.untrainedFolder(tmp.resolve("model-preset"), 0.0);
        DetectorConfig cfg = ModelFolder.readConfig(model);
        Map<String, Object> small = new LinkedHashMap<>();
        small.put("ttaMaxSize", 640);
        small.put("ttaShrinks", List.of(0.5));
        small.put("ttaScore", "flip-mean");
        cfg.inference.ttaPresets.put("small", small);
        ConfigLoader.save(cfg, model.resolve(ModelFolder.CONFIG));
        JsonNode viaSets = tta(img, model, "preset-sets", "--set", "inference.ttaMaxSize=640", "--set",
                "inference.ttaShrinks=[0.5]", "--set", "inference.ttaScore=flip-mean");
        Run r = run("detect", img, "--model", model.toString(), "--output", tmp.resolve("preset").toString(),
                "--tta-preset", "small", "--threshold", "0", "--draw", "none");
        assertEquals(0, r.code(), r.err());
        JsonNode viaPreset = new ObjectMapper().readTree(tmp.resolve("preset/detections.json").toFile()).get(0).get("faces");
        assertEquals(viaSets, viaPreset);
        assertFalse(viaSets.equals(tta(img, model, "preset-plain")), "the preset changed nothing: the test cannot tell");
        JsonNode overridden = tta(img, model, "preset-over", "--tta-preset", "small", "--set", "inference.ttaMaxSize=512");
        assertEquals(tta(img, model, "sets-over", "--set", "inference.ttaMaxSize=512", "--set",
                "inference.ttaShrinks=[0.5]", "--set", "inference.ttaScore=flip-mean"), overridden);
        Run unknown = run("detect", img, "--model", model.toString(), "--output", tmp.resolve("preset").toString(),
                "--tta-preset", "fast");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("error: --tta-preset fast: no test-time preset 'fast' in the model folder (it has"
                + " small;"), unknown.err());
    }

    private static JsonNode tta(String img, Path model, String out, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("detect", img, "--model", model.toString(), "--output",
                tmp.resolve(out).toString(), "--tta", "--threshold", "0", "--draw", "none"));
        args.addAll(List.of(more));
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(tmp.resolve(out).resolve("detections.json").toFile()).get(0).get("faces");
    }

    @Test
    void ttaScoreIsRefusedForPeerDetectors() {
        Run r = run("evaluate", "--annotations",
                TestData.widerRoot().resolve("wider_face_split/wider_face_devval_bbx_gt.txt").toString(),
                "--images", TestData.widerRoot().resolve("WIDER_train/images").toString(),
                "--model", "ultraface-rfb640", "--tta", "--tta-score", "mean-max", "--output", tmp.resolve("ev").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--tta-score applies to AInnoFace model folders, not to peer detectors"), r.err());
    }

    @Test
    void evaluateComparesWithARunWhoseCurveHasGaps() throws Exception {
        // a large face boxed at 0.9 and a small one at 0.5: in the small bin the large face is ignored, so the
        // thresholds above the small box's score have no box, a precision of 0/0 that results.json holds as "NaN"
        Path gt = Files.writeString(tmp.resolve("gaps_bbx_gt.txt"),
                "0--Parade/a.jpg\n2\n10 10 100 100 0 0 0 0 0 0\n300 300 10 10 0 0 0 0 0 0\n");
        Path preds = Files.createDirectories(tmp.resolve("gaps-pred/0--Parade"));
        Files.writeString(preds.resolve("a.txt"), "a\n2\n10 10 100 100 0.9\n300 300 10 10 0.5\n");
        Run first = run("evaluate", "--annotations", gt.toString(), "--predictions", preds.getParent().toString(),
                "--label", "first", "--output", tmp.resolve("gaps-1").toString());
        assertEquals(0, first.code(), first.err());
        Path firstJson = tmp.resolve("gaps-1/results.json");
        JsonNode small = new ObjectMapper().readTree(firstJson.toFile()).get("settings").get("small(<16)");
        assertEquals("NaN", small.get("precision").get(0).asText());
        assertEquals(1.0, small.get("ap").asDouble(), 1e-9);

        Run second = run("evaluate", "--annotations", gt.toString(), "--predictions", preds.getParent().toString(),
                "--label", "second", "--compare", firstJson.toString(), "--output", tmp.resolve("gaps-2").toString());
        assertEquals(0, second.code(), second.err());
        assertTrue(Files.size(tmp.resolve("gaps-2/pr-small16.png")) > 0);
        double[] read = EvaluateCommand.toArray(List.of(0.5, "NaN", 1, "Infinity"));
        assertEquals(0.5, read[0], 0);
        assertTrue(Double.isNaN(read[1]));
        assertEquals(1.0, read[2], 0);
        assertEquals(Double.POSITIVE_INFINITY, read[3], 0);
    }

    @Test
    void evaluateOnDownscaledImagesWritesBoxesInTheOriginalsPixels() throws Exception {
        // one devval image (1024 px wide) with two of its faces
        Path gt = Files.writeString(tmp.resolve("one_bbx_gt.txt"),
                "0--Parade/0_Parade_Parade_0_136.jpg\n2\n46 377 10 12 2 0 0 0 0 0\n91 403 9 11 2 0 0 0 0 0\n");
        Path model = TestModels.untrainedFolder(tmp.resolve("model-down"), 0.0);
        Path out = tmp.resolve("ev-down");
        Run r = run("evaluate", "--annotations", gt.toString(), "--images",
                TestData.widerRoot().resolve("WIDER_train/images").toString(), "--model", model.toString(),
                "--max-long-side", "256", "--tta-score", "mean-max", "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("predictions/0--Parade/0_Parade_Parade_0_136.txt"));
        int n = Integer.parseInt(lines.get(1).strip());
        assertTrue(n > 0);
        double right = 0;
        for (String l : lines.subList(2, 2 + n)) {
            String[] v = l.strip().split(" "); // x y w h score
            right = Math.max(right, Double.parseDouble(v[0]) + Double.parseDouble(v[2]));
        }
        // the untrained head boxes the whole 256-px-wide input; mapped back they reach past x = 256
        assertTrue(right > 300 && right <= 1024, "rightmost edge " + right);
        Run neg = run("evaluate", "--annotations", gt.toString(), "--images", "x", "--model", model.toString(),
                "--max-long-side", "-1", "--output", out.toString());
        assertEquals(2, neg.code());
        assertTrue(neg.err().contains("error: --max-long-side: -1 is negative"), neg.err());
    }

    /** Detectors without test-time augmentation refuse --tta with one line naming themselves, not a stack trace. */
    @Test
    void ttaIsRefusedByDetectorsWithoutIt() {
        String[][] cases = {
            {"ultraface-rfb640", "error: ultraface-rfb640 has no test-time augmentation (only AInnoFace models do)"},
            {"yunet-n", "error: yunet-n has no test-time augmentation (only AInnoFace models do)"}};
        for (String[] c : cases) {
            Run r = run("detect", TestData.sample().toString(), "--model", c[0], "--tta", "--output", tmp.resolve("tta").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(c[1]), r.err());
            assertFalse(r.err().contains("\tat io.ainnoface"), r.err());
        }
    }

    @Test
    void missingModelFolderIsAUsageError() {
        Run r = run("detect", TestData.sample().toString(), "--model", tmp.resolve("no-model").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("model folder not found"), r.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"detect", "train", "evaluate", "export", "init-model", "benchmark", "benchmark-backbones", "benchmark-train", "compare"}) {
            PrintStream old = System.out;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            try {
                assertEquals(0, new CommandLine(new Main()).execute(c, "--help"));
            } finally {
                System.setOut(old);
            }
            assertTrue(buf.toString(StandardCharsets.UTF_8).contains("Usage: ainnoface " + c), c);
        }
    }
}
