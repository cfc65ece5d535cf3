import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.ainnoface.model.head.Rfe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark (session 44), not a product feature: the RFE block's training step (forward and backward on PyTorch) with
 * its four branches as built (13 convolutions), against the same arithmetic in 5 convolutions: the branches' first 1x1
 * convs as one, the two branches of each orientation as one conv (grouped, or dense with the weights block-diagonal),
 * the last 1x1 convs as one (grouped or block-diagonal) and the fuse conv's input channels permuted to match. The
 * merged weights are built from the block's own parameters in every step, so gradients reach them. It checks that the
 * forms give the same outputs and parameter gradients, then times them alternately on the shapes a 480² batch of 8
 * gives the shipped head (width 32, levels P3-P7, each level run twice: the two steps).
 *
 * <pre>
 * source bin/ainnoface-env   # with APP_HOME set to the repository root: the launchers' oneDNN and malloc settings
 * java -Dai.djl.offline=true -cp "serve/target/ainnoface-serve-0.1.0-SNAPSHOT.jar:serve/target/lib/*" \
 *     tools/RfeMergeBench.java [ROUNDS=20] [WIDTH=32] [BATCH=8] [INPUT=480]
 * </pre>
 */
public final class RfeMergeBench {
    private static final String[] FORMS = {"branches (13 convs)", "merged, grouped", "merged, block-diagonal"};

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int c = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int input = args.length > 3 ? Integer.parseInt(args[3]) : 480;
        Engine.getEngine("PyTorch");
        try (Model model = Model.newInstance("rfe", "PyTorch")) {
            NDManager m = model.getNDManager();
            Rfe rfe = new Rfe(c);
            m.getEngine().setRandomSeed(1);
            rfe.initialize(m, DataType.FLOAT32, new Shape(batch, c, 8, 8));
            List<NDArray> xs = new ArrayList<>();
            for (int side = (input + 7) / 8, l = 3; l <= 7; l++, side = (side + 1) / 2) {
                for (int step = 0; step < 2; step++) {
                    xs.add(m.randomNormal(new Shape(batch, c, side, side)));
                }
            }
            check(rfe, m, xs.get(2));
            double[][] ms = new double[FORMS.length][rounds];
            for (int r = -2; r < rounds; r++) {
                for (int k = 0; k < FORMS.length; k++) {
                    int f = Math.floorMod(r + k, FORMS.length);
                    long t = System.nanoTime();
                    step(rfe, m, xs, f);
                    if (r >= 0) {
                        ms[f][r] = (System.nanoTime() - t) / 1e6;
                    }
                }
            }
            System.out.printf("RFE width %d, batch %d, input %d², levels P3-P7 twice, forward+backward, %d rounds, "
                    + "%d threads%n", c, batch, input, rounds, JniUtils.getNumThreads());
            for (int f = 0; f < FORMS.length; f++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = ms[f][r] / ms[0][r];
                }
                System.out.printf("%-26s median %7.1f ms   x branches (paired median) %.3f%n", FORMS[f], median(ms[f]),
                        median(ratio));
            }
        }
    }

    /** Outputs and every parameter gradient of the merged forms against the branches', on one input. */
    private static void check(Rfe rfe, NDManager m, NDArray x) {
        float[][] ref = null;
        for (int f = 0; f < FORMS.length; f++) {
            float[][] got = gradients(rfe, m, x, f);
            if (ref == null) {
                ref = got;
                continue;
            }
            for (int i = 0; i < ref.length; i++) {
                double worst = 0;
                double scale = 1e-12;
                for (int j = 0; j < ref[i].length; j++) {
                    worst = Math.max(worst, Math.abs(ref[i][j] - got[i][j]));
                    scale = Math.max(scale, Math.abs(ref[i][j]));
                }
                if (worst > 1e-4 * scale) {
                    throw new IllegalStateException(FORMS[f] + ": array " + i + " differs by " + worst + " (scale " + scale + ")");
                }
            }
        }
        System.out.println("outputs and parameter gradients agree (relative 1e-4)");
    }

    private static float[][] gradients(Rfe rfe, NDManager m, NDArray x, int form) {
        for (var p : rfe.getParameters()) {
            p.getValue().getArray().getGradient().muli(0); // backward adds to them
        }
        try (NDManager sub = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            ParameterStore ps = new ParameterStore(sub, false);
            NDArray y = forward(rfe, ps, x, form);
            NDArray w = sub.arange((float) y.size()).reshape(y.getShape()).sin();
            gc.backward(y.mul(w).sum());
            List<float[]> out = new ArrayList<>();
            out.add(y.toFloatArray());
            for (var p : rfe.getParameters()) {
                out.add(p.getValue().getArray().getGradient().toFloatArray());
            }
            return out.toArray(new float[0][]);
        }
    }

    private static void step(Rfe rfe, NDManager m, List<NDArray> xs, int form) {
        try (NDManager sub = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            ParameterStore ps = new ParameterStore(sub, false);
            NDArray loss = null;
            for (NDArray x : xs) {
                NDArray s = forward(rfe, ps, x, form).mean();
                loss = loss == null ? s : loss.add(s);
            }
            gc.backward(loss);
        }
    }

    private static NDArray forward(Rfe rfe, ParameterStore ps, NDArray x, int form) {
        return form == 0 ? rfe.forward(ps, new NDList(x), true).head() : merged(rfe, ps, x, form == 1);
    }

    /** Branch orders: row kernels (1x5, 1x3), then column kernels (5x1, 3x1), as Rfe's ONNX export groups them. */
    private static final int[] ORDER = {0, 2, 1, 3};

    private static NDArray merged(Rfe rfe, ParameterStore ps, NDArray x, boolean grouped) {
        NDList w0 = new NDList();
        NDList b0 = new NDList();
        NDList w4 = new NDList();
        NDList b4 = new NDList();
        for (int i : ORDER) {
            w0.add(value(ps, rfe, "branch" + i, "0", "weight"));
            b0.add(value(ps, rfe, "branch" + i, "0", "bias"));
            w4.add(value(ps, rfe, "branch" + i, "4", "weight"));
            b4.add(value(ps, rfe, "branch" + i, "4", "bias"));
        }
        NDArray y = Activation.relu(Conv2d.conv2d(x, NDArrays.concat(w0, 0), NDArrays.concat(b0, 0)).head());
        long q = w0.get(0).getShape().get(0);
        NDList parts = new NDList();
        for (int o = 0; o < 2; o++) {
            int big = ORDER[2 * o];
            int small = ORDER[2 * o + 1];
            NDArray wb = value(ps, rfe, "branch" + big, "2", "weight");
            NDArray ws = value(ps, rfe, "branch" + small, "2", "weight");
            long kh = wb.getShape().get(2);
            long kw = wb.getShape().get(3);
            ws = padTo(ws, kh, kw);
            NDArray bias = NDArrays.concat(new NDList(value(ps, rfe, "branch" + big, "2", "bias"),
                    value(ps, rfe, "branch" + small, "2", "bias")), 0);
            NDArray in = y.get(":, " + (2 * o * q) + ":" + ((2 * o + 2) * q));
            Shape pad = new Shape(kh / 2, kw / 2);
            NDArray w;
            int groups;
            if (grouped) {
                w = NDArrays.concat(new NDList(wb, ws), 0);
                groups = 2;
            } else {
                NDArray z = wb.zerosLike();
                w = NDArrays.concat(new NDList(NDArrays.concat(new NDList(wb, z), 1), NDArrays.concat(new NDList(z, ws), 1)), 0);
                groups = 1;
            }
            parts.add(Activation.relu(Conv2d.conv2d(in, w, bias, new Shape(1, 1), pad, new Shape(1, 1), groups).head()));
        }
        NDArray z = NDArrays.concat(parts, 1);
        NDArray last;
        if (grouped) {
            last = Conv2d.conv2d(z, NDArrays.concat(w4, 0), NDArrays.concat(b4, 0), new Shape(1, 1), new Shape(0, 0),
                    new Shape(1, 1), 4).head();
        } else {
            NDList rows = new NDList();
            for (int k = 0; k < 4; k++) {
                NDList row = new NDList();
                for (int j = 0; j < 4; j++) {
                    row.add(j == k ? w4.get(k) : w4.get(k).zerosLike());
                }
                rows.add(NDArrays.concat(row, 1));
            }
            last = Conv2d.conv2d(z, NDArrays.concat(rows, 0), NDArrays.concat(b4, 0)).head();
        }
        last = Activation.relu(last);
        NDArray wf = value(ps, rfe, Rfe.FUSE, "0", "weight");
        NDList cols = new NDList();
        for (int i : ORDER) {
            cols.add(wf.get(":, " + (i * q) + ":" + ((i + 1) * q)));
        }
        NDArray fused = Conv2d.conv2d(last, NDArrays.concat(cols, 1), value(ps, rfe, Rfe.FUSE, "0", "bias")).head();
        return Activation.relu(fused).add(x);
    }

    /** OIHW weights zero-padded to kh x kw, the kernel centred. */
    private static NDArray padTo(NDArray w, long kh, long kw) {
        long dh = (kh - w.getShape().get(2)) / 2;
        long dw = (kw - w.getShape().get(3)) / 2;
        if (dw > 0) {
            NDArray z = w.getManager().zeros(new Shape(w.getShape().get(0), w.getShape().get(1), w.getShape().get(2), dw));
            w = NDArrays.concat(new NDList(z, w, z), 3);
        }
        if (dh > 0) {
            NDArray z = w.getManager().zeros(new Shape(w.getShape().get(0), w.getShape().get(1), dh, w.getShape().get(3)));
            w = NDArrays.concat(new NDList(z, w, z), 2);
        }
        return w;
    }

    private static NDArray value(ParameterStore ps, Block rfe, String child, String layer, String name) {
        Parameter p = child(child(rfe, child), layer).getParameters().get(name);
        return ps.getValue(p, ai.djl.Device.cpu(), true);
    }

    /** A child by its given name (DJL prefixes it with its position). */
    private static Block child(Block parent, String name) {
        for (var e : parent.getChildren()) {
            if (e.getKey().equals(name) || e.getKey().matches("\\d+" + java.util.regex.Pattern.quote(name))) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("no child " + name + " in " + parent.getChildren().keys());
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
