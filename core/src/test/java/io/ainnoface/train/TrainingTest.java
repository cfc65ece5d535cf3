package io.ainnoface.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.ainnoface.TestData;
import io.ainnoface.TestModels;
import io.ainnoface.box.Boxes;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.data.WiderAnnotations;
import io.ainnoface.data.WiderImage;
import io.ainnoface.data.augment.CropPlan;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.model.AInnoFace;
import io.ainnoface.model.nn.TorchNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The training loop on real WIDER FACE images. */
class TrainingTest {
    @TempDir
    Path tmp;

    static List<WiderImage> images(int n, double minFace) throws IOException {
        WiderAnnotations ann = WiderAnnotations.read(
                TestData.widerRoot().resolve("wider_face_split/wider_face_train_bbx_gt.txt"));
        List<WiderImage> out = new ArrayList<>();
        for (WiderImage w : ann.images()) {
            boolean big = !w.faces().isEmpty() && w.faces().size() <= 6
                    && w.faces().stream().allMatch(f -> Math.min(f.w(), f.h()) >= minFace);
            if (big) {
                out.add(w);
            }
            if (out.size() == n) {
                break;
            }
        }
        return out;
    }

    static DetectorConfig small(int size, int batch, int epochs) throws IOException {
        DetectorConfig cfg = TestModels.cpuConfig();
        cfg.train.inputSize = size;
        cfg.train.batchSize = batch;
        cfg.train.epochs = epochs;
        cfg.train.wholeImage = true;
        cfg.train.photometric = false;
        cfg.train.flipProb = 0;
        cfg.train.warmupIterations = 20;
        cfg.train.checkpointEvery = 100_000;
        cfg.train.workers = 1;
        cfg.inference.maxLongSide = size;
        return cfg;
    }

    static Path imageRoot() {
        return TestData.widerRoot().resolve("WIDER_train/images");
    }

    /**
     * Eight images, one full batch per iteration. 150 iterations with 20 of warm-up passed here for most seeds but
     * failed on CI's CPU once (17 of 23 faces) and here for some seeds and ATen instruction sets (19 or 20 of 23): −ln IoU
     * has no gradient for a positive whose box has left its face, and the first iterations' spike of the box loss leaves
     * some there; other runs end with a few small faces at IoU 0.42–0.50. A longer warm-up and run fit them
     * (docs/training.md, session 41).
     */
    @Test
    void overfitsEightRealImages() throws Exception {
        DetectorConfig cfg = small(320, 8, 250);
        cfg.train.warmupIterations = 50;
        List<WiderImage> imgs = images(8, 40);
        try (Trainer t = new Trainer(cfg, tmp.resolve("run"), imgs, imageRoot(), false)) {
            t.setQuiet(true);
            t.run(0);
            List<double[]> rows = new TrainingLog(tmp.resolve("run"), Long.MAX_VALUE).rows();
            assertEquals(cfg.train.epochs, rows.size());
            double first = 0;
            double last = 0;
            for (int i = 0; i < 10; i++) {
                first += rows.get(i)[4];
                last += rows.get(rows.size() - 1 - i)[4];
            }
            assertTrue(last < first / 5, "loss " + first / 10 + " -> " + last / 10);
            // recall at IoU 0.5 (score > 0.5) on the same images, framed as in training
            FaceDetector det = new FaceDetector(t.model(), cfg, false);
            ImageLoader loader = new ImageLoader(Long.MAX_VALUE, 1);
            int hit = 0;
            int total = 0;
            StringBuilder missed = new StringBuilder();
            for (WiderImage w : imgs) {
                BufferedImage img = loader.load(imageRoot().resolve(w.path()));
                CropPlan frame = new CropPlan(0, 0, Math.max(img.getWidth(), img.getHeight()), 320, false);
                List<Face> faces = det.detect(frame.render(img, new Color(124, 116, 104)), 0.5);
                float[] gt = w.boxesXyxy();
                boolean[] used = new boolean[faces.size()];
                for (int j = 0; j < gt.length / 4; j++) {
                    total++;
                    boolean found = false;
                    double best = 0;
                    for (int i = 0; i < faces.size() && !found; i++) {
                        Face f = faces.get(i).scaled(1 / frame.scale());
                        double iou = Boxes.iou(new float[] {f.x1(), f.y1(), f.x2(), f.y2()}, 0, gt, 4 * j);
                        best = Math.max(best, iou);
                        found = !used[i] && iou >= 0.5;
                        used[i] |= found;
                    }
                    if (found) {
                        hit++;
                    } else {
                        missed.append(String.format("; %s face %d (%.0f px wide as trained): best IoU %.2f", w.path(), j,
                                (gt[4 * j + 2] - gt[4 * j]) * frame.scale(), best));
                    }
                }
            }
            assertTrue(hit >= 0.9 * total, "recall " + hit + "/" + total + missed + warnings(tmp.resolve("run")));
            assertTrue(Files.exists(tmp.resolve("run/losses.png")));
            assertTrue(Files.exists(tmp.resolve("run/schedule.png")));
        }
    }

