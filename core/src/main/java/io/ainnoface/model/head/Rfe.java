package io.ainnoface.model.head;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.ainnoface.model.nn.Act;
import io.ainnoface.model.nn.Layers;
import io.ainnoface.model.nn.Seq;
import io.ainnoface.onnx.OnnxExportable;
import io.ainnoface.onnx.OnnxGraph;

/**
 * SRN's receptive-field-enhancement block: four branches (1x5, 5x1, 1x3, 3x1 convs between
 * 1x1 convs, each at a quarter of the width), concatenated, fused by a 1x1 conv, plus the input.
 */
public class Rfe extends AbstractBlock implements OnnxExportable {
    /** Number of branches, concatenated in this order before the fuse conv. */
    public static final int BRANCHES = 4;
    /** Child name of the fuse conv. */
    public static final String FUSE = "cated_conv";

    /** Each branch's middle kernel (height, width). */
    private static final int[][] KERNELS = {{1, 5}, {5, 1}, {1, 3}, {3, 1}};
    /** The branches by orientation (a row kernel, a column kernel), as the ONNX export runs them together. */
    private static final int[][] ORIENTATIONS = {{0, 2}, {1, 3}};
    private final Seq[] branches = new Seq[BRANCHES];
    private final Seq fuse;

    public Rfe(int channels) {
        int inter = Math.max(1, channels / 4);
        for (int i = 0; i < BRANCHES; i++) {
            branches[i] = addChildBlock("branch" + i, new Seq()
                    .add("0", Layers.conv(inter, 1, 1, true))
                    .add("1", Act.relu())
                    .add("2", Layers.conv(inter, KERNELS[i][0], KERNELS[i][1], 1, 1, true))
                    .add("3", Act.relu())
                    .add("4", Layers.conv(inter, 1, 1, true))
                    .add("5", Act.relu()));
        }
        fuse = addChildBlock(FUSE, new Seq()
                .add("0", Layers.conv(channels, 1, 1, true))
                .add("1", Act.relu()));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList parts = new NDList(BRANCHES);
        for (Seq b : branches) {
            parts.add(b.forward(ps, inputs, training).head());
        }
        NDArray cat = NDArrays.concat(parts, 1);
        NDArray out = fuse.forward(ps, new NDList(cat), training).head();
        return new NDList(out.add(inputs.head()));
    }

    /**
     * The same arithmetic in fewer, wider convolutions. ONNX Runtime runs convolutions in a blocked layout of 8 or 16
     * channels; branches of a quarter of the width each change layout around every conv (at width 32: 443 nodes in the
     * optimized graph, 141 of them layout changes). Exported as one branch per orientation instead, each branch's
     * weights placed block-diagonally (zeros elsewhere, a 1x3 kernel centred in 1x5), the shipped network runs 213 nodes
     * and a detect call at 640x480 takes 0.83-0.85 of the time (session 39, docs/benchmarks.md); the outputs agree to
     * float rounding. Training keeps the four branches: on PyTorch a training step of the merged form (grouped or
     * block-diagonal) was no faster (session 44, {@code tools/RfeMergeBench.java}).
     */
    @Override
    public String[] exportOnnx(OnnxGraph g, String... inputs) {
        String x = inputs[0];
        String[] parts = new String[ORIENTATIONS.length];
        for (int o = 0; o < parts.length; o++) {
            parts[o] = orientation(g, x, ORIENTATIONS[o]);
        }
        // the branches' last 1x1 convs as one, block-diagonal, mapping the orientation order back to the branch order
        int inter = (int) weightDims(0, 4)[0];
        int c = inter * BRANCHES;
        float[] w = new float[c * c];
        float[] b = new float[c];
        int slot = 0;
        for (int[] pair : ORIENTATIONS) {
            for (int i : pair) {
                place(weights(i, 4), weightDims(i, 4), w, new long[] {c, c, 1, 1}, i * inter, slot * inter);
                System.arraycopy(bias(i, 4), 0, b, i * inter, inter);
                slot++;
            }
        }
        String mixed = g.relu(g.conv(g.concat(1, parts), key("mix"), w, new long[] {c, c, 1, 1}, b));
        return new String[] {g.add(g.block(fuse, mixed), x)};
    }

    /** The first two convs of the branches in {@code pair} (same orientation) as two convs of their joint width. */
    private String orientation(OnnxGraph g, String x, int[] pair) {
        int inter = (int) weightDims(pair[0], 0)[0];
        int in = (int) weightDims(pair[0], 0)[1];
        int width = inter * pair.length;
        float[] w0 = new float[width * in];
        float[] b0 = new float[width];
        long kh = 1;
        long kw = 1;
        for (int i : pair) {
            kh = Math.max(kh, weightDims(i, 2)[2]);
            kw = Math.max(kw, weightDims(i, 2)[3]);
        }
        long[] dims = {width, width, kh, kw};
        float[] w2 = new float[(int) (width * width * kh * kw)];
        float[] b2 = new float[width];
        for (int j = 0; j < pair.length; j++) {
            int i = pair[j];
            System.arraycopy(weights(i, 0), 0, w0, j * inter * in, inter * in);
            System.arraycopy(bias(i, 0), 0, b0, j * inter, inter);
            place(weights(i, 2), weightDims(i, 2), w2, dims, j * inter, j * inter);
            System.arraycopy(bias(i, 2), 0, b2, j * inter, inter);
        }
        String y = g.relu(g.conv(x, key("in" + pair[0]), w0, new long[] {width, in, 1, 1}, b0));
        return g.relu(g.conv(y, key("k" + pair[0]), w2, dims, b2));
    }

    /** Copies OIHW weights {@code src} into {@code dst} at output {@code o0} and input {@code i0}, the kernel centred. */
    private static void place(float[] src, long[] s, float[] dst, long[] d, int o0, int i0) {
        long dy = (d[2] - s[2]) / 2;
        long dx = (d[3] - s[3]) / 2;
        for (int o = 0; o < s[0]; o++) {
            for (int i = 0; i < s[1]; i++) {
                for (int y = 0; y < s[2]; y++) {
                    for (int x = 0; x < s[3]; x++) {
                        long from = ((o * s[1] + i) * s[2] + y) * s[3] + x;
                        long to = (((o0 + o) * d[1] + i0 + i) * d[2] + dy + y) * d[3] + dx + x;
                        dst[(int) to] = src[(int) from];
                    }
                }
            }
        }
    }

    private Parameter param(int branch, int layer, String name) {
        return branches[branch].getChildren().get(layer).getValue().getParameters().get(name);
    }

    private float[] weights(int branch, int layer) {
        return param(branch, layer, "weight").getArray().toFloatArray();
    }

    private long[] weightDims(int branch, int layer) {
        return param(branch, layer, "weight").getArray().getShape().getShape();
    }

    private float[] bias(int branch, int layer) {
        return param(branch, layer, "bias").getArray().toFloatArray();
    }

    /** A name for computed weights, unique to this block (its first parameter's id). */
    private String key(String part) {
        return "rfe_" + param(0, 0, "weight").getId() + "_" + part;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long inter = 0;
        for (Seq b : branches) {
            inter += Layers.init(b, manager, dataType, inputShapes)[0].get(1);
        }
        fuse.initialize(manager, dataType, new Shape(in.get(0), inter, in.get(2), in.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
