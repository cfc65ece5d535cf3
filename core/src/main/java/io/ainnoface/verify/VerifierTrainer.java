package io.ainnoface.verify;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.config.VerifierConfig;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.model.Verifier;
import io.ainnoface.model.nn.TorchNames;
import io.ainnoface.onnx.OnnxExport;
import io.ainnoface.train.Checkpoints;
import io.ainnoface.train.SgdMomentum;
import io.ainnoface.util.DirectInput;
import io.ainnoface.util.EngineCheck;
import io.ainnoface.util.LinePlot;
import io.ainnoface.util.Progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Trains the verifier on a {@link CropSet}: binary cross-entropy on the logit, SGD with momentum and weight decay
 * ({@link SgdMomentum}) on PyTorch's one-cycle schedule (learning rate up from lr/25 over the first
 * {@link Options#warmup} of the steps, then cosine down to lr/25·10⁻⁴; momentum 0.95 → 0.85 → 0.95), crops mirrored at
 * random. Checkpoints ({@link Checkpoints}) in {@code run/checkpoints}; a run resumes from the newest and, with the
 * same crops and options, continues exactly where it stopped.
 */
public final class VerifierTrainer implements AutoCloseable {
    /** Training options; the prototype's (tools/verifier_prototype.py) are the defaults. */
    public record Options(int epochs, int batch, double lr, double weightDecay, double warmup, long seed,
            int checkpointEvery) {
        public static Options defaults() {
            return new Options(4, 128, 0.05, 5e-4, 0.05, 0, 200);
        }
    }

    private final VerifierConfig cfg;
    private final Options opt;
    private final Path runDir;
    private final Model model;
    private final Map<String, Parameter> all;
    private final SgdMomentum optimizer;
    private final Consumer<String> info;
    private Checkpoints.State state = new Checkpoints.State(0, 0, 0, 0);
    private final DirectInput input = new DirectInput();

    /**
     * @param pretrained ImageNet weights of the backbone (safetensors, PyTorch names), or null for random ones
     * @param resume continue from the newest checkpoint in {@code runDir/checkpoints} when there is one
     */
    public VerifierTrainer(VerifierConfig cfg, Options opt, Path runDir, Path pretrained, boolean resume,
            Consumer<String> info) throws IOException {
        this.cfg = cfg;
        this.opt = opt;
        this.runDir = runDir;
        this.info = info;
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) opt.seed());
        model = Model.newInstance(FaceVerifier.NAME, Device.cpu(), "PyTorch");
        Verifier net = new Verifier(cfg);
        model.setBlock(net);
        EngineCheck.verifyBatchedConvolution(model.getNDManager());
        net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, cfg.side, cfg.side));
        all = TorchNames.parameters(net);
        if (pretrained != null) {
            TorchNames.LoadReport r = TorchNames.loadSafetensors(net.backbone(), "", pretrained, model.getNDManager(),
                    Set.of("fc.weight", "fc.bias"));
            if (!r.missing().isEmpty() || !r.unexpected().isEmpty()) {
                throw new IOException(pretrained + ": does not match the verifier's MobileNetV1 (width "
                        + cfg.mobilenetWidth + "): missing " + r.missing() + ", unexpected " + r.unexpected());
            }
        }
        // a small classifier start, as the prototype's: N(0, 0.01) weights, zero bias
        NDArray w = all.get("fc.weight").getArray();
        model.getNDManager().randomNormal(0, 0.01f, w.getShape(), DataType.FLOAT32).copyTo(w);
        all.get("fc.bias").getArray().set(new ai.djl.ndarray.index.NDIndex("..."), 0);
        Map<String, Parameter> trainable = new LinkedHashMap<>();
        all.forEach((k, p) -> {
            if (p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR) {
                trainable.put(k, p);
                p.getArray().setRequiresGradient(true);
            }
        });
        optimizer = new SgdMomentum(trainable, model.getNDManager(), opt.weightDecay());
        if (resume) {
            try (Checkpoints.Loaded c = Checkpoints.readNewest(runDir.resolve("checkpoints"), model.getNDManager(),
                    m -> info.accept("warning: " + m))) {
                if (c != null) {
                    for (Map.Entry<String, Parameter> e : all.entrySet()) {
                        NDArray src = c.params().get(e.getKey());
                        if (src == null || !src.getShape().equals(e.getValue().getArray().getShape())) {
                            throw new IOException(c.file() + ": parameter " + e.getKey()
                                    + " is missing or of another shape; is it a verifier run's checkpoint?");
                        }
                        src.copyTo(e.getValue().getArray());
                    }
                    for (Map.Entry<String, NDArray> e : c.velocity().entrySet()) {
                        NDArray v = e.getValue().duplicate();
                        v.attach(model.getNDManager());
                        optimizer.setVelocity(e.getKey(), v);
                    }
                    state = c.state();
                    info.accept("resumed from " + c.file() + " at iteration " + state.iteration());
                }
            }
        }
    }

    public Checkpoints.State state() {
        return state;
    }

    /** Steps per epoch: whole batches only, as the prototype. */
    public static int stepsPerEpoch(int crops, int batch) {
        return crops / batch;
    }

    /** Learning rate and momentum of step {@code it} of {@code total} (PyTorch's {@code OneCycleLR}, cosine). */
    public static double[] oneCycle(long it, long total, double lr, double warmup) {
        double peak = warmup * total - 1;
        double[] out = new double[2];
        if (it <= peak) {
            double t = peak <= 0 ? 1 : it / peak;
            out[0] = anneal(lr / 25, lr, t);
            out[1] = anneal(0.95, 0.85, t);
        } else {
            double t = (it - peak) / (total - 1 - peak);
            out[0] = anneal(lr, lr / 25 / 1e4, t);
            out[1] = anneal(0.85, 0.95, t);
        }
        return out;
    }

    private static double anneal(double from, double to, double t) {
        return to + (from - to) / 2 * (1 + Math.cos(Math.PI * Math.min(1, t)));
    }

    /**
     * Mean binary cross-entropy of {@code logits} against 0/1 {@code labels}, in the stable form
     * {@code max(x, 0) − x·y + ln(1 + e^−|x|)}.
     */
    public static NDArray bceWithLogits(NDArray logits, NDArray labels) {
        return logits.maximum(0).sub(logits.mul(labels)).add(logits.abs().neg().exp().add(1).log()).mean();
    }

    /** Trains to the end of the last epoch from the current state. */
    public void train(CropSet data) throws IOException {
        train(data, 0);
    }

    /** Trains from the current state until iteration {@code stopAt} (0: the end of the last epoch), checkpointing there. */
    public void train(CropSet data, long stopAt) throws IOException {
        int steps = stepsPerEpoch(data.size(), opt.batch());
        if (steps == 0) {
            throw new IllegalArgumentException(data.size() + " crops are fewer than one batch of " + opt.batch());
        }
        long total = (long) steps * opt.epochs();
        int side = cfg.side;
        int size = 3 * side * side;
        float[] x = new float[opt.batch() * size];
        float[] y = new float[opt.batch()];
        Path logFile = runDir.resolve("verifier-log.csv");
        Files.createDirectories(runDir);
        if (!Files.exists(logFile)) {
            Files.writeString(logFile, "iteration,epoch,lr,loss\n");
        }
        long started = System.currentTimeMillis() - state.elapsedMillis();
        double sum = 0;
        int count = 0;
        try (Progress bar = new Progress("train-verifier", total)) {
            bar.advance(state.iteration(), "");
            for (int epoch = state.epoch(); epoch < opt.epochs(); epoch++) {
                int[] perm = permutation(data.size(), opt.seed() * 1000 + epoch);
                for (int b = epoch == state.epoch() ? state.batchInEpoch() : 0; b < steps; b++) {
                    long it = (long) epoch * steps + b;
                    // the mirror of a crop depends on its step only, so a resumed run draws the same ones
                    Random rnd = new Random(opt.seed() * 7_919 + it);
                    for (int i = 0; i < opt.batch(); i++) {
                        int k = perm[b * opt.batch() + i];
                        FaceCrops.normalize(data.crops.get(k), side, rnd.nextBoolean(), cfg.mean, cfg.std, x, i * size);
                        y[i] = data.faces.get(k) ? 1 : 0;
                    }
                    double[] lm = oneCycle(it, total, opt.lr(), opt.warmup());
                    double loss = step(x, y, lm[0], lm[1]);
                    sum += loss;
                    count++;
                    boolean epochEnd = b + 1 == steps;
                    state = new Checkpoints.State(it + 1, epochEnd ? epoch + 1 : epoch, epochEnd ? 0 : b + 1,
                            System.currentTimeMillis() - started);
                    bar.step(String.format(Locale.ROOT, "ep %d loss %.4f lr %.4f", epoch, sum / count, lm[0]));
                    boolean stop = it + 1 == stopAt;
                    if (epochEnd || stop || (it + 1) % opt.checkpointEvery() == 0) {
                        Files.writeString(logFile, String.format(Locale.ROOT, "%d,%d,%.6f,%.5f%n", it + 1, epoch,
                                lm[0], sum / count), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                        sum = 0;
                        count = 0;
                        Checkpoints.write(runDir.resolve("checkpoints"), state, all, optimizer.velocity(), Map.of(), 2);
                        plot(logFile);
                    }
                    if (stop) {
                        return;
                    }
                }
            }
        }
    }

    /** One update on a batch; returns the batch's loss. */
    double step(float[] x, float[] y, double lr, double momentum) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            double loss;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray in = input.create(m, x, 0, new Shape(y.length, 3, cfg.side, cfg.side));
                NDList out = model.getBlock().forward(new ParameterStore(m, false), new NDList(in), true);
                NDArray l = bceWithLogits(out.head(), m.create(y));
                loss = l.getFloat();
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("verifier loss is not finite at iteration " + state.iteration()
                            + "; the last good checkpoint in " + runDir.resolve("checkpoints")
                            + " is kept: lower --lr and resume");
                }
                gc.backward(l);
            }
            optimizer.step(lr, momentum, 0);
            return loss;
        }
    }

    private static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static void plot(Path logFile) throws IOException {
        List<String> lines = Files.readAllLines(logFile);
        List<double[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] t = l.split(",");
            rows.add(new double[] {Double.parseDouble(t[0]), Double.parseDouble(t[3])});
        }
        double[] it = rows.stream().mapToDouble(r -> r[0]).toArray();
        double[] loss = rows.stream().mapToDouble(r -> r[1]).toArray();
        new LinePlot("verifier training", "iteration", "loss (mean since the previous point)")
                .series("binary cross-entropy", it, loss).write(logFile.resolveSibling("verifier-loss.png"));
    }

    /**
     * Writes the trained verifier into model folder {@code dir} as ensemble member {@code member}:
     * {@link FaceVerifier#paramsName}, its ONNX export {@link FaceVerifier#onnxName} and the {@code
     * verifier} section of its config with {@code members} covering it (each replaced atomically; the detector's
     * files and the other members are untouched).
     *
     * @param member 0 replaces the verifier (and, with members after it, keeps them); {@code k > 0} needs members
     *     0 to k−1 in the folder already; with other members, this trainer's crop geometry and normalization must be
     *     theirs
     */
    public void saveInto(Path dir, int member) throws IOException {
        DetectorConfig dc = ModelFolder.readConfig(dir);
        int have = dc.verifier == null ? 0 : dc.verifier.members;
        if (member < 0 || member > have) {
            throw new IOException(dir + ": cannot write verifier member " + member + ": the folder has " + have
                    + " (members are numbered from 0 without gaps)");
        }
        int members = Math.max(have, member + 1);
        // every member is run on the same crops: one that stays beside this one must share their geometry
        if (members > 1 && !sameGeometry(dc.verifier, cfg)) {
            throw new IOException(dir + ": verifier member " + member + " must share the folder's mobilenetWidth,"
                    + " side, context, mean and std");
        }
        cfg.members = members;
        dc.verifier = cfg;
        String name = FaceVerifier.name(member);
        String params = FaceVerifier.paramsName(member);
        String onnx = FaceVerifier.onnxName(member);
        Path tmp = Files.createTempDirectory(dir, ".verifier");
        try {
            model.setProperty("Epoch", "0");
            model.save(tmp, name);
            OnnxExport.write(OnnxExport.toBytes((Verifier) model.getBlock(), FaceVerifier.NAME, Verifier.ONNX_OUTPUT),
                    tmp.resolve(onnx));
            ConfigLoader.save(dc, tmp.resolve(ModelFolder.CONFIG));
            Files.move(tmp.resolve(params), dir.resolve(params),
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp.resolve(onnx), dir.resolve(onnx), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            // the config last: it is what makes the folder use the verifier
            Files.move(tmp.resolve(ModelFolder.CONFIG), dir.resolve(ModelFolder.CONFIG),
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            ModelFolder.deleteFlat(tmp);
        }
    }

    private static boolean sameGeometry(VerifierConfig a, VerifierConfig b) {
        return a.mobilenetWidth == b.mobilenetWidth && a.side == b.side && a.context == b.context
                && a.mean.equals(b.mean) && a.std.equals(b.std);
    }

    @Override
    public void close() {
        model.close();
    }
}
