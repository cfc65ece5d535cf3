package io.ainnoface.model.backbone;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import io.ainnoface.config.ModelConfig;
import io.ainnoface.model.nn.Layers;
import io.ainnoface.onnx.OnnxExportable;

/**
 * A feature extractor: input NCHW image, output {@code [C2, C3, C4, C5]} at strides 4, 8, 16,
 * 32. Parameter names follow the PyTorch reference layout so that converted weights load by name.
 */
public abstract class Backbone extends AbstractBlock implements OnnxExportable {

    /** Channels of C2..C5. */
    public abstract int[] outChannels();

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = in.get(2);
        long w = in.get(3);
        int[] ch = outChannels();
        Shape[] out = new Shape[4];
        h = Layers.half(Layers.half(h));
        w = Layers.half(Layers.half(w));
        for (int i = 0; i < 4; i++) {
            out[i] = new Shape(in.get(0), ch[i], h, w);
            h = Layers.half(h);
            w = Layers.half(w);
        }
        return out;
    }

    public static Backbone create(ModelConfig cfg) {
        String name = cfg.backbone.toLowerCase();
        if (name.equals("mobilenet_v1")) {
            return new MobileNetV1(cfg.mobilenetWidth, cfg.mobilenetC5Channels);
        }
        if (name.startsWith("resnet")) {
            return new ResNet(Integer.parseInt(name.substring(6)), cfg.resnetBaseWidth);
        }
        throw new IllegalArgumentException("model.backbone: unknown backbone '" + cfg.backbone
                + "' (mobilenet_v1, resnet18, resnet34, resnet50, resnet101, resnet152)");
    }
}
