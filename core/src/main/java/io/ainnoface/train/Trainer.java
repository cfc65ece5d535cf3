package io.ainnoface.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.ainnoface.anchor.AnchorGenerator;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.data.BatchLoader;
import io.ainnoface.data.TrainBatch;
import io.ainnoface.data.WiderImage;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.loss.AInnoFaceLoss;
import io.ainnoface.model.AInnoFace;
import io.ainnoface.model.LevelGeometry;
import io.ainnoface.model.Networks;
import io.ainnoface.model.Widening;
import io.ainnoface.model.nn.TorchNames;
import io.ainnoface.util.AppPaths;
import io.ainnoface.util.DirectInput;
import io.ainnoface.util.EngineCheck;
import io.ainnoface.util.Progress;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop: batches from {@link BatchLoader}, forward in training mode, the AInnoFace
 * loss, backward through PyTorch's autograd, {@link SgdMomentum} with the {@link LrSchedule};
 * atomic checkpoints every {@code checkpointEvery} iterations and at each epoch's end; resume
 * from the newest good checkpoint; a non-finite loss stops the run and keeps the checkpoints.
 * With several {@code train.devices} each batch is split across them ({@link DataParallel}).
 */
public final class Trainer implements AutoCloseable {
    private final DetectorConfig cfg;
    private final Path runDir;
    private final List<WiderImage> images;
    private final Path imageRoot;
    private final Model model;
    /** Data-parallel devices; the first holds the parameters. */
    private final List<Device> devices;
    /** One reused input buffer per device: every shard's input lives until the batch's backward pass. */
    private final List<DirectInput> inputs = new ArrayList<>();
    private final Map<String, Parameter> all;
    private final Map<String, Parameter> trainable = new LinkedHashMap<>();
    private final SgdMomentum optimizer;
    private final PrintWriter log;
    private final LevelGeometry geometry;
    private final float[] anchors;
    private final WeightEma ema;
    /** A run whose gradient keeps being NaN or infinite is diverging: stop after this many skips. */
    static final int MAX_SKIPPED_IN_A_ROW = 5;
    private int skippedInARow;
    private Checkpoints.State state = new Checkpoints.State(0, 0, 0, 0);
    private EpochHook epochHook;
    private boolean quiet;

    /** Called after each epoch (e.g. to evaluate); may append a note to the log. */
    public interface EpochHook {
        void afterEpoch(int epoch, Trainer trainer) throws IOException;
    }

    public Trainer(DetectorConfig cfg, Path runDir, List<WiderImage> images, Path imageRoot, boolean resume)
            throws IOException {
        this(cfg, runDir, images, imageRoot, resume, true);
    }

    /** The run's newest checkpoint, loaded to be exported; its train.log is left alone. */
    public static Trainer forExport(DetectorConfig cfg, Path runDir) throws IOException {
        return new Trainer(cfg, runDir, List.of(), runDir, true, false);
    }

