package io.ainnoface.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.ainnoface.TestData;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.config.VerifierConfig;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.DjlRunner;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.infer.NetworkRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class FaceVerifierTest {
    @TempDir
    Path tmp;

    private static VerifierConfig cfg(int topK, double minScore, double maxSize) {
        VerifierConfig c = new VerifierConfig();
        c.topK = topK;
        c.minScore = minScore;
        c.maxSize = maxSize;
        return c;
    }

    private static final List<Face> FACES = List.of(
            new Face(0, 0, 10, 10, 0.30f),    // size 10
            new Face(0, 0, 100, 100, 0.90f),  // size 100
            new Face(0, 0, 20, 5, 0.80f),     // size 10
            new Face(0, 0, 8, 8, 0.04f),      // below minScore
            new Face(0, 0, 63, 65, 0.50f));   // size sqrt(4095) < 64

    @Test
    void selectsTheTopScoringSmallBoxes() {
        // by score: 0.90 (large), 0.80, 0.50, 0.30, then 0.04 below the floor
        assertArrayEquals(new boolean[] {true, false, true, false, true}, FaceVerifier.selected(FACES, cfg(10, 0.05, 64)));
        // top 3: 0.90, 0.80, 0.50 → the 0.30 box is not among them
        assertArrayEquals(new boolean[] {false, false, true, false, true}, FaceVerifier.selected(FACES, cfg(3, 0.05, 64)));
        // maxSize 0: every size
        assertArrayEquals(new boolean[] {true, true, true, false, true}, FaceVerifier.selected(FACES, cfg(10, 0.05, 0)));
    }

    @Test
    void fusesTheScoresAndSortsAgain() {
        VerifierConfig c = cfg(10, 0.05, 64);
        List<List<Face>> asked = new ArrayList<>();
        List<Face> out = FaceVerifier.fuse(FACES, c, sel -> {
            asked.add(sel);
            return new float[] {0.1f, 0.9f, 1.0f}; // for the 0.30, 0.80 and 0.50 boxes, in list order
        });
        assertEquals(List.of(FACES.get(0), FACES.get(2), FACES.get(4)), asked.get(0));
        // 0.3^0.75 · 0.1^0.25 = 0.40536 · 0.56234 = 0.22795; 0.8^0.75 · 0.9^0.25 = 0.84590 · 0.97400 = 0.82391;
        // 0.5^0.75 · 1 = 0.59460; the large and the low-scoring boxes keep theirs
        float[] want = {0.90f, 0.82391f, 0.59460f, 0.22795f, 0.04f};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], out.get(i).score(), 1e-4, "rank " + i);
        }
        assertEquals(FACES.get(0).x2(), out.get(3).x2());
        assertEquals(List.of(), FaceVerifier.fuse(List.of(), c, sel -> {
            throw new AssertionError("nothing to verify");
        }));
    }

    /** A copy of the bundled model with an ImageNet-initialized verifier that checks every size. */
    private Path folderWithVerifier() throws IOException {
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        Path bundled = TestData.bundled();
        for (String f : List.of("ainnoface-0000.params", "serving.properties")) {
            Files.copy(bundled.resolve(f), dir.resolve(f));
        }
        // the detector's config without the bundled verifier section, which names members not copied here
        DetectorConfig dc = ModelFolder.readConfig(bundled);
        dc.verifier = null;
        ConfigLoader.save(dc, dir.resolve(ModelFolder.CONFIG));
        VerifierConfig c = cfg(1000, 0.05, 0);
        try (VerifierTrainer t = new VerifierTrainer(c, VerifierTrainer.Options.defaults(), tmp.resolve("run"),
                TestData.shared().resolve("models/pretrained/mobilenet_v1_0.25_imagenet.safetensors"), false, s -> { })) {
            t.saveInto(dir, 0);
        }
        return dir;
    }

    @Test
    void testTimeAugmentationRescoresWithTheFoldersVerifier() throws Exception {
        Path dir = folderWithVerifier();
        BufferedImage img = new ImageLoader(100_000_000L, 8).load(TestData.sample());
        List<Face> plain;
        // the shipped detector without any verifier (the shipped folder has its own)
        Path shipped = TestData.bundled();
        DetectorConfig bare = ModelFolder.readConfig(shipped);
        bare.verifier = null;
        try (FaceDetector det = new FaceDetector(FaceDetector.openRunner(shipped, FaceDetector.Engine.AUTO, 0), bare)) {
            // threshold 0 as below: a flip-mean score may fall under the passes' own threshold
            plain = det.detectTta(img, 0.0);
        }
        List<Face> fused;
        try (FaceDetector det = FaceDetector.load(dir)) {
            assertEquals("onnxruntime", det.verifier().engine());
            fused = det.detectTta(img, 0.0);
        }
        // the verifier's probability of the best face, computed here from its crop and mirror one at a time
        Face best = plain.get(0);
        VerifierConfig c = ConfigLoader.load(dir.resolve(ModelFolder.CONFIG)).verifier;
        byte[] crop = FaceCrops.crop(img, best, c.context, c.side);
        double v = 0;
        try (Model m = FaceVerifier.loadModel(dir, c, 0); NDManager nd = NDManager.newBaseManager()) {
            for (boolean mirror : new boolean[] {false, true}) {
                float[] x = new float[3 * 64 * 64];
                FaceCrops.normalize(crop, 64, mirror, c.mean, c.std, x, 0);
                float logit = m.getBlock().forward(new ParameterStore(nd, false),
                        new NDList(nd.create(x, new Shape(1, 3, 64, 64))), false).head().getFloat(0);
                v += 0.5 / (1 + Math.exp(-logit));
            }
        }
        Face same = fused.stream().filter(f -> f.x1() == best.x1() && f.y2() == best.y2()).findFirst().orElseThrow();
        assertEquals(Math.pow(best.score(), 0.75) * Math.pow(v, 0.25), same.score(), 1e-4);
        // every box of the plain run is there, re-scored, none added
        assertEquals(plain.size(), fused.stream().filter(f -> f.score() > 0.0).count());
        for (int i = 1; i < fused.size(); i++) {
            assertTrue(fused.get(i - 1).score() >= fused.get(i).score());
        }
    }

    /** A network that answers each row of its batch with the next of {@code logits}. */
    private static NetworkRunner fixed(float... logits) {
        return new NetworkRunner() {
            @Override
            public float[][] run(float[] data, long[] shape) {
                assertEquals(logits.length, shape[0]);
                return new float[][] {logits.clone()};
            }

            @Override
            public String engine() {
                return "fixed";
            }

            @Override
            public void close() { }
        };
    }

    @Test
    void membersProbabilitiesAreAveraged() {
        VerifierConfig c = cfg(10, 0.05, 64);
        List<byte[]> crops = List.of(new byte[3 * 64 * 64], new byte[3 * 64 * 64]);
        float ln3 = (float) Math.log(3);
        // rows: crop 0, crop 1, then their mirrors. A: every sigmoid 0.5. B: crop 0 0.75 and mirror 0.5 -> 0.625;
        // crop 1 0.25 and mirror 0.25 -> 0.25. Means over the members: (0.5 + 0.625) / 2, (0.5 + 0.25) / 2
        try (FaceVerifier v = new FaceVerifier(List.of(fixed(0, 0, 0, 0), fixed(ln3, -ln3, 0, -ln3)), c)) {
            assertArrayEquals(new float[] {0.5625f, 0.375f}, v.probabilities(crops), 1e-6f);
        }
        assertThrows(IllegalArgumentException.class, () -> new FaceVerifier(List.of(), c));
    }

    @Test
    void aSecondMemberIsWrittenBesideTheFirstAndAveraged() throws Exception {
        Path dir = folderWithVerifier();
        VerifierConfig c = ConfigLoader.load(dir.resolve(ModelFolder.CONFIG)).verifier;
        VerifierTrainer.Options seed1 = new VerifierTrainer.Options(4, 128, 0.05, 5e-4, 0.05, 1, 200);
        try (VerifierTrainer t = new VerifierTrainer(c, seed1, tmp.resolve("run1"),
                TestData.shared().resolve("models/pretrained/mobilenet_v1_0.25_imagenet.safetensors"), false, s -> { })) {
            IOException gap = assertThrows(IOException.class, () -> t.saveInto(dir, 2));
            assertTrue(gap.getMessage().contains("member 2"), gap.getMessage());
            t.saveInto(dir, 1);
        }
        VerifierConfig two = ConfigLoader.load(dir.resolve(ModelFolder.CONFIG)).verifier;
        assertEquals(2, two.members);
        assertTrue(Files.isRegularFile(dir.resolve("verifier1-0000.params")));
        assertTrue(Files.isRegularFile(dir.resolve("verifier1.onnx")));
        BufferedImage img = new ImageLoader(100_000_000L, 8).load(TestData.sample());
        List<byte[]> crops = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            crops.add(FaceCrops.crop(img, new Face(40 * i, 30 * i, 40 * i + 60, 30 * i + 80, 1), two.context, two.side));
        }
        float[] p0;
        float[] p1;
        try (FaceVerifier m0 = new FaceVerifier(List.of(new DjlRunner(FaceVerifier.loadModel(dir, two, 0), true)), two);
                FaceVerifier m1 = new FaceVerifier(List.of(new DjlRunner(FaceVerifier.loadModel(dir, two, 1), true)), two)) {
            p0 = m0.probabilities(crops);
            p1 = m1.probabilities(crops);
        }
        // the members differ (their heads start from different seeds) and the folder's verifier is their mean
        assertTrue(Math.abs(p0[0] - p1[0]) > 1e-3, p0[0] + " " + p1[0]);
        try (FaceVerifier pt = FaceVerifier.load(dir, two, false, 1); FaceVerifier ort = FaceVerifier.load(dir, two, true, 1)) {
            assertEquals("onnxruntime", ort.engine());
            float[] a = pt.probabilities(crops);
            float[] b = ort.probabilities(crops);
            for (int i = 0; i < crops.size(); i++) {
                assertEquals((p0[i] + p1[i]) / 2, a[i], 1e-6, "crop " + i);
                assertEquals(a[i], b[i], 1e-4, "crop " + i);
            }
        }
        // member 0 replaced by a verifier of other crops while member 1 stays: refused, the folder unchanged
        VerifierConfig wide = cfg(1000, 0.05, 0);
        wide.side = 96;
        try (VerifierTrainer t = new VerifierTrainer(wide, VerifierTrainer.Options.defaults(), tmp.resolve("run96"),
                TestData.shared().resolve("models/pretrained/mobilenet_v1_0.25_imagenet.safetensors"), false, s -> { })) {
            IOException geometry = assertThrows(IOException.class, () -> t.saveInto(dir, 0));
            assertTrue(geometry.getMessage().contains("side"), geometry.getMessage());
        }
        assertEquals(64, ConfigLoader.load(dir.resolve(ModelFolder.CONFIG)).verifier.side);
        // a missing member is named
        Files.delete(dir.resolve("verifier1-0000.params"));
        Files.delete(dir.resolve("verifier1.onnx"));
        IOException e = assertThrows(IOException.class, () -> FaceDetector.load(dir));
        assertTrue(e.getMessage().contains("verifier1-0000.params"), e.getMessage());
    }

    /** The ONNX export in ONNX Runtime gives the probabilities PyTorch gives, over several batches. */
    @Test
    void onnxRuntimeAndPyTorchAgree() throws Exception {
        Path dir = folderWithVerifier();
        VerifierConfig c = ConfigLoader.load(dir.resolve(ModelFolder.CONFIG)).verifier;
        BufferedImage img = new ImageLoader(100_000_000L, 8).load(TestData.sample());
        List<byte[]> crops = new ArrayList<>();
        for (int i = 0; i < 70; i++) { // two batches: 64 and 6
            crops.add(FaceCrops.crop(img, new Face(5 * i, 3 * i, 5 * i + 20 + i, 3 * i + 30, 1), c.context, c.side));
        }
        try (FaceVerifier ort = FaceVerifier.load(dir, c, true, 1); FaceVerifier pt = FaceVerifier.load(dir, c, false, 1)) {
            assertEquals("onnxruntime", ort.engine());
            assertEquals("pytorch", pt.engine());
            float[] a = ort.probabilities(crops);
            float[] b = pt.probabilities(crops);
            assertArrayEquals(b, a, 1e-4f);
            // not a constant: the crops differ and so do their probabilities
            assertTrue(Math.abs(a[0] - a[69]) > 1e-3, a[0] + " " + a[69]);
        }
    }

    @Test
    void aFolderWhoseVerifierIsMissingSaysWhichFile() throws Exception {
        Path dir = folderWithVerifier();
        Files.delete(dir.resolve("verifier-0000.params"));
        try (FaceDetector det = FaceDetector.load(dir)) { // its ONNX export is enough for ONNX Runtime
            assertEquals("onnxruntime", det.verifier().engine());
        }
        assertThrows(IOException.class, () -> FaceDetector.load(dir, FaceDetector.Engine.PYTORCH, 1));
        Files.delete(dir.resolve(FaceVerifier.ONNX));
        IOException e = assertThrows(IOException.class, () -> FaceDetector.load(dir));
        assertTrue(e.getMessage().contains("verifier-0000.params"), e.getMessage());
        DetectorConfig back = ConfigLoader.load(dir.resolve(ModelFolder.CONFIG));
        assertEquals(0.25, back.verifier.weight);
    }
}
