package io.ainnoface.verify;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.ainnoface.config.VerifierConfig;
import io.ainnoface.infer.DjlRunner;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.NetworkRunner;
import io.ainnoface.infer.OnnxRunner;
import io.ainnoface.model.Verifier;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The second stage of the test-time augmentation: re-scores the boxes it selects ({@link #selected}) as
 * {@code s^(1-w) · v^w}, {@code v} the verifier's face probability of the box's crop ({@link FaceCrops}), averaged
 * with its mirror's, and over the members when there are several ({@code verifier.members}). Its network runs are
 * serialized, so detectors on several threads may share one.
 */
public final class FaceVerifier implements AutoCloseable {
    /** A model folder's verifier parameters are {@code verifier-0000.params} (member 0). */
    public static final String NAME = "verifier";
    /** The same network for ONNX Runtime, beside the parameters (member 0). */
    public static final String ONNX = "verifier.onnx";
    /** Crops per forward pass (each also mirrored). */
    private static final int BATCH = 64;

    private final List<NetworkRunner> nets;
    private final VerifierConfig cfg;

    /** @param nets the members, each giving one logit per crop */
    public FaceVerifier(List<NetworkRunner> nets, VerifierConfig cfg) {
        if (nets.isEmpty()) {
            throw new IllegalArgumentException("a verifier needs at least one network");
        }
        this.nets = List.copyOf(nets);
        this.cfg = cfg;
    }

    /** Member {@code k}'s DJL model name: {@value #NAME}, then {@value #NAME}1, {@value #NAME}2, … */
    public static String name(int member) {
        return member == 0 ? NAME : NAME + member;
    }

    /** Member {@code k}'s DJL parameters file: {@code verifier-0000.params}, then {@code verifier1-0000.params}, … */
    public static String paramsName(int member) {
        return name(member) + "-0000.params";
    }

    /** Member {@code k}'s ONNX file name: {@value #ONNX}, then {@code verifier1.onnx}, … */
    public static String onnxName(int member) {
        return name(member) + ".onnx";
    }

    /**
     * The verifier of model folder {@code dir}, each of its {@code members}: {@link #onnxName} in ONNX Runtime when
     * {@code onnx} and the file is there, else {@link #paramsName} in DJL's PyTorch engine.
     *
     * @param threads ONNX Runtime intra-op threads (0 = one per core)
     */
    public static FaceVerifier load(Path dir, VerifierConfig cfg, boolean onnx, int threads) throws IOException {
        List<NetworkRunner> nets = new ArrayList<>();
        try {
            for (int k = 0; k < cfg.members; k++) {
                Path file = dir.resolve(onnxName(k));
                nets.add(onnx && Files.isRegularFile(file) ? new OnnxRunner(file, threads, Verifier.ONNX_OUTPUT)
                        : new DjlRunner(loadModel(dir, cfg, k), true));
            }
        } catch (IOException | RuntimeException e) {
            nets.forEach(NetworkRunner::close);
            throw e;
        }
        return new FaceVerifier(nets, cfg);
    }

    /** The engine that runs the verifier (its first member): {@code "pytorch"} or {@code "onnxruntime"}. */
    public String engine() {
        return nets.get(0).engine();
    }

    public static Model loadModel(Path dir, VerifierConfig cfg, int member) throws IOException {
        String name = name(member);
        Path file = dir.resolve(paramsName(member));
        if (!Files.isRegularFile(file)) {
            throw new IOException(dir + ": the config has a 'verifier' section with " + cfg.members
                    + " member(s) but " + file.getFileName() + " is missing (train-verifier writes it)");
        }
        Model model = Model.newInstance(name, Device.cpu(), "PyTorch");
        model.setBlock(new Verifier(cfg));
        try {
            model.load(dir, name);
        } catch (MalformedModelException | IOException e) {
            model.close();
            throw new IOException(file + ": cannot load the verifier: " + e.getMessage(), e);
        }
        return model;
    }

    public VerifierConfig config() {
        return cfg;
    }

    /**
     * Face probabilities of (3, side, side) crops: the sigmoid of the logit, mean over the crop and its mirror, then
     * over the members.
     */
    public synchronized float[] probabilities(List<byte[]> crops) {
        int side = cfg.side;
        int size = 3 * side * side;
        float[] out = new float[crops.size()];
        for (int from = 0; from < crops.size(); from += BATCH) {
            int n = Math.min(BATCH, crops.size() - from);
            float[] x = new float[2 * n * size];
            for (int i = 0; i < n; i++) {
                FaceCrops.normalize(crops.get(from + i), side, false, cfg.mean, cfg.std, x, i * size);
                FaceCrops.normalize(crops.get(from + i), side, true, cfg.mean, cfg.std, x, (n + i) * size);
            }
            double[] sum = new double[n];
            for (NetworkRunner net : nets) {
                float[] logits = net.run(x, new long[] {2L * n, 3, side, side})[0];
                for (int i = 0; i < n; i++) {
                    sum[i] += (sigmoid(logits[i]) + sigmoid(logits[n + i])) / 2;
                }
            }
            for (int i = 0; i < n; i++) {
                out[from + i] = (float) (sum[i] / nets.size());
            }
        }
        return out;
    }

    /** {@code faces} of {@code img} ({@code xyxy} pixels) re-scored, highest first. */
    public List<Face> rescore(BufferedImage img, List<Face> faces) {
        // the crops are cut on every core: they only read the image
        return fuse(faces, cfg, sel -> probabilities(
                sel.parallelStream().map(f -> FaceCrops.crop(img, f, cfg.context, cfg.side)).toList()));
    }

    /**
     * {@code faces} with the {@link #selected} ones re-scored {@code s^(1-w) · v^w} by the probabilities
     * {@code verify} gives them (in the order given), all sorted by score, highest first.
     */
    static List<Face> fuse(List<Face> faces, VerifierConfig cfg, Function<List<Face>, float[]> verify) {
        boolean[] chosen = selected(faces, cfg);
        List<Face> sel = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            if (chosen[i]) {
                sel.add(faces.get(i));
            }
        }
        float[] v = sel.isEmpty() ? new float[0] : verify.apply(sel);
        List<Face> out = new ArrayList<>(faces.size());
        int k = 0;
        for (int i = 0; i < faces.size(); i++) {
            Face f = faces.get(i);
            if (chosen[i]) {
                double s = Math.pow(f.score(), 1 - cfg.weight) * Math.pow(v[k++], cfg.weight);
                f = new Face(f.x1(), f.y1(), f.x2(), f.y2(), (float) s);
            }
            out.add(f);
        }
        out.sort(Comparator.comparingDouble(Face::score).reversed());
        return out;
    }

    /**
     * Which faces are verified: of the {@code topK} highest scoring at least {@code minScore}, those whose size
     * {@code sqrt(w·h)} is below {@code maxSize} (any size when it is 0).
     */
    static boolean[] selected(List<Face> faces, VerifierConfig cfg) {
        Integer[] order = new Integer[faces.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> -faces.get(i).score()));
        boolean[] out = new boolean[faces.size()];
        int taken = 0;
        for (int i : order) {
            Face f = faces.get(i);
            if (taken == cfg.topK || f.score() < cfg.minScore) {
                break;
            }
            taken++;
            double size = Math.sqrt(Math.max(0, f.width()) * Math.max(0, f.height()));
            out[i] = cfg.maxSize <= 0 || size < cfg.maxSize;
        }
        return out;
    }

    private static double sigmoid(float x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    public void close() {
        nets.forEach(NetworkRunner::close);
    }
}