    /** What one attempt of a comparison found: null when it agrees, else the first difference. */
    private interface Attempt {
        String mismatch(int attempt) throws Exception;
    }

    /**
     * Resuming is bit-exact: the loader is seeded per (epoch, position) and the checkpoint holds everything else. The
     * engine is not always: PyTorch's oneDNN has rare nondeterministic faults on some CPUs (docs/training.md, session
     * 21), which once in about fifteen runs moved a weight by 1e-4, and on CI's machine once moved one by 1e-3
     * (session 38). So a mismatch repeats the attempt in fresh folders once, and the repeat must agree too; a resume
     * bug, which is deterministic, fails both.
     */
    private void agreesOnceInTwo(String what, Attempt attempt) throws Exception {
        String first = attempt.mismatch(0);
        if (first == null) {
            return;
        }
        System.err.println("TrainingTest: " + what + " differs (" + first + "); repeating once");
        String second = attempt.mismatch(1);
        if (second != null) {
            fail(what + " differs twice: " + first + "; then " + second);
        }
    }

    @Test
    void interruptedAndResumedRunReachesTheSameParameters() throws Exception {
        DetectorConfig cfg = small(128, 2, 2);
        cfg.train.checkpointEvery = 2;
        List<WiderImage> imgs = images(4, 20);
        List<Map<String, float[]>> straight = new ArrayList<>();
        agreesOnceInTwo("the resumed run", attempt -> {
            straight.add(trainFor(cfg, imgs, tmp.resolve("a" + attempt), false, 4));
            trainFor(cfg, imgs, tmp.resolve("b" + attempt), false, 2);
            Map<String, float[]> resumed = trainFor(cfg, imgs, tmp.resolve("b" + attempt), true, 0);
            String mismatch = firstMismatch(straight.get(attempt), resumed);
            return mismatch == null ? null
                    : mismatch + warnings(tmp.resolve("a" + attempt), tmp.resolve("b" + attempt));
        });
        // and the runs moved away from the initialization
        Map<String, float[]> init = trainFor(cfg, imgs, tmp.resolve("c"), false, -1);
        float[] w0 = init.get("head.cls_subnet_pred.bias");
        float[] w4 = straight.get(straight.size() - 1).get("head.cls_subnet_pred.bias");
        assertTrue(Math.abs(w0[0] - w4[0]) > 1e-5);
    }

