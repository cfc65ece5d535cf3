package io.ainnoface.cli;

import io.ainnoface.config.ConfigLoader;
import io.ainnoface.infer.Detector;
import io.ainnoface.infer.DjlDetector;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ModelFolder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code --set inference.FIELD=VALUE} and {@code --tta-score}: override fields of the model config's {@code inference}
 * section for this run, as an edited copy of the folder's {@code ainnoface.yaml} would ({@code serve} takes {@code --set}
 * too).
 */
public final class InferenceOptions {
    public static final String SET_HELP = "Override a field of the model folder's inference section for this run, as its "
            + "ainnoface.yaml would set it (repeatable), e.g. --set inference.ttaMaxSize=1280 or "
            + "--set 'inference.ttaShrinks=[0.5]' (quoted for the shell; README, Status).";

    private InferenceOptions() {}

    /**
     * {@code --set} values of a command that loads its detectors later (a server's pool, a Spark job's tasks): parsed
     * and tried on the folder's config now, so that a bad one is refused before anything starts.
     *
     * @return field to value, in their order (empty for none)
     * @throws IllegalArgumentException {@code --set: }, then the setting or field that is refused ({@link Main} prints
     *     it as the command's error)
     */
    public static Map<String, String> checked(Path modelDir, List<String> sets) throws IOException {
        try {
            Map<String, String> values = ConfigLoader.inferenceSets(sets);
            if (!values.isEmpty()) {
                ConfigLoader.overrideInference(ModelFolder.readConfig(modelDir).inference, values);
            }
            return values;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--set: " + e.getMessage(), e);
        }
    }

    /** @return null when applied (or none given), else the error to print */
    static String apply(Detector det, List<String> sets, String ttaScore) {
        if (ttaScore == null && sets.isEmpty()) {
            return null;
        }
        String option = ttaScore != null ? "--tta-score" : "--set";
        if (det instanceof DjlDetector) {
            return option + " applies to model folders run by ainnoface itself; " + det.name()
                    + " runs the folder's ainnoface.yaml as DJL loads it (edit a copy of the folder instead)";
        }
        if (!(det instanceof FaceDetector f)) {
            return option + " applies to AInnoFace model folders, not to peer detectors";
        }
        try {
            ConfigLoader.overrideInference(f.config().inference, ConfigLoader.inferenceSets(sets));
        } catch (IllegalArgumentException e) {
            return "--set: " + e.getMessage();
        }
        try {
            if (ttaScore != null) {
                ConfigLoader.overrideInference(f.config().inference, Map.of("ttaScore", ttaScore));
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "--tta-score: " + e.getMessage();
        }
    }
}
