package io.ainnoface.infer;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.BoundingBox;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Rectangle;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.model.LevelGeometry;
import io.ainnoface.verify.FaceVerifier;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * DJL translator: an {@link Image} in, {@link DetectedObjects} of class {@code "face"} out, boxes in DJL's ratio
 * convention (fractions of the image's width and height). Single scale as {@link FaceDetector#detect} (with its
 * large-face passes), or with {@code tta} the test-time augmentation of {@link FaceDetector#detectTta}: the predictor
 * runs the first pass, any other pass runs on the predictor's block, and with {@code tta} the folder's verifier
 * re-scores the boxes. Thread-safe: predictors on several threads may share it.
 */
public class FaceTranslator implements NoBatchifyTranslator<Image, DetectedObjects> {
    private final DetectorConfig cfg;
    private final PostProcessor post;
    private final double threshold;
    private final boolean tta;
    private final FaceVerifier verifier;
    /** Shared by the calls on every thread: a pass size's anchors are made once, not per call. */
    private final AnchorCache anchors;

    /** @param threshold the lowest face score kept, in [0, 1] */
    public FaceTranslator(DetectorConfig cfg, double threshold) {
        this(cfg, threshold, false, null);
    }

    /**
     * @param tta run the test-time augmentation instead of a single scale
     * @param verifier the verifier that re-scores the augmentation's boxes ({@code cfg.verifier}), or null
     */
    public FaceTranslator(DetectorConfig cfg, double threshold, boolean tta, FaceVerifier verifier) {
        this.cfg = cfg;
        this.post = new PostProcessor(cfg.model, cfg.inference);
        this.threshold = threshold;
        this.tta = tta;
        this.verifier = verifier;
        this.anchors = new AnchorCache(cfg.model);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        BufferedImage img = ImageLoader.toRgb((BufferedImage) input.getWrappedImage());
        double s = tta ? FaceDetector.ttaFirstScale(cfg.inference, img.getWidth(), img.getHeight())
                : ImageTensors.longSideScale(cfg.inference.maxLongSide, img.getWidth(), img.getHeight());
        int w = ImageTensors.scaledSide(img.getWidth(), s);
        int h = ImageTensors.scaledSide(img.getHeight(), s);
        float[] data = new float[3 * w * h];
        ImageTensors.writeResizedChw(img, w, h, data, 0, h, w, cfg.model.mean, cfg.model.std);
        ctx.setAttachment("size", new int[] {w, h});
        if (tta || FaceDetector.mayTakeSecondPass(cfg, img, s)) {
            ctx.setAttachment("image", img);
        }
        return new NDList(ctx.getNDManager().create(data, new Shape(1, 3, h, w)));
    }

    @Override
    public DetectedObjects processOutput(TranslatorContext ctx, NDList list) {
        int[] size = (int[]) ctx.getAttachment("size");
        List<Face> faces;
        int w;
        int h;
        BufferedImage img = (BufferedImage) ctx.getAttachment("image");
        if (img != null) {
            float[][] first = new float[list.size()][];
            for (int i = 0; i < first.length; i++) {
                first[i] = list.get(i).toFloatArray();
            }
            // the TTA runs its first pass again through the runner, which hands back the predictor's outputs
            BlockRunner net = tta ? new BlockRunner(ctx, new long[] {1, 3, size[1], size[0]}, first)
                    : new BlockRunner(ctx);
            // a detector per call: its input buffer is not thread-safe; the verifier serializes its own network runs
            FaceDetector det = new FaceDetector(net, cfg, verifier, anchors, new InputBuffer(), false);
            faces = tta ? det.detectTta(img, threshold) : det.detectAfterFirstPass(img, first, threshold);
            w = img.getWidth();
            h = img.getHeight();
        } else {
            LevelGeometry g = LevelGeometry.of(cfg.model, size[1], size[0]);
            faces = post.process(g, anchors.get(size[1], size[0], g), list.get(0).toFloatArray(), list.get(1).toFloatArray(),
                    list.get(2).toFloatArray(), list.get(3).toFloatArray(), threshold);
            w = size[0];
            h = size[1];
        }
        List<String> names = new ArrayList<>();
        List<Double> probs = new ArrayList<>();
        List<BoundingBox> boxes = new ArrayList<>();
        for (Face f : faces) {
            Face c = f.clipped(w, h);
            if (!c.spansAPixel()) {
                continue;
            }
            names.add("face");
            probs.add((double) c.score());
            boxes.add(new Rectangle(c.x1() / w, c.y1() / h, c.width() / w, c.height() / h));
        }
        return new DetectedObjects(names, probs, boxes);
    }
}
