package io.ainnoface.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

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

    /** BatchNorm with PyTorch's defaults (eps 1e-5, momentum 0.1 = DJL's 0.9). */
    public static BatchNorm bn() {
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    /**
     * Bilinear resize with {@code align_corners=True} (SRN's FPN upsampling). DJL's generic
     * {@code interpolation} drops the align-corners flag, so this calls libtorch directly.
     *
     * @param x NCHW
     */
    public static NDArray upsampleBilinear(NDArray x, long h, long w) {
        return JniUtils.interpolate((PtNDArray) x, new long[] {h, w}, 2, true);
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