    private Trainer(DetectorConfig cfg, Path runDir, List<WiderImage> images, Path imageRoot, boolean resume,
            boolean writeLog) throws IOException {
        this.cfg = cfg;
        this.runDir = runDir;
        this.images = images;
        this.imageRoot = imageRoot;
        this.quiet = !writeLog;
        Files.createDirectories(runDir);
        this.log = writeLog
                ? new PrintWriter(Files.newBufferedWriter(runDir.resolve("train.log"),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)
                : new PrintWriter(java.io.Writer.nullWriter());
        // the seed makes the random head initialization repeatable (resumed runs restore it anyway)
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) cfg.train.seed);
        this.devices = DataParallel.devices(cfg.train.devices);
        devices.forEach(d -> inputs.add(new DirectInput()));
        DataParallel.shardSizes(cfg.train.batchSize, devices.size());
        this.model = Networks.newModel(cfg, devices.get(0));
        EngineCheck.verifyBatchedConvolution(model.getNDManager());
        this.all = TorchNames.parameters(model.getBlock());
        for (Map.Entry<String, Parameter> e : all.entrySet()) {
            Parameter.Type t = e.getValue().getType();
            if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) {
                trainable.put(e.getKey(), e.getValue());
                e.getValue().getArray().setRequiresGradient(true);
            }
        }
        this.optimizer = new SgdMomentum(trainable, model.getNDManager(), cfg.train.weightDecay);
        this.geometry = LevelGeometry.of(cfg.model, cfg.train.inputSize, cfg.train.inputSize);
        this.anchors = AnchorGenerator.all(cfg.model, geometry);
        this.ema = cfg.train.emaDecay > 0 ? new WeightEma(all, model.getNDManager(), cfg.train.emaDecay) : null;
        boolean resumed = false;
        if (resume) {
            try (Checkpoints.Loaded c = Checkpoints.readNewest(runDir.resolve("checkpoints"),
                    model.getNDManager(), this::warn)) {
                if (c != null) {
                    restore(c);
                    resumed = true;
                    info("resumed from " + c.file() + " at iteration " + state.iteration());
                } else {
                    info("no checkpoint in " + runDir.resolve("checkpoints") + "; starting fresh");
                }
            }
        }
        if (!resumed && cfg.train.initFrom != null) {
            Path init = AppPaths.resolve(cfg.train.initFrom);
            if (Files.isDirectory(init)) { // a model folder: an export or a soup
                try (Model source = FaceDetector.loadModel(init)) {
                    Map<String, NDArray> from = new LinkedHashMap<>();
                    TorchNames.parameters(source.getBlock()).forEach((k, v) -> from.put(k, v.getArray()));
                    copyParameters(init, from, true);
                }
                info("weights initialized from the model folder " + init);
            } else if (Files.isRegularFile(init)) {
                try (Checkpoints.Loaded c = Checkpoints.read(init, model.getNDManager())) {
                    // a checkpoint that kept a weight average starts the run from it: that is its model
                    boolean averaged = !c.average().isEmpty();
                    copyParameters(init, averaged ? c.average() : c.params(), true);
                    info("weights initialized from " + init + (averaged ? " (its weight average)" : "")
                            + " (its iteration " + c.state().iteration() + ")");
                }
            } else {
                throw new IOException("train.initFrom: no checkpoint file or model folder at " + init);
            }
        }
        if (!resumed && ema != null) {
            ema.restoreFromModel();
        }
    }

    private void restore(Checkpoints.Loaded c) throws IOException {
        copyParameters(c.file(), c.params(), false);
        if (ema != null) {
            if (c.average().isEmpty()) { // train.emaDecay switched on for a run that did not keep one
                warn(c.file() + " holds no weight average; it starts from the current weights");
                ema.restoreFromModel();
            } else {
                try {
                    ema.restore(c.average(), c.file().toString());
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }
        for (Map.Entry<String, NDArray> e : c.velocity().entrySet()) {
            NDArray v = e.getValue().duplicate(); // read onto the model manager, so already on the first device
            v.attach(model.getNDManager());
            optimizer.setVelocity(e.getKey(), v);
        }
        state = c.state();
    }

    /**
     * Copies {@code from} (read from {@code source}) into the model. With {@code widen} (a run started
     * from another run's weights), a parameter narrower than the model's is widened ({@link Widening}).
     */
    private void copyParameters(Path source, Map<String, NDArray> from, boolean widen) throws IOException {
        AInnoFace net = (AInnoFace) model.getBlock();
        int fresh = 0;
        for (Map.Entry<String, Parameter> e : all.entrySet()) {
            // starting from a narrower design (one tower or one head where the model has two) takes the shared one's
            String name = widen ? AInnoFace.initSource(e.getKey(), from::containsKey) : e.getKey();
            NDArray src = name == null ? null : from.get(name);
            NDArray dst = e.getValue().getArray();
            if (widen && net.startsFresh(e.getKey())
                    && (src == null || !src.getShape().equals(dst.getShape()))) {
                fresh++; // new narrow low levels: keep their initialization
                continue;
            }
            if (src != null && widen && !src.getShape().equals(dst.getShape())) {
                try {
                    src = Widening.widen(e.getKey(), src, dst);
                } catch (IllegalArgumentException x) {
                    throw new IOException(source + ": " + x.getMessage(), x);
                }
            }
            if (src == null || !src.getShape().equals(dst.getShape())) {
                throw new IOException(source + ": parameter " + e.getKey()
                        + " is missing or has another shape; was it made with another config?");
            }
            boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
            try {
                src.copyTo(dst);
            } finally {
                ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
            }
        }
        if (fresh > 0) {
            info(fresh + " parameters of the narrow low levels (model.lowHeadToLevel) start fresh: " + source
                    + " has none for them");
        }
    }

    public void setEpochHook(EpochHook hook) {
        this.epochHook = hook;
    }

    public void setQuiet(boolean quiet) {
        this.quiet = quiet;
    }

    public Model model() {
        return model;
    }

    public DetectorConfig config() {
        return cfg;
    }

    public Checkpoints.State state() {
        return state;
    }

    public Path runDir() {
        return runDir;
    }

    /** Trainable parameters by PyTorch-style name. */
    public Map<String, Parameter> parameters() {
        return all;
    }

    /**
     * Trains until the configured epochs end or {@code maxIterations} more iterations ran
     * (0 = no limit).
     */
    public void run(long maxIterations) throws IOException, InterruptedException {
        int perEpoch = Math.max(1, images.size() / cfg.train.batchSize);
        long total = (long) cfg.train.epochs * perEpoch;
        long stopAt = maxIterations > 0 ? Math.min(total, state.iteration() + maxIterations) : total;
        if (state.iteration() >= stopAt) {
            info("nothing to do: iteration " + state.iteration() + " of " + total);
            return;
        }
        LrSchedule schedule = new LrSchedule(cfg.train, perEpoch);
        TrainingLog metrics = new TrainingLog(runDir, state.iteration());
        AInnoFaceLoss loss = newLoss();
        long elapsedBefore = state.elapsedMillis();
        long t0 = System.currentTimeMillis();
        info(String.format(Locale.ROOT, "training %s: %d images, %d iterations/epoch, %d epochs, input %d, batch %d;"
                + " iterations %d..%d", cfg.name, images.size(), perEpoch, cfg.train.epochs, cfg.train.inputSize,
                cfg.train.batchSize, state.iteration(), stopAt));
        try (BatchLoader loader = newLoader();
                Progress bar = new Progress("train", stopAt - state.iteration(), System.err, !quiet)) {
            double avgRate = 0;
            double[] missed = new double[2];
            long sinceIteration = state.iteration();
            while (state.iteration() < stopAt) {
                long it = state.iteration();
                TrainBatch batch = loader.next();
                double lr = schedule.at(it);
                double mom = schedule.momentum(it);
                long ts = System.nanoTime();
                double[] values = batch.batchSize() == 0 ? null : step(batch, loss, lr, mom);
                if (batch.batchSize() == 0) {
                    warn("iteration " + it + ": every image of the batch failed to load; skipped");
                } else if (values != null && ema != null) {
                    ema.update(it);
                }
                double secs = (System.nanoTime() - ts) / 1e9;
                double rate = batch.batchSize() / Math.max(1e-9, secs);
                avgRate = avgRate == 0 ? rate : 0.9 * avgRate + 0.1 * rate;
                int nextIndex = batch.index() + 1;
                int nextEpoch = batch.epoch();
                if (nextIndex >= perEpoch) {
                    nextIndex = 0;
                    nextEpoch++;
                }
                state = new Checkpoints.State(it + 1, nextEpoch, nextIndex,
                        elapsedBefore + System.currentTimeMillis() - t0);
                if (values != null) {
                    missed[0] += values[5];
                    missed[1] += values[6];
                    metrics.add(it, batch.epoch(), lr, mom, values, rate);
                    if (it % Math.max(1, cfg.train.logEvery) == 0) {
                        log.printf(Locale.ROOT, "%s it %d epoch %d lr %.5f loss %.4f cls1 %.4f reg1 %.4f cls2 %.4f"
                                + " reg2 %.4f %.2f img/s%n", Instant.now(), it, batch.epoch(), lr, values[0],
                                values[1], values[2], values[3], values[4], rate);
                    }
                    bar.step(String.format(Locale.ROOT, "ep %d it %d loss %.3f (c1 %.3f r1 %.3f c2 %.3f r2 %.3f)"
                            + " lr %.4f %.1f img/s", batch.epoch(), it, values[0], values[1], values[2], values[3],
                            values[4], lr, avgRate));
                }
                boolean epochEnd = nextIndex == 0;
                if (epochEnd || (it + 1) % Math.max(1, cfg.train.checkpointEvery) == 0 || it + 1 == stopAt) {
                    checkpoint(metrics);
                    // under -ln IoU a box that misses its face gets no gradient: how often that happens
                    log.printf(Locale.ROOT, "%s box positives whose box missed its face (IoU 0) in iterations %d..%d:"
                            + " %d of %d (%.2f %%)%n", Instant.now(), sinceIteration, it, (long) missed[0],
                            (long) missed[1], 100 * missed[0] / Math.max(1, missed[1]));
                    sinceIteration = it + 1;
                    missed[0] = 0;
                    missed[1] = 0;
                }
                if (epochEnd && epochHook != null) {
                    epochHook.afterEpoch(batch.epoch(), this);
                }
            }
        }
    }

    /**
     * One optimization step on {@code batch}: forward, loss, backward, update.
     *
     * @return total, cls1, reg1, cls2, reg2, then the box positives whose box missed its face ({@link
     *     AInnoFaceLoss.Terms#missed}) and the box positives; null when the gradient was not finite and the update
     *     was skipped (warned; after {@link #MAX_SKIPPED_IN_A_ROW} in a row the run stops)
     */
    public double[] step(TrainBatch batch, AInnoFaceLoss loss, double lr, double mom) {
        long it = state.iteration();
        try (NDManager step = model.getNDManager().newSubManager()) {
            int s = batch.size();
            int[] shards = DataParallel.shardSizes(batch.batchSize(), devices.size());
            double[] values = new double[7];
            try (GradientCollector gc = step.getEngine().newGradientCollector()) {
                // forward every shard, then normalize each shard's loss by the whole batch's counts
                List<NDManager> managers = new ArrayList<>();
                List<AInnoFaceLoss.Prepared> parts = new ArrayList<>();
                AInnoFaceLoss.Counts counts = new AInnoFaceLoss.Counts(0, 0, 0, 0);
                int from = 0;
                for (int k = 0; k < shards.length; k++) {
                    NDManager dm = step.newSubManager(devices.get(k));
                    int len = 3 * s * s;
                    NDArray x = inputs.get(k).create(dm, batch.images(), from * len, new Shape(shards[k], 3, s, s));
                    NDList out = model.getBlock().forward(new DataParallel.Store(dm), new NDList(x), true);
                    AInnoFaceLoss.Prepared p = loss.prepare(out, batch.targets().subList(from, from + shards[k]));
                    managers.add(dm);
                    parts.add(p);
                    counts = counts.plus(p.counts());
                    from += shards[k];
                }
                NDArray total = null;
                for (int k = 0; k < shards.length; k++) {
                    AInnoFaceLoss.Terms t = loss.terms(parts.get(k), counts, managers.get(k));
                    values[1] += scalar(t.cls1());
                    values[2] += scalar(t.reg1());
                    values[3] += scalar(t.cls2());
                    values[4] += scalar(t.reg2());
                    values[5] += scalar(t.missed());
                    values[6] += t.boxPositives();
                    NDArray tk = t.total().toDevice(devices.get(0), false);
                    total = total == null ? tk : total.add(tk);
                }
                values[0] = scalar(total);
                if (!Double.isFinite(values[0])) {
                    String msg = String.format(Locale.ROOT, "loss is not finite at iteration %d (cls1 %s,"
                            + " reg1 %s, cls2 %s, reg2 %s); stopping. The last good checkpoint in %s is"
                            + " kept; lower train.lr or raise train.warmupIterations and --resume.",
                            it, values[1], values[2], values[3], values[4], runDir.resolve("checkpoints"));
                    info(msg);
                    throw new NonFiniteLossException(msg);
                }
                gc.backward(total);
            }
            double norm = optimizer.step(lr, mom, cfg.train.gradClipNorm);
            if (!Double.isFinite(norm)) {
                skippedInARow++;
                String msg = String.format(Locale.ROOT, "iteration %d: the gradient is not finite (norm %s) with a"
                        + " finite loss %.4f; update skipped (%d in a row)", it, norm, values[0], skippedInARow);
                if (skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
                    msg += "; stopping. The last good checkpoint in " + runDir.resolve("checkpoints")
                            + " is kept; lower train.lr and --resume.";
                    info(msg);
                    throw new NonFiniteLossException(msg);
                }
                warn(msg);
                return null;
            }
            skippedInARow = 0;
            return values;
        }
    }

    /** The loss for this trainer's crop size. */
    public AInnoFaceLoss newLoss() {
        return new AInnoFaceLoss(cfg.model, cfg.train, geometry, anchors);
    }

    /** A loader positioned at this trainer's state (for benchmarks and tools). */
    public BatchLoader newLoader() {
        return new BatchLoader(cfg, images, imageRoot, new TargetAssigner(cfg.model, cfg.train, geometry, anchors),
                state.epoch(), state.batchInEpoch(), this::warn);
    }

    private static double scalar(NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    private void checkpoint(TrainingLog metrics) throws IOException {
        Path f = Checkpoints.write(runDir.resolve("checkpoints"), state, all, optimizer.velocity(),
                ema == null ? Map.of() : ema.average(), cfg.train.keepCheckpoints);
        metrics.plot();
        log.println(Instant.now() + " checkpoint " + f);
    }

    /**
     * Writes the model as a model folder: with {@code average}, the weight average when one is kept
     * ({@code train.emaDecay}), else the last weights.
     */
    public void export(Path dir, boolean average) throws IOException {
        if (!average) {
            ModelFolder.save(dir, cfg, model);
            return;
        }
        withModelWeights(() -> {
            ModelFolder.save(dir, cfg, model);
            return null;
        });
    }

    /** Whether a weight average is kept ({@code train.emaDecay} &gt; 0). */
    public boolean keepsAverage() {
        return ema != null;
    }

    /** Work that reads the model and may throw. */
    public interface ModelWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} with the weights a user would get: the weight average while one is kept
     * ({@code train.emaDecay}), else the current weights; training weights are back afterwards.
     */
    public <T> T withModelWeights(ModelWork<T> work) throws IOException {
        if (ema == null) {
            return work.run();
        }
        ema.swap();
        try {
            return work.run();
        } finally {
            ema.swap();
        }
    }

    void info(String msg) {
        log.println(Instant.now() + " " + msg);
        if (!quiet) {
            System.err.println(msg);
        }
    }

    void warn(String msg) {
        log.println(Instant.now() + " WARNING " + msg);
        System.err.println("\nwarning: " + msg);
    }

    @Override
    public void close() {
        log.close();
        model.close();
    }

    /** The loss became NaN or infinite. */
    public static final class NonFiniteLossException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NonFiniteLossException(String msg) {
            super(msg);
        }
    }
}
