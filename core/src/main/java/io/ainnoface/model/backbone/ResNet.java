package io.ainnoface.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.ainnoface.model.nn.Act;
import io.ainnoface.model.nn.Layers;
import io.ainnoface.model.nn.Seq;
import io.ainnoface.onnx.OnnxExportable;
import io.ainnoface.onnx.OnnxGraph;

/**
 * ResNet-18/34/50/101/152 in torchvision's layout ({@code conv1, bn1, layer1.0.conv1, ...,
 * layerN.0.downsample.0}), stride on the 3x3 conv of bottlenecks (torchvision v1.5).
 */
public class ResNet extends Backbone {
    private final Seq stem;
    private final Block conv1;
    private final Block bn1;
    private final Seq[] layers = new Seq[4];
    private final int[] channels = new int[4];

    public ResNet(int depth, int baseWidth) {
        int[] blocks;
        boolean bottleneck;
        switch (depth) {
            case 18 -> { blocks = new int[] {2, 2, 2, 2}; bottleneck = false; }
            case 34 -> { blocks = new int[] {3, 4, 6, 3}; bottleneck = false; }
            case 50 -> { blocks = new int[] {3, 4, 6, 3}; bottleneck = true; }
            case 101 -> { blocks = new int[] {3, 4, 23, 3}; bottleneck = true; }
            case 152 -> { blocks = new int[] {3, 8, 36, 3}; bottleneck = true; }
            default -> throw new IllegalArgumentException(
                    "model.backbone: ResNet depth " + depth + " is not one of 18, 34, 50, 101, 152");
        }
        // the stem's children sit at the top level in torchvision (conv1, bn1), so they are
        // added here one by one and run through the Seq view below
        stem = new Seq();
        conv1 = addChildBlock("conv1", Layers.conv(baseWidth, 7, 2, false));
        bn1 = addChildBlock("bn1", Layers.bn());
        stem.add("conv1", conv1);
        stem.add("bn1", bn1);
        stem.add("relu", Act.relu());
        stem.add("maxpool",
                Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int expansion = bottleneck ? 4 : 1;
        int in = baseWidth;
        for (int l = 0; l < 4; l++) {
            int planes = baseWidth << l;
            int stride = l == 0 ? 1 : 2;
            Seq layer = new Seq();
            for (int b = 0; b < blocks[l]; b++) {
                int s = b == 0 ? stride : 1;
                boolean down = b == 0 && (s != 1 || in != planes * expansion);
                layer.add(String.valueOf(b), bottleneck
                        ? new Bottleneck(planes, s, down) : new BasicBlock(planes, s, down));
                in = planes * expansion;
            }
            layers[l] = addChildBlock("layer" + (l + 1), layer);
            channels[l] = in;
        }
    }

    @Override
    public int[] outChannels() {
        return channels.clone();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = stem.forward(ps, inputs, training);
        NDList out = new NDList(4);
        for (Seq layer : layers) {
            x = layer.forward(ps, x, training);
            out.add(x.head());
        }
        return out;
    }

    @Override
    public String[] exportOnnx(OnnxGraph g, String... inputs) {
        String x = g.maxPool(g.relu(g.block(bn1, g.block(conv1, inputs[0]))), 3, 2, 1);
        String[] out = new String[4];
        for (int l = 0; l < 4; l++) {
            x = g.block(layers[l], x);
            out[l] = x;
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = Layers.init(stem, manager, dataType, inputShapes);
        for (Seq layer : layers) {
            s = Layers.init(layer, manager, dataType, s);
        }
    }

    private static Seq downsample(int out, int stride) {
        return new Seq().add("0", Layers.conv(out, 1, 1, stride, 1, false)).add("1", Layers.bn());
    }

    /** Residual block base: {@code relu(body(x) + shortcut(x))}. */
    private abstract static class Residual extends AbstractBlock implements OnnxExportable {
        final Seq body = new Seq();
        Block shortcut;

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            NDArray y = body.forward(ps, inputs, training).head();
            NDArray s = shortcut == null ? inputs.head() : shortcut.forward(ps, inputs, training).head();
            return new NDList(Activation.relu(y.add(s)));
        }

        @Override
        public String[] exportOnnx(OnnxGraph g, String... inputs) {
            String y = g.block(body, inputs[0]);
            String s = shortcut == null ? inputs[0] : g.block(shortcut, inputs[0]);
            return new String[] {g.relu(g.add(y, s))};
        }

        @Override
        protected void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
            body.initialize(m, t, in);
            if (shortcut != null) {
                shortcut.initialize(m, t, in);
            }
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) {
            return body.getOutputShapes(in);
        }
    }

    private static final class BasicBlock extends Residual {
        BasicBlock(int planes, int stride, boolean down) {
            body.add("conv1", addChildBlock("conv1", Layers.conv(planes, 3, stride, false)))
                    .add("bn1", addChildBlock("bn1", Layers.bn()))
                    .add("relu", Act.relu())
                    .add("conv2", addChildBlock("conv2", Layers.conv(planes, 3, 1, false)))
                    .add("bn2", addChildBlock("bn2", Layers.bn()));
            if (down) {
                shortcut = addChildBlock("downsample", downsample(planes, stride));
            }
        }
    }

    private static final class Bottleneck extends Residual {
        Bottleneck(int planes, int stride, boolean down) {
            body.add("conv1", addChildBlock("conv1", Layers.conv(planes, 1, 1, false)))
                    .add("bn1", addChildBlock("bn1", Layers.bn()))
                    .add("relu1", Act.relu())
                    .add("conv2", addChildBlock("conv2", Layers.conv(planes, 3, stride, false)))
                    .add("bn2", addChildBlock("bn2", Layers.bn()))
                    .add("relu2", Act.relu())
                    .add("conv3", addChildBlock("conv3", Layers.conv(planes * 4, 1, 1, false)))
                    .add("bn3", addChildBlock("bn3", Layers.bn()));
            if (down) {
                shortcut = addChildBlock("downsample", downsample(planes * 4, stride));
            }
        }
    }
}
