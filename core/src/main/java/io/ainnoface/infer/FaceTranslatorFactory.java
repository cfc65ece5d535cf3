package io.ainnoface.infer;

import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.verify.FaceVerifier;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Makes {@link FaceTranslator}s for a model folder (named in its {@code serving.properties}). Arguments
 * ({@code Criteria.optArgument("threshold", 0.3)}, or a line {@code threshold=0.3} in the folder's
 * {@code serving.properties}, which DJL passes as arguments):
 * <ul>
 *   <li>{@code threshold}: the lowest face score kept, default {@value #DEFAULT_THRESHOLD} as in {@code detect} and
 *       {@code serve};</li>
 *   <li>{@code tta}: {@code true} runs the test-time augmentation of {@code detect --tta}, with the folder's verifier
 *       on the model's engine (its ONNX files on ONNX Runtime); default {@code false}, single scale;</li>
 *   <li>{@code ttaPreset}: the test-time augmentation with a named setting of the folder
 *       ({@code inference.ttaPresets}, as {@code detect --tta-preset NAME}); implies {@code tta}.</li>
 * </ul>
 * The verifier is closed with the model.
 */
public class FaceTranslatorFactory implements TranslatorFactory {
    public static final double DEFAULT_THRESHOLD = 0.5;

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(new Pair<>(Image.class, DetectedObjects.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model,
            Map<String, ?> arguments) throws TranslateException {
        if (input != Image.class || output != DetectedObjects.class) {
            throw new IllegalArgumentException("AInnoFace translates Image to DetectedObjects, not "
                    + input.getSimpleName() + " to " + output.getSimpleName());
        }
        Object t = arguments.get("threshold");
        double threshold;
        try {
            threshold = t == null ? DEFAULT_THRESHOLD : Double.parseDouble(t.toString());
        } catch (NumberFormatException e) {
            threshold = Double.NaN;
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("argument 'threshold' must be a number in [0, 1], got '" + t + "'");
        }
        Object preset = arguments.get("ttaPreset");
        boolean tta = flag(arguments.get("tta"), "tta") || preset != null;
        try {
            DetectorConfig cfg = ModelFolder.readConfig(model.getModelPath());
            if (preset != null) {
                try {
                    ConfigLoader.overrideInference(cfg.inference, ConfigLoader.presetValues(cfg.inference, preset.toString()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("argument 'ttaPreset': " + e.getMessage(), e);
                }
            }
            FaceVerifier verifier = null;
            if (tta && cfg.verifier != null) {
                boolean onnx = DjlDetector.ONNXRUNTIME.equals(model.getNDManager().getEngine().getEngineName());
                verifier = FaceVerifier.load(model.getModelPath(), cfg.verifier, onnx, 0);
                model.getNDManager().attachInternal("ainnoface-verifier-" + UUID.randomUUID(), verifier);
            }
            return (Translator<I, O>) new FaceTranslator(cfg, threshold, tta, verifier);
        } catch (IOException e) {
            throw new TranslateException(e);
        }
    }

    /** A boolean argument: absent is false; otherwise {@code true} or {@code false} (any case), nothing else. */
    private static boolean flag(Object value, String name) {
        if (value == null) {
            return false;
        }
        String v = value.toString();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("argument '" + name + "' must be true or false, got '" + v + "'");
    }
}
