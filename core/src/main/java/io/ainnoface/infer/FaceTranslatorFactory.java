package io.ainnoface.infer;

import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@link FaceTranslator}s for a model folder (named in its {@code serving.properties}). Argument
 * {@code threshold} ({@code Criteria.optArgument("threshold", 0.3)}, or a line {@code threshold=0.3} in the
 * folder's {@code serving.properties}, which DJL passes as arguments): the lowest face score kept, default {@value #DEFAULT_THRESHOLD} as in
 * {@code detect} and {@code serve}.
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
        try {
            return (Translator<I, O>) new FaceTranslator(ModelFolder.readConfig(model.getModelPath()), threshold);
        } catch (IOException e) {
            throw new TranslateException(e);
        }
    }
}
