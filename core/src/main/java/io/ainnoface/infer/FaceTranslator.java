package io.ainnoface.infer;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.BoundingBox;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Rectangle;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.ainnoface.anchor.AnchorGenerator;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.model.LevelGeometry;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * DJL translator: an {@link Image} in, {@link DetectedObjects} of class {@code "face"} out, boxes
 * in DJL's ratio convention (fractions of the image's width and height). Single scale.
 */
public class FaceTranslator implements NoBatchifyTranslator<Image, DetectedObjects> {
    private final DetectorConfig cfg;
    private final PostProcessor post;
    private final double threshold;

    /** @param threshold the lowest face score kept, in [0, 1] */
    public FaceTranslator(DetectorConfig cfg, double threshold) {
        this.cfg = cfg;
        this.post = new PostProcessor(cfg.model, cfg.inference);
        this.threshold = threshold;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        BufferedImage img = ImageLoader.toRgb((BufferedImage) input.getWrappedImage());
        double s = ImageTensors.longSideScale(cfg.inference.maxLongSide, img.getWidth(), img.getHeight());
        int w = ImageTensors.scaledSide(img.getWidth(), s);
        int h = ImageTensors.scaledSide(img.getHeight(), s);
        float[] data = new float[3 * w * h];
        ImageTensors.writeChw(ImageTensors.resize(img, w, h), data, 0, h, w, cfg.model.mean, cfg.model.std);
        ctx.setAttachment("size", new int[] {w, h});
        return new NDList(ctx.getNDManager().create(data, new Shape(1, 3, h, w)));
    }

    @Override
    public DetectedObjects processOutput(TranslatorContext ctx, NDList list) {
        int[] size = (int[]) ctx.getAttachment("size");
        LevelGeometry g = LevelGeometry.of(cfg.model, size[1], size[0]);
        float[] anchors = AnchorGenerator.all(cfg.model, g);
        List<Face> faces = post.process(g, anchors, list.get(0).toFloatArray(), list.get(1).toFloatArray(),
                list.get(2).toFloatArray(), list.get(3).toFloatArray(), threshold);
        List<String> names = new ArrayList<>();
        List<Double> probs = new ArrayList<>();
        List<BoundingBox> boxes = new ArrayList<>();
        for (Face f : faces) {
            Face c = f.clipped(size[0], size[1]);
            if (!c.spansAPixel()) {
                continue;
            }
            names.add("face");
            probs.add((double) c.score());
            boxes.add(new Rectangle(c.x1() / size[0], c.y1() / size[1], c.width() / size[0], c.height() / size[1]));
        }
        return new DetectedObjects(names, probs, boxes);
    }
}
