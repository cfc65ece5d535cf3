package io.ainnoface.infer;

import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Rectangle;
import io.ainnoface.TestData;
import io.ainnoface.box.Boxes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model folder that ships in models/, as a user loads it. */
class BundledModelTest {

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    @Test
    void criteriaLoadsTheShippedFolderAndFindsGraceHopper() throws Exception {
        assertFindsGraceHopper(TestData.bundled());
    }

    /** What the ainnoface-model artifact puts on the class path (a directory in this build) is the shipped folder. */
    @Test
    void theClassPathCarriesTheShippedFolder() throws Exception {
        Path dir = BundledModel.folder();
        assertHoldsTheShippedFiles(dir);
    }

    /** An application's class path has the artifact as a jar: the files are copied once into the cache. */
    @Test
    void fromAJarTheFolderIsCopiedOnceIntoTheCacheAndLoads() throws Exception {
        Path jar = jar(tmp.resolve("model.jar"), TestData.bundledFiles());
        Path cache = tmp.resolve("cache");
        Path dir;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            dir = BundledModel.folder(loader, cache);
            assertEquals(cache, dir.getParent());
            assertTrue(dir.getFileName().toString().startsWith(BundledModel.NAME + "-"), dir.toString());
            // every file reaches the copy, each verifier member's too, and nothing else
            try (var copied = Files.list(dir)) {
                assertEquals(TestData.bundledFiles(), copied.map(p -> p.getFileName().toString()).sorted().toList());
            }
            assertHoldsTheShippedFiles(dir);
            // a second call finds the copy and leaves it as it is
            Files.writeString(dir.resolve("MODEL_CARD.md"), "seen");
            assertEquals(dir, BundledModel.folder(loader, cache));
            assertEquals("seen", Files.readString(dir.resolve("MODEL_CARD.md")));
        }
        try (var left = Files.list(cache)) {
            assertEquals(1, left.count(), "only the copy remains in the cache");
        }
        assertFindsGraceHopper(dir);
    }

    /**
     * A new version's copy removes the copies of other versions (and a crashed copy's leftovers) unused for 30 days,
     * and leaves recent ones, its own and anything not ours; each use marks its copy as used.
     */
    @Test
    void aNewCopyRemovesOtherVersionsUnusedForThirtyDays() throws Exception {
        Path cache = tmp.resolve("cache");
        java.time.Instant now = java.time.Instant.now();
        Path old = fakeCopy(cache.resolve(BundledModel.NAME + "-0123456789ab"), now.minus(java.time.Duration.ofDays(31)));
        Path crashed = fakeCopy(cache.resolve(".extracting-42"), now.minus(java.time.Duration.ofDays(40)));
        Path recent = fakeCopy(cache.resolve(BundledModel.NAME + "-ba9876543210"), now.minus(java.time.Duration.ofDays(29)));
        Path extracting = fakeCopy(cache.resolve(".extracting-7"), now);
        Path foreign = fakeCopy(cache.resolve("notes-0123456789ab"), now.minus(java.time.Duration.ofDays(400)));
        Path jar = jar(tmp.resolve("model.jar"), TestData.bundledFiles());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Path dir = BundledModel.folder(loader, cache);
            assertTrue(Files.notExists(old), "a copy unused for 31 days is removed");
            assertTrue(Files.notExists(crashed), "an interrupted copy's leftovers are removed");
            for (Path kept : new Path[] {recent, extracting, foreign, dir}) {
                assertTrue(Files.isDirectory(kept), kept + " is kept");
            }
            // the copy in use is marked at each use, so a later version's copy does not remove it while it is used
            java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.from(
                    now.minus(java.time.Duration.ofDays(100)));
            Files.setLastModifiedTime(dir, longAgo);
            assertEquals(dir, BundledModel.folder(loader, cache));
            assertTrue(Files.getLastModifiedTime(dir).toInstant().isAfter(now.minusSeconds(60)),
                    "marked at use: " + Files.getLastModifiedTime(dir));
            // found (not copied again): nothing else is pruned
            Files.setLastModifiedTime(recent, longAgo);
            BundledModel.folder(loader, cache);
            assertTrue(Files.isDirectory(recent), "pruning runs only when a new version is copied");
        }
    }

    /** A folder with one file, last modified at {@code when}. */
    private static Path fakeCopy(Path dir, java.time.Instant when) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ainnoface.yaml"), "x");
        Files.setLastModifiedTime(dir, java.nio.file.attribute.FileTime.from(when));
        return dir;
    }

    @Test
    void withoutTheArtifactOrWithoutItsParametersTheErrorSaysWhat() throws Exception {
        try (URLClassLoader none = new URLClassLoader(new URL[] {jar(tmp.resolve("none.jar"), java.util.List.of())
                .toUri().toURL()}, null)) {
            IOException e = assertThrows(IOException.class, () -> BundledModel.folder(none, tmp.resolve("c1")));
            assertTrue(e.getMessage().contains("io.ainnoface:ainnoface-model"), e.getMessage());
        }
        try (URLClassLoader partial = new URLClassLoader(new URL[] {jar(tmp.resolve("partial.jar"),
                java.util.List.of("ainnoface.yaml", "serving.properties")).toUri().toURL()}, null)) {
            IOException e = assertThrows(IOException.class, () -> BundledModel.folder(partial, tmp.resolve("c2")));
            assertTrue(e.getMessage().contains("ainnoface-0000.params"), e.getMessage());
        }
    }

    /** {@code dir} has each file of the shipped folder, byte for byte. */
    private static void assertHoldsTheShippedFiles(Path dir) throws IOException {
        for (String f : TestData.bundledFiles()) {
            assertArrayEquals(Files.readAllBytes(TestData.bundled().resolve(f)), Files.readAllBytes(dir.resolve(f)), f);
        }
    }

    /** A jar with the named files of the shipped folder where the artifact puts them. */
    private static Path jar(Path out, java.util.List<String> files) throws IOException {
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream j = new JarOutputStream(os)) {
            for (String f : files) {
                j.putNextEntry(new JarEntry(BundledModel.RESOURCES + f));
                j.write(Files.readAllBytes(TestData.bundled().resolve(f)));
                j.closeEntry();
            }
        }
        return out;
    }

    private static void assertFindsGraceHopper(Path folder) throws Exception {
        DetectedObjects found = CriteriaTest.predict(CriteriaTest.criteria(folder),
                ImageFactory.getInstance().fromFile(TestData.sample()));
        DetectedObjects.DetectedObject best = found.best();
        assertEquals("face", best.getClassName());
        Rectangle r = best.getBoundingBox().getBounds();
        float[] box = {(float) (r.getX() * 512), (float) (r.getY() * 512),
            (float) ((r.getX() + r.getWidth()) * 512), (float) ((r.getY() + r.getHeight()) * 512)};
        double iou = Boxes.iou(box, 0, TestData.HOPPER_FACE, 0);
        assertTrue(iou >= 0.5, "IoU " + iou + " of " + java.util.Arrays.toString(box));
        assertTrue(best.getProbability() >= 0.9, "score " + best.getProbability());
        // the same face as the detector API gives on the same engine
        try (FaceDetector det = FaceDetector.load(folder, FaceDetector.Engine.PYTORCH, 0)) {
            Face f = det.detect(new ImageLoader(Long.MAX_VALUE, 1).load(TestData.sample()), 0.05).get(0);
            assertEquals(f.score(), best.getProbability(), 1e-5);
        }
    }

    /** An image file goes straight in, read within the model's limits; a bad one is refused naming the file. */
    @Test
    void detectReadsAnImageFileWithinTheModelsLimits() throws Exception {
        try (FaceDetector det = FaceDetector.load(TestData.bundled())) {
            List<Face> fromFile = det.detect(TestData.sample(), 0.5);
            assertEquals(det.detect(new ImageLoader(Long.MAX_VALUE, 1).load(TestData.sample()), 0.5), fromFile);
            assertEquals(1, fromFile.size());
            Face f = fromFile.get(0);
            assertTrue(Boxes.iou(new float[] {f.x1(), f.y1(), f.x2(), f.y2()}, 0, TestData.HOPPER_FACE, 0) >= 0.5);
            // below the folder's inference.minSide (8 px)
            Path tiny = tmp.resolve("tiny.png");
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(6, 20, java.awt.image.BufferedImage.TYPE_INT_RGB),
                    "png", tiny.toFile());
            assertEquals(8, det.config().inference.minSide);
            ImageLoadException e = assertThrows(ImageLoadException.class, () -> det.detect(tiny, 0.5));
            assertTrue(e.getMessage().contains("tiny.png"), e.getMessage());
            e = assertThrows(ImageLoadException.class, () -> det.detect(tmp.resolve("gone.jpg"), 0.5));
            assertTrue(e.getMessage().contains("gone.jpg") && e.getMessage().contains("not found"), e.getMessage());
        }
    }

    @Test
    void reusedInputBuffersGiveAFreshDetectorsFaces() throws Exception {
        ImageLoader loader = new ImageLoader(Long.MAX_VALUE, 1);
        var hopper = loader.load(TestData.sample());
        // a larger image first leaves stale values all over the reused buffers (ours and ONNX Runtime's)
        var parade = loader.load(TestData.widerRoot().resolve("WIDER_train/images/0--Parade/0_Parade_Parade_0_1014.jpg"));
        Path shipped = TestData.bundled();
        try (FaceDetector used = FaceDetector.load(shipped); FaceDetector fresh = FaceDetector.load(shipped)) {
            assertEquals("onnxruntime", used.engine());
            assertTrue(used.detect(parade, 0.05).size() > 0);
            java.util.List<Face> again = used.detect(hopper, 0.05);
            java.util.List<Face> first = fresh.detect(hopper, 0.05);
            assertEquals(first, again);
        }
    }
}
