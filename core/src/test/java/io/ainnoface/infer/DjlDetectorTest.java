package io.ainnoface.infer;

import io.ainnoface.TestData;
import io.ainnoface.peers.Detectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DjlDetectorTest {
    /** 1024×1525: scaled to 1024 on its long side it is 688×1024, a factor of 0.6719 across and 0.6715 down. */
    private static BufferedImage crowd() throws Exception {
        Path p = TestData.widerRoot().resolve(
                "WIDER_train/images/2--Demonstration/2_Demonstration_Demonstration_Or_Protest_2_981.jpg");
        return new ImageLoader(100_000_000L, 8).load(p);
    }

    /**
     * The DJL Criteria path, as {@code djl:} / {@code djl-onnx:} specs open it, finds face for face what our own
     * detector finds on the same engine, in pixels of the image, at two thresholds (a model loaded for each). The
     * translator maps boxes back through fractions of each side, the detector through each axis's factor: with one
     * factor for both axes (before session 23) the detector's y was off by up to 0.7 px on this image.
     */
    @Test
    void criteriaPathFindsWhatTheDetectorFinds() throws Exception {
        Path dir = TestData.bundled();
        BufferedImage img = crowd();
        for (String engine : List.of("pytorch", "onnx")) {
            FaceDetector.Engine ours = engine.equals("onnx") ? FaceDetector.Engine.ONNXRUNTIME : FaceDetector.Engine.PYTORCH;
            try (FaceDetector det = FaceDetector.load(dir, ours, 0);
                    Detector djl = Detectors.open((engine.equals("onnx") ? "djl-onnx:" : "djl:") + dir, 0)) {
                assertEquals("djl-" + engine + ":ainnoface-mobilenet", djl.name());
                // ONNX Runtime gets a thread per processor, as the README's snippet asks; PyTorch no options
                Map<String, String> options = ((DjlDetector) djl).criteria(0.5, false).getOptions();
                assertEquals(engine.equals("onnx") ? String.valueOf(Runtime.getRuntime().availableProcessors()) : null,
                        options == null ? null : options.get("intraOpNumThreads"));
                assertEquals(det.evalThreshold(), djl.evalThreshold());
                for (double t : new double[] {0.5, 0.2}) {
                    List<Face> expected = det.detect(img, t);
                    List<Face> got = djl.detect(List.of(img), t, false).get(0);
                    assertTrue(expected.size() >= 3, engine + " " + t + ": " + expected.size() + " faces");
                    assertEquals(expected.size(), got.size(), engine + " at " + t);
                    for (int i = 0; i < expected.size(); i++) {
                        Face e = expected.get(i).clipped(img.getWidth(), img.getHeight());
                        Face g = got.get(i);
                        assertEquals(e.score(), g.score(), 1e-5);
                        assertEquals(e.x1(), g.x1(), 1e-2);
                        assertEquals(e.y1(), g.y1(), 1e-2);
                        assertEquals(e.x2(), g.x2(), 1e-2);
                        assertEquals(e.y2(), g.y2(), 1e-2);
                    }
                }
            }
        }
    }

    /**
     * With the translator's {@code tta} argument the Criteria path runs {@code detect --tta}: face for face what
     * {@link FaceDetector#detectTta} finds with the folder's verifiers on the same engine, and not what it finds without
     * them (so the verifiers did run). PyTorch runs a copy of the folder whose TTA stops at 1024² pixels, to keep it quick.
     */
    @Test
    void testTimeAugmentationThroughCriteriaIsTheDetectorsWithItsVerifiers(@TempDir Path tmp) throws Exception {
        Path small = Files.createDirectories(tmp.resolve("tta1024"));
        for (String f : TestData.bundledFiles()) {
            Files.copy(TestData.bundled().resolve(f), small.resolve(f));
        }
        Path yaml = small.resolve(ModelFolder.CONFIG);
        String cfg = Files.readString(yaml);
        assertTrue(cfg.contains("ttaMaxSize: 2048"));
        Files.writeString(yaml, cfg.replace("ttaMaxSize: 2048", "ttaMaxSize: 1024"));
        assertSameTta(TestData.bundled(), FaceDetector.Engine.ONNXRUNTIME, crowd());
        assertSameTta(small, FaceDetector.Engine.PYTORCH, ImageLoader.toRgb(javax.imageio.ImageIO.read(TestData.sample().toFile())));
    }

    private static void assertSameTta(Path dir, FaceDetector.Engine engine, BufferedImage img) throws Exception {
        double t = 0.05;
        String spec = (engine == FaceDetector.Engine.ONNXRUNTIME ? "djl-onnx:" : "djl:") + dir;
        List<Face> expected;
        List<Face> unverified;
        try (FaceDetector det = FaceDetector.load(dir, engine, 0);
                FaceDetector bare = new FaceDetector(FaceDetector.openRunner(dir, engine, 0), det.config())) {
            assertTrue(det.verifier() != null, dir + " has verifiers");
            expected = det.detectTta(img, t);
            unverified = bare.detectTta(img, t);
        }
        List<Face> got;
        try (Detector djl = Detectors.open(spec, 0)) {
            got = djl.detect(List.of(img), t, true).get(0);
        }
        assertTrue(expected.size() >= 10, spec + ": " + expected.size() + " faces");
        assertEquals(expected.size(), got.size(), spec);
        int moved = 0;
        for (int i = 0; i < expected.size(); i++) {
            Face e = expected.get(i);
            Face g = got.get(i);
            assertEquals(e.score(), g.score(), 1e-5, spec + " face " + i);
            assertEquals(e.x1(), g.x1(), 1e-2);
            assertEquals(e.y1(), g.y1(), 1e-2);
            assertEquals(e.x2(), g.x2(), 1e-2);
            assertEquals(e.y2(), g.y2(), 1e-2);
        }
        for (int i = 0; i < Math.min(unverified.size(), got.size()); i++) {
            if (Math.abs(unverified.get(i).score() - got.get(i).score()) > 1e-3) {
                moved++;
            }
        }
        assertTrue(moved > 0 || unverified.size() != got.size(), spec + ": the verifiers changed nothing");
    }
}
