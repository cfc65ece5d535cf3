package io.ainnoface.model.backbone;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.ainnoface.model.nn.Act;
import io.ainnoface.model.nn.Layers;
import io.ainnoface.model.nn.Seq;
import io.ainnoface.onnx.OnnxGraph;

/**
 * MobileNetV1 in the layout of the Pytorch_Retinaface ImageNet weights: {@code stage1} (C2 after
 * its 4th layer, C3 at its end), {@code stage2} (C4), {@code stage3} (C5); every conv without
 * bias, BatchNorm, LeakyReLU(0.1).
 */
public class MobileNetV1 extends Backbone {
    private static final float SLOPE = 0.1f;
    private final Seq stage1;
    private final Seq stage2;
    private final Seq stage3;
    private final int[] channels;

    public MobileNetV1(float width) {
        this(width, 0);
    }

    /** @param c5Channels channels of the last stage (C5), or 0 for the width multiplier's */
    public MobileNetV1(float width, int c5Channels) {
        int c8 = ch(8, width);
        int c16 = ch(16, width);
        int c32 = ch(32, width);
        int c64 = ch(64, width);
        int c128 = ch(128, width);
        int c256 = c5Channels > 0 ? c5Channels : ch(256, width);
        stage1 = addChildBlock("stage1", new Seq()
                .add("0", convBn(c8, 2))
                .add("1", convDw(c8, c16, 1))
                .add("2", convDw(c16, c32, 2))
                .add("3", convDw(c32, c32, 1))
                .add("4", convDw(c32, c64, 2))
                .add("5", convDw(c64, c64, 1)));
        Seq s2 = new Seq().add("0", convDw(c64, c128, 2));
        for (int i = 1; i <= 5; i++) {
            s2.add(String.valueOf(i), convDw(c128, c128, 1));
        }
        stage2 = addChildBlock("stage2", s2);
        stage3 = addChildBlock("stage3", new Seq()
                .add("0", convDw(c128, c256, 2))
                .add("1", convDw(c256, c256, 1)));
        channels = new int[] {c32, c64, c128, c256};
    }

    /** Channel count at width multiplier {@code w} of a layer that has {@code base} at w = 0.25. */
    private static int ch(int base, float w) {
        return Math.max(1, Math.round(base * 4 * w));
    }

    private static Seq convBn(int out, int stride) {
        return new Seq().add("0", Layers.conv(out, 3, stride, false)).add("1", Layers.bn())
                .add("2", Act.leaky(SLOPE));
    }

    private static Seq convDw(int in, int out, int stride) {
        return new Seq()
                .add("0", Layers.conv(in, 3, 3, stride, in, false))
                .add("1", Layers.bn())
                .add("2", Act.leaky(SLOPE))
                .add("3", Layers.conv(out, 1, 1, false))
                .add("4", Layers.bn())
                .add("5", Act.leaky(SLOPE));
    }

    @Override
    public int[] outChannels() {
        return channels.clone();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList c2 = stage1.forwardRange(ps, inputs, training, 0, 4);
        NDList c3 = stage1.forwardRange(ps, c2, training, 4, 6);
        NDList c4 = stage2.forward(ps, c3, training);
        NDList c5 = stage3.forward(ps, c4, training);
        return new NDList(c2.head(), c3.head(), c4.head(), c5.head());
    }

    @Override
    public String[] exportOnnx(OnnxGraph g, String... inputs) {
        String c2 = stage1.exportRange(g, inputs[0], 0, 4);
        String c3 = stage1.exportRange(g, c2, 4, 6);
        String c4 = g.block(stage2, c3);
        return new String[] {c2, c3, c4, g.block(stage3, c4)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = Layers.init(stage1, manager, dataType, inputShapes);
        s = Layers.init(stage2, manager, dataType, s);
        Layers.init(stage3, manager, dataType, s);
    }
}