    /** The runs' warnings (a skipped non-finite step is the engine fault's usual sign), for the failure message. */
    private static String warnings(Path... runs) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path r : runs) {
            for (String line : Files.readAllLines(r.resolve("train.log"))) {
                if (line.contains("WARNING")) {
                    sb.append("; ").append(r.getFileName()).append(": ").append(line);
                }
            }
        }
        return sb.toString();
    }

    /** The first parameter element that differs at all, with both values; null when every one is equal. */
    private static String firstMismatch(Map<String, float[]> a, Map<String, float[]> b) {
        return firstMismatch(a, b, (x, y) -> Float.floatToIntBits(x) == Float.floatToIntBits(y));
    }

    /** The first parameter element {@code same} rejects, with both values; null when it accepts every one. */
    private static String firstMismatch(Map<String, float[]> a, Map<String, float[]> b,
            java.util.function.BiPredicate<Float, Float> same) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            float[] x = a.get(k);
            float[] y = b.get(k);
            for (int i = 0; i < x.length; i++) {
                if (!same.test(x[i], y[i])) {
                    return k + "[" + i + "] " + x[i] + " vs " + y[i];
                }
            }
        }
        return null;
    }

    private static Map<String, float[]> trainFor(DetectorConfig cfg, List<WiderImage> imgs, Path run, boolean resume,
            long iterations) throws Exception {
        try (Trainer t = new Trainer(cfg, run, imgs, imageRoot(), resume)) {
            t.setQuiet(true);
            if (iterations >= 0) {
                t.run(iterations);
            }
            Map<String, float[]> out = new java.util.TreeMap<>();
            for (Map.Entry<String, Parameter> e : t.parameters().entrySet()) {
                out.put(e.getKey(), e.getValue().getArray().toFloatArray());
            }
            return out;
        }
    }

    @Test
    void fineTuningStartsFromTheCheckpointWeightsAtIterationZeroAndResumesItsOwnRun() throws Exception {
        DetectorConfig cfg = small(128, 2, 2);
        cfg.train.checkpointEvery = 2;
        List<WiderImage> imgs = images(4, 20);
        Map<String, float[]> trained = trainFor(cfg, imgs, tmp.resolve("base"), false, 2);
        Path ckpt = Checkpoints.list(tmp.resolve("base/checkpoints")).get(0);
        assertTrue(ckpt.getFileName().toString().endsWith("000000002.ckpt"), ckpt.toString());

        cfg.train.initFrom = tmp.resolve("base/checkpoints/missing.ckpt").toString();
        IOException missing = assertThrows(IOException.class,
                () -> new Trainer(cfg, tmp.resolve("bad"), imgs, imageRoot(), true).close());
        assertTrue(missing.getMessage().startsWith("train.initFrom: "), missing.getMessage());

        cfg.train.initFrom = ckpt.toString();
        cfg.train.checkpointEvery = 1;
        try (Trainer t = new Trainer(cfg, tmp.resolve("ft"), imgs, imageRoot(), true)) {
            assertEquals(0, t.state().iteration());
            assertParametersEqual(trained, t.parameters());
            t.setQuiet(true);
            t.run(1);
        }
        // a resumed fine-tuning run continues from its own checkpoint, not from initFrom again
        Map<String, float[]> ftAfterOne;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
                Checkpoints.Loaded c = Checkpoints.readNewest(tmp.resolve("ft/checkpoints"), m, w -> { })) {
            assertEquals(1, c.state().iteration());
            ftAfterOne = new java.util.TreeMap<>();
            for (Map.Entry<String, NDArray> e : c.params().entrySet()) {
                ftAfterOne.put(e.getKey(), e.getValue().toFloatArray());
            }
        }
        try (Trainer t = new Trainer(cfg, tmp.resolve("ft"), imgs, imageRoot(), true)) {
            assertEquals(1, t.state().iteration());
            assertParametersEqual(ftAfterOne, t.parameters());
        }
        // a run with a second head for the upper levels starts both heads from the one-head checkpoint's
        DetectorConfig split = small(128, 2, 2);
        split.model.highHeadFromLevel = 5;
        split.train.initFrom = ckpt.toString();
        try (Trainer t = new Trainer(split, tmp.resolve("split"), imgs, imageRoot(), true)) {
            Map<String, Parameter> p = t.parameters();
            assertEquals(trained.size() + trained.keySet().stream().filter(k -> k.startsWith("head.")).count(),
                    p.size());
            for (Map.Entry<String, float[]> e : trained.entrySet()) {
                assertArrayEquals(e.getValue(), p.get(e.getKey()).getArray().toFloatArray(), 0f, e.getKey());
                if (e.getKey().startsWith("head.")) {
                    String high = "head_high." + e.getKey().substring(5);
                    assertArrayEquals(e.getValue(), p.get(high).getArray().toFloatArray(), 0f, high);
                }
            }
        }
        // ... and a wider upper head starts as the one-head checkpoint's head, widened: the class
        // predictor reads the old channels with the old weights and the new ones with zero
        DetectorConfig wide = small(128, 2, 2);
        wide.model.highHeadFromLevel = 5;
        int narrow = wide.model.headChannels;
        wide.model.highHeadChannels = 2 * narrow;
        wide.train.initFrom = ckpt.toString();
        try (Trainer t = new Trainer(wide, tmp.resolve("wide"), imgs, imageRoot(), true)) {
            float[] old = trained.get("head.cls_subnet_pred.weight");
            float[] got = t.parameters().get("head_high.cls_subnet_pred.weight").getArray().toFloatArray();
            int outputs = old.length / narrow;
            assertEquals(outputs * 2 * narrow, got.length);
            for (int o = 0; o < outputs; o++) {
                for (int c = 0; c < 2 * narrow; c++) {
                    assertEquals(c < narrow ? old[o * narrow + c] : 0f, got[o * 2 * narrow + c], 0f,
                            "class predictor [" + o + ", " + c + "]");
                }
            }
            assertArrayEquals(trained.get("head.cls_subnet_pred.weight"),
                    t.parameters().get("head.cls_subnet_pred.weight").getArray().toFloatArray(), 0f);
        }
        // a narrow P2 (its own neck width and head) starts fresh there and takes everything else as it was
        DetectorConfig lowP2 = small(128, 2, 2);
        lowP2.model.lowHeadToLevel = 2;
        lowP2.model.lowChannels = 8;
        lowP2.train.initFrom = ckpt.toString();
        try (Trainer t = new Trainer(lowP2, tmp.resolve("lowP2"), imgs, imageRoot(), true)) {
            AInnoFace net = (AInnoFace) t.model().getBlock();
            int fresh = 0;
            for (Map.Entry<String, Parameter> e : t.parameters().entrySet()) {
                if (net.startsFresh(e.getKey())) {
                    fresh++;
                    float[] old = trained.get(e.getKey());
                    assertTrue(old == null || old.length != e.getValue().getArray().size(), e.getKey());
                } else {
                    assertArrayEquals(trained.get(e.getKey()), e.getValue().getArray().toFloatArray(), 0f, e.getKey());
                }
            }
            // P2's projection, lateral and output convs (weight, bias), the P3 sum's reduce conv and the low head
            long lowHead = t.parameters().keySet().stream().filter(k -> k.startsWith("head_low.")).count();
            assertEquals(8 + lowHead, fresh);
            assertTrue(lowHead > 0);
        }
        // exporting reads the run's newest weights without writing to its log
        long logSize = Files.size(tmp.resolve("ft/train.log"));
        try (Trainer t = Trainer.forExport(cfg, tmp.resolve("ft"))) {
            assertParametersEqual(ftAfterOne, t.parameters());
        }
        assertEquals(logSize, Files.size(tmp.resolve("ft/train.log")));
    }

    private static void assertParametersEqual(Map<String, float[]> expected, Map<String, Parameter> actual) {
        assertEquals(expected.keySet(), new java.util.TreeSet<>(actual.keySet()));
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            float[] got = actual.get(e.getKey()).getArray().toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(e.getValue()[i], got[i], 0f, e.getKey() + "[" + i + "]");
            }
        }
    }

    @Test
    void weightAverageFollowsTheWeightsAndIsResumedExportedAndFineTunedFrom() throws Exception {
        DetectorConfig cfg = small(128, 2, 2);
        cfg.train.checkpointEvery = 1;
        cfg.train.keepCheckpoints = 10;
        cfg.train.emaDecay = 0.5;
        List<WiderImage> imgs = images(4, 20);
        Map<String, float[]> init = trainFor(cfg, imgs, tmp.resolve("init"), false, -1);
        trainFor(cfg, imgs, tmp.resolve("a"), false, 4);
        // the average, folded independently from the initial weights and each iteration's checkpoint
        List<Path> ckpts = new ArrayList<>(Checkpoints.list(tmp.resolve("a/checkpoints")));
        java.util.Collections.reverse(ckpts);
        assertEquals(4, ckpts.size());
        Map<String, double[]> expected = new java.util.TreeMap<>();
        init.forEach((k, v) -> expected.put(k, toDouble(v)));
        Map<String, float[]> average = null;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            for (int n = 0; n < 4; n++) {
                try (Checkpoints.Loaded c = Checkpoints.read(ckpts.get(n), m)) {
                    double d = Math.min(0.5, (1.0 + n) / (10 + n)); // 0.1, 0.18, 0.25, 0.31
                    for (Map.Entry<String, double[]> e : expected.entrySet()) {
                        float[] w = c.params().get(e.getKey()).toFloatArray();
                        double[] a = e.getValue();
                        for (int i = 0; i < a.length; i++) {
                            a[i] = d * a[i] + (1 - d) * w[i];
                        }
                    }
                    average = new java.util.TreeMap<>();
                    for (Map.Entry<String, NDArray> e : c.average().entrySet()) {
                        average.put(e.getKey(), e.getValue().toFloatArray());
                    }
                }
            }
        }
        assertEquals(expected.keySet(), average.keySet());
        boolean differs = false;
        Map<String, float[]> last = trainFor(cfg, imgs, tmp.resolve("a"), true, -1);
        for (Map.Entry<String, double[]> e : expected.entrySet()) {
            float[] got = average.get(e.getKey());
            for (int i = 0; i < got.length; i++) {
                assertEquals(e.getValue()[i], got[i], 1e-5 + 1e-4 * Math.abs(got[i]), e.getKey() + "[" + i + "]");
                differs |= Math.abs(got[i] - last.get(e.getKey())[i]) > 1e-4;
            }
        }
        assertTrue(differs, "the average equals the last weights");

        // interrupted and resumed: the same average (a repeat runs the straight run again too, as the fault may be its)
        Map<String, float[]> straightAverage = average;
        agreesOnceInTwo("the resumed run's average", attempt -> {
            Path a = attempt == 0 ? tmp.resolve("a") : tmp.resolve("a" + attempt);
            if (attempt > 0) {
                trainFor(cfg, imgs, a, false, 4);
            }
            Path b = tmp.resolve("b" + attempt);
            trainFor(cfg, imgs, b, false, 2);
            trainFor(cfg, imgs, b, true, 0);
            String mismatch = firstMismatch(attempt == 0 ? straightAverage : newestAverage(a, 4), newestAverage(b, 4),
                    (x, y) -> Math.abs(x - y) <= 1e-4 + 1e-3 * Math.abs(x));
            return mismatch == null ? null : mismatch + warnings(a, b);
        });

        // export writes the average (or, asked, the last weights); the trainer keeps its own weights
        Path out = tmp.resolve("exported");
        Path outLast = tmp.resolve("exported-last");
        try (Trainer t = Trainer.forExport(cfg, tmp.resolve("a"))) {
            t.export(out, true);
            assertParametersEqual(last, t.parameters());
            t.export(outLast, false);
        }
        try (ai.djl.Model exported = FaceDetector.loadModel(out);
                ai.djl.Model exportedLast = FaceDetector.loadModel(outLast)) {
            assertParametersEqual(average, TorchNames.parameters(exported.getBlock()));
            assertParametersEqual(last, TorchNames.parameters(exportedLast.getBlock()));
        }

        // fine-tuning from a checkpoint with an average starts from the average
        DetectorConfig ft = small(128, 2, 2);
        ft.train.initFrom = ckpts.get(3).toString();
        try (Trainer t = new Trainer(ft, tmp.resolve("ft"), imgs, imageRoot(), true)) {
            assertParametersEqual(average, t.parameters());
        }
        // ... and from a model folder (an export or a soup) starts from the folder's weights
        ft.train.initFrom = outLast.toString();
        try (Trainer t = new Trainer(ft, tmp.resolve("ft-folder"), imgs, imageRoot(), true)) {
            assertEquals(0, t.state().iteration());
            assertParametersEqual(last, t.parameters());
        }
        ft.train.initFrom = tmp.resolve("no-such-folder").toString();
        IOException missing = assertThrows(IOException.class,
                () -> new Trainer(ft, tmp.resolve("ft-missing"), imgs, imageRoot(), true).close());
        assertTrue(missing.getMessage().contains("no checkpoint file or model folder at"), missing.getMessage());
    }

    /** The weight average in a run's newest checkpoint, which must be at the given iteration. */
    private static Map<String, float[]> newestAverage(Path run, long iteration) throws IOException {
        Map<String, float[]> out = new java.util.TreeMap<>();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
                Checkpoints.Loaded c = Checkpoints.readNewest(run.resolve("checkpoints"), m, w -> { })) {
            assertEquals(iteration, c.state().iteration());
            c.average().forEach((k, v) -> out.put(k, v.toFloatArray()));
        }
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Test
    void damagedNewestCheckpointFallsBackToThePreviousOne() throws Exception {
        DetectorConfig cfg = small(128, 2, 1);
        cfg.train.checkpointEvery = 1;
        cfg.train.keepCheckpoints = 3;
        List<WiderImage> imgs = images(4, 20);
        trainFor(cfg, imgs, tmp.resolve("r"), false, 2);
        List<Path> ckpts = Checkpoints.list(tmp.resolve("r/checkpoints"));
        assertEquals(2, ckpts.size());
        try (RandomAccessFile f = new RandomAccessFile(ckpts.get(0).toFile(), "rw")) {
            f.setLength(f.length() / 2); // as if the machine died while copying it elsewhere
        }
        List<String> warnings = new ArrayList<>();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
                Checkpoints.Loaded c = Checkpoints.readNewest(tmp.resolve("r/checkpoints"), m, warnings::add)) {
            assertNotNull(c);
            assertEquals(1, c.state().iteration());
            assertEquals(1, warnings.size());
        }
    }

    @Test
    void nonFiniteLossStopsTheRunAndKeepsTheCheckpoint() throws Exception {
        DetectorConfig cfg = small(128, 2, 50);
        cfg.train.checkpointEvery = 1;
        cfg.train.lr = 1e9;
        cfg.train.warmupIterations = 0;
        cfg.train.gradClipNorm = 0;
        List<WiderImage> imgs = images(4, 20);
        try (Trainer t = new Trainer(cfg, tmp.resolve("nan"), imgs, imageRoot(), false)) {
            t.setQuiet(true);
            Trainer.NonFiniteLossException e = assertThrows(Trainer.NonFiniteLossException.class, () -> t.run(0));
            assertTrue(e.getMessage().contains("loss is not finite at iteration"), e.getMessage());
        }
        List<Path> ckpts = Checkpoints.list(tmp.resolve("nan/checkpoints"));
        assertTrue(!ckpts.isEmpty());
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
                Checkpoints.Loaded c = Checkpoints.read(ckpts.get(0), m)) {
            assertTrue(c.state().iteration() >= 1);
            NDArray any = c.params().values().iterator().next();
            assertTrue(any.size() > 0);
        }
    }
}
