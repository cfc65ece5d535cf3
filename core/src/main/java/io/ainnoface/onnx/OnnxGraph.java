package io.ainnoface.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.ainnoface.model.nn.Layers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX graph (opset 17) node by node and serializes it as a {@code ModelProto}. Every
 * helper returns the name of the value it produces; parameters become initializers once each,
 * however often their block is applied (the shared head).
 */
public final class OnnxGraph {
    static final int IR_VERSION = 8;
    static final int OPSET = 17;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final String name;
    private final List<Proto> nodes = new ArrayList<>();
    private final List<Proto> initializers = new ArrayList<>();
    private final List<Proto> inputs = new ArrayList<>();
    private final List<Proto> outputs = new ArrayList<>();
    private final Map<String, String> params = new HashMap<>();
    private int counter;

    public OnnxGraph(String name) {
        this.name = name;
    }

    /** Declares a float graph input; each dim is a size (Number) or a symbolic name (String). */
    public String input(String value, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            shape.message(1, d instanceof Number n ? new Proto().varint(1, n.longValue()) : new Proto().string(2, d.toString()));
        }
        inputs.add(valueInfo(value, shape));
        return value;
    }

    /** Exposes {@code value} as the float graph output {@code outputName}. */
    public void output(String value, String outputName) {
        namedNode("Identity", new String[] {value}, outputName);
        outputs.add(valueInfo(outputName, null));
    }

    /**
     * Adds a node with one output.
     *
     * @param attrs name, value pairs: Integer/Long → INT, Float/Double → FLOAT, String → STRING,
     *     long[] → INTS
     */
    public String node(String op, String[] in, Object... attrs) {
        return namedNode(op, in, op + "_" + (counter++), attrs);
    }

    private String namedNode(String op, String[] in, String out, Object... attrs) {
        Proto n = new Proto();
        for (String i : in) {
            n.string(1, i);
        }
        n.string(2, out).string(3, out).string(4, op);
        for (int i = 0; i < attrs.length; i += 2) {
            n.message(5, attribute((String) attrs[i], attrs[i + 1]));
        }
        nodes.add(n);
        return out;
    }

    /** Applies a DJL Conv2d or BatchNorm, or one of our exportable blocks (single input and output). */
    public String block(Block b, String x) {
        if (b instanceof Conv2d c) {
            return conv(c, x);
        }
        if (b instanceof BatchNorm bn) {
            return batchNorm(bn, x);
        }
        if (b instanceof OnnxExportable e) {
            return e.exportOnnx(this, x)[0];
        }
        throw new IllegalArgumentException("cannot export a " + b.getClass().getName() + " to ONNX");
    }

    public String conv(Conv2d c, String x) {
        long[] k = c.getKernelShape().getShape();
        long[] p = c.getPadding().getShape();
        List<String> in = new ArrayList<>(List.of(x, param(c, "weight")));
        if (c.isIncludeBias()) {
            in.add(param(c, "bias"));
        }
        return node("Conv", in.toArray(String[]::new),
                "kernel_shape", k,
                "strides", c.getStride().getShape(),
                "pads", new long[] {p[0], p[1], p[0], p[1]},
                "dilations", c.getDilation().getShape(),
                "group", c.getGroups());
    }

    /**
     * A convolution (stride 1, no dilation, one group) with weights computed at export time rather than read from a
     * block: {@code weight} in OIHW order of {@code weightDims}, and one bias per output channel. {@code key} names the
     * weights so that a block applied more than once (the shared head) adds them once.
     */
    public String conv(String x, String key, float[] weight, long[] weightDims, float[] bias) {
        String w = params.computeIfAbsent(key + ".weight", k -> floats(k, weight, weightDims));
        String b = params.computeIfAbsent(key + ".bias", k -> floats(k, bias, new long[] {bias.length}));
        long kh = weightDims[2];
        long kw = weightDims[3];
        return node("Conv", new String[] {x, w, b},
                "kernel_shape", new long[] {kh, kw},
                "strides", new long[] {1, 1},
                "pads", new long[] {kh / 2, kw / 2, kh / 2, kw / 2},
                "dilations", new long[] {1, 1},
                "group", 1);
    }

    /** A DJL Linear on (N, in) values: {@code x·Wᵀ + b}. */
    public String linear(Linear l, String x) {
        return node("Gemm", new String[] {x, param(l, "weight"), param(l, "bias")}, "transB", 1);
    }

    /** Mean over the spatial axes of (N, C, H, W), as (N, C). */
    public String globalAveragePool(String x) {
        return node("Flatten", new String[] {node("GlobalAveragePool", new String[] {x})}, "axis", 1);
    }

    /** Inference-mode BatchNorm (running statistics); ONNX Runtime folds it into the conv before it. */
    public String batchNorm(BatchNorm b, String x) {
        return node("BatchNormalization",
                new String[] {x, param(b, "gamma"), param(b, "beta"), param(b, "runningMean"), param(b, "runningVar")},
                "epsilon", Layers.BN_EPS);
    }

    public String relu(String x) {
        return node("Relu", new String[] {x});
    }

    public String leakyRelu(String x, float slope) {
        return node("LeakyRelu", new String[] {x}, "alpha", slope);
    }

    public String add(String a, String b) {
        return node("Add", new String[] {a, b});
    }

    public String sub(String a, String b) {
        return node("Sub", new String[] {a, b});
    }

    public String concat(int axis, String... xs) {
        return node("Concat", xs, "axis", axis);
    }

    public String transpose(String x, long... perm) {
        return node("Transpose", new String[] {x}, "perm", perm);
    }

    /** Reshape where 0 keeps the input's size on that axis and -1 takes the rest. */
    public String reshape(String x, long... shape) {
        return node("Reshape", new String[] {x, constant(shape)});
    }

    public String reduceMax(String x, int axis) {
        return node("ReduceMax", new String[] {x}, "axes", new long[] {axis}, "keepdims", 0);
    }

    /** {@code x[..., start:end, ...]} on one axis. */
    public String slice(String x, int axis, long start, long end) {
        return node("Slice", new String[] {x, constant(start), constant(end), constant(axis)});
    }

    /** Bilinear resize of {@code x} (NCHW) to the size of {@code like}, corners aligned. */
    public String resizeBilinearLike(String x, String like) {
        String size = node("Shape", new String[] {like});
        return node("Resize", new String[] {x, "", "", size},
                "mode", "linear", "coordinate_transformation_mode", "align_corners");
    }

    public String maxPool(String x, int kernel, int stride, int pad) {
        return node("MaxPool", new String[] {x}, "kernel_shape", new long[] {kernel, kernel},
                "strides", new long[] {stride, stride}, "pads", new long[] {pad, pad, pad, pad});
    }

    /** An int64 1-D constant. */
    public String constant(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return initializer("c" + (counter++), INT64, new long[] {values.length}, b.array());
    }

    /** The serialized {@code ModelProto}. */
    public byte[] toBytes() {
        Proto graph = new Proto();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, name);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        return new Proto()
                .varint(1, IR_VERSION)
                .string(2, "ainnoface")
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, OPSET))
                .toByteArray();
    }

    private String param(Block b, String key) {
        Parameter p = b.getParameters().get(key);
        if (p == null || !p.isInitialized()) {
            throw new IllegalArgumentException(b.getClass().getSimpleName() + " has no initialized parameter '" + key + "'");
        }
        return params.computeIfAbsent(p.getId(), id -> {
            NDArray a = p.getArray();
            return floats("p" + (counter++) + "_" + key, a.toFloatArray(), a.getShape().getShape());
        });
    }

    private String floats(String value, float[] v, long[] dims) {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            buf.putFloat(f);
        }
        return initializer(value, FLOAT, dims, buf.array());
    }

    private String initializer(String value, int type, long[] dims, byte[] raw) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        initializers.add(t.varint(2, type).string(8, value).bytes(9, raw));
        return value;
    }

    private static Proto valueInfo(String value, Proto shape) {
        Proto tensor = new Proto().varint(1, FLOAT);
        if (shape != null) {
            tensor.message(2, shape);
        }
        return new Proto().string(1, value).message(2, new Proto().message(1, tensor));
    }

    private static Proto attribute(String name, Object v) {
        Proto a = new Proto().string(1, name);
        if (v instanceof Integer || v instanceof Long) {
            return a.varint(3, ((Number) v).longValue()).varint(20, 2);
        }
        if (v instanceof Float || v instanceof Double) {
            return a.fixed32(2, ((Number) v).floatValue()).varint(20, 1);
        }
        if (v instanceof String s) {
            return a.string(4, s).varint(20, 3);
        }
        if (v instanceof long[] ints) {
            for (long i : ints) {
                a.varint(8, i);
            }
            return a.varint(20, 7);
        }
        throw new IllegalArgumentException("ONNX attribute " + name + ": unsupported value " + v);
    }
}
