package io.ainnoface.infer;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Rectangle;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model folder run the way a DJL user runs it: {@code Criteria<Image, DetectedObjects>} with
 * {@link FaceTranslatorFactory}, on DJL's PyTorch or ONNX Runtime engine, one image per call, single scale or with the
 * translator's {@code tta} argument. It lets {@code evaluate} and {@code benchmark} measure that path against
 * {@link FaceDetector}. The translator's arguments are fixed when a model loads, so each threshold and TTA setting asked
 * for gets its own loaded model. On ONNX Runtime it loads with our own sessions' options, as the zoo does
 * ({@link OnnxSessions#loadModel}: a thread per processor, idle threads that stop spinning when a run returns);
 * PyTorch's own setting applies. A command's {@code --threads} reaches neither.
 */
public final class DjlDetector implements Detector {
    public static final String PYTORCH = "PyTorch";
    public static final String ONNXRUNTIME = "OnnxRuntime";

    private final Path dir;
    private final String engine;
    private final String name;
    private final double evalThreshold;
    /** By translator arguments: the model loaded with them and its predictor. */
    private final Map<Arguments, Loaded> loaded = new HashMap<>();

    private record Arguments(double threshold, boolean tta) {}

    private record Loaded(ZooModel<Image, DetectedObjects> model, Predictor<Image, DetectedObjects> predictor) {}

    /** @param engine {@link #PYTORCH} or {@link #ONNXRUNTIME} */
    public DjlDetector(Path dir, String engine) throws IOException {
        if (!PYTORCH.equals(engine) && !ONNXRUNTIME.equals(engine)) {
            throw new IllegalArgumentException("engine must be " + PYTORCH + " or " + ONNXRUNTIME + ", got " + engine);
        }
        this.dir = dir;
        this.engine = engine;
        this.name = "djl-" + (PYTORCH.equals(engine) ? "pytorch" : "onnx") + ":" + dir.getFileName();
        this.evalThreshold = ModelFolder.readConfig(dir).inference.scoreThreshold;
        predictor(new Arguments(evalThreshold, false));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double evalThreshold() {
        return evalThreshold;
    }

    @Override
    public int maxBatch() {
        return 1;
    }

    @Override
    public List<List<Face>> detect(List<BufferedImage> images, double threshold, boolean tta) {
        Predictor<Image, DetectedObjects> p = predictor(new Arguments(threshold, tta));
        List<List<Face>> out = new ArrayList<>();
        for (BufferedImage img : images) {
            DetectedObjects found;
            try {
                found = p.predict(ImageFactory.getInstance().fromImage(img));
            } catch (TranslateException e) {
                throw new IllegalStateException(name + ": " + e.getMessage(), e);
            }
            List<Face> faces = new ArrayList<>();
            int w = img.getWidth();
            int h = img.getHeight();
            for (DetectedObjects.DetectedObject o : found.<DetectedObjects.DetectedObject>items()) {
                // DJL's ratio convention back to pixels of this image
                Rectangle r = o.getBoundingBox().getBounds();
                faces.add(new Face((float) (r.getX() * w), (float) (r.getY() * h), (float) ((r.getX() + r.getWidth()) * w),
                        (float) ((r.getY() + r.getHeight()) * h), (float) o.getProbability()));
            }
            out.add(faces);
        }
        return out;
    }

    /** What loads the folder with these translator arguments. */
    Criteria<Image, DetectedObjects> criteria(double threshold, boolean tta) {
        Criteria<Image, DetectedObjects> criteria = Criteria.builder()
                .setTypes(Image.class, DetectedObjects.class)
                .optModelPath(dir)
                .optTranslatorFactory(new FaceTranslatorFactory())
                .optArgument("threshold", threshold)
                .optArgument("tta", tta)
                .optEngine(engine)
                .build();
        return ONNXRUNTIME.equals(engine) ? OnnxSessions.withThreads(criteria) : criteria;
    }

    private Predictor<Image, DetectedObjects> predictor(Arguments args) {
        Loaded l = loaded.get(args);
        if (l != null) {
            return l.predictor();
        }
        ZooModel<Image, DetectedObjects> model;
        try {
            Criteria<Image, DetectedObjects> c = criteria(args.threshold(), args.tta());
            model = ONNXRUNTIME.equals(engine) ? OnnxSessions.loadModel(c) : c.loadModel();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException(dir + ": " + e.getMessage(), e);
        }
        l = new Loaded(model, model.newPredictor());
        loaded.put(args, l);
        return l.predictor();
    }

    @Override
    public void close() {
        for (Loaded l : loaded.values()) {
            l.predictor().close();
            l.model().close();
        }
    }
}
