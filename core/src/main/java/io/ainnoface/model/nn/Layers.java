package io.ainnoface.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** Small factories for the layers every part of the network uses. */
public final class Layers {
    private Layers() {}

    /** Square conv, padding {@code k/2} ("same" for odd k at stride 1). */
    public static Conv2d conv(int out, int k, int stride, boolean bias) {
        return conv(out, k, k, stride, 1, bias);
    }

    public static Conv2d conv(int out, int kh, int kw, int stride, int groups, boolean bias) {
        return Conv2d.builder()
                .setFilters(out)
                .setKernelShape(new Shape(kh, kw))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kh / 2, kw / 2))
                .optGroups(groups)
                .optBias(bias)
                .build();
    }

    /** BatchNorm epsilon of every layer (PyTorch's default). */
    public static final float BN_EPS = 1e-5f;

    /** BatchNorm with PyTorch's defaults (eps 1e-5, momentum 0.1 = DJL's 0.9). */
    public static BatchNorm bn() {
        return BatchNorm.builder().optEpsilon(BN_EPS).optMomentum(0.9f).build();
    }

    /**
     * Bilinear resize with {@code align_corners=True} (SRN's FPN upsampling), as two matrix
     * products: out = A_h · x · A_wᵀ. (The engine's interpolate binding has no align-corners flag.)
     *
     * @param x NCHW
     */
    public static NDArray upsampleBilinear(NDArray x, long h, long w) {
        Shape s = x.getShape();
        NDManager m = x.getManager();
        NDArray aw = m.create(alignCornersMatrix(s.get(3), w), new Shape(s.get(3), w));
        NDArray ah = m.create(alignCornersMatrix(s.get(2), h), new Shape(s.get(2), h)).transpose();
        return ah.matMul(x.matMul(aw));
    }

    /** (in, out) weights of 1-D linear interpolation with aligned corners. */
    static float[] alignCornersMatrix(long in, long out) {
        float[] a = new float[(int) (in * out)];
        for (int o = 0; o < out; o++) {
            double src = in == 1 || out == 1 ? 0 : o * (in - 1) / (double) (out - 1);
            int i0 = (int) Math.floor(src);
            int i1 = (int) Math.min(i0 + 1, in - 1);
            double f = src - i0;
            a[(int) (i0 * out + o)] += (float) (1 - f);
            a[(int) (i1 * out + o)] += (float) f;
        }
        return a;
    }

    /** Initializes {@code block} for an input of {@code shape} and returns its output shapes. */
    public static Shape[] init(Block block, NDManager manager, DataType type, Shape... shape) {
        block.initialize(manager, type, shape);
        return block.getOutputShapes(shape);
    }

    /** Output size of a 3x3/stride-2/pad-1 (or 1x1/stride-2) conv: ceil(n / 2). */
    public static long half(long n) {
        return (n + 1) / 2;
    }
}
