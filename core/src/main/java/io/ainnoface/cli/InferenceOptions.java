package io.ainnoface.cli;

import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.InferenceConfig;
import io.ainnoface.infer.Detector;
import io.ainnoface.infer.DjlDetector;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ModelFolder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    /** {@code --tta-preset}'s help, shared by the commands that take it. */
    public static final String PRESET_HELP = "Test-time augmentation with a named setting of the model folder "
            + "(inference.ttaPresets in its ainnoface.yaml; the bundled model has 'fast' and 'large-faces', README, "
            + "Status), applied before any --set; implies --tta.";

    private InferenceOptions() {}

    /**
     * {@code --tta-preset} and {@code --set} values of a command that loads its detectors later (a server's pool, a Spark
     * job's tasks): parsed and tried on the folder's config now, so that a bad one is refused before anything starts.
     *
     * @param preset a name of the folder's {@code inference.ttaPresets}, or null
     * @return field to value, the preset's first, then the {@code --set}s, in their order (empty for none)
     * @throws IllegalArgumentException {@code --tta-preset: } or {@code --set: }, then the setting or field that is
     *     refused ({@link Main} prints it as the command's error)
     */
    public static Map<String, String> checked(Path modelDir, String preset, List<String> sets) throws IOException {
        InferenceConfig inf = ModelFolder.readConfig(modelDir).inference;
        Map<String, String> values = new LinkedHashMap<>();
        String bad = override(inf, preset, sets, values);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        return values;
    }

    /**
     * Applies {@code preset} (null for none), then {@code sets}, to {@code inf}, and adds what it applied to
     * {@code applied}; returns null, or the error to print (naming the option) with {@code inf} left at the last step
     * that applied.
     */
    private static String override(InferenceConfig inf, String preset, List<String> sets, Map<String, String> applied) {
        if (preset != null) {
            try {
                Map<String, String> values = ConfigLoader.presetValues(inf, preset);
                ConfigLoader.overrideInference(inf, values);
                applied.putAll(values);
            } catch (IllegalArgumentException e) {
                return "--tta-preset " + preset + ": " + e.getMessage();
            }
        }
        try {
            Map<String, String> values = ConfigLoader.inferenceSets(sets);
            ConfigLoader.overrideInference(inf, values);
            applied.putAll(values);
            return null;
        } catch (IllegalArgumentException e) {
            return "--set: " + e.getMessage();
        }
    }

    /** @return null when applied (or none given), else the error to print */
    static String apply(Detector det, String preset, List<String> sets, String ttaScore) {
        if (ttaScore == null && sets.isEmpty() && preset == null) {
            return null;
        }
        String option = preset != null ? "--tta-preset" : ttaScore != null ? "--tta-score" : "--set";
        if (det instanceof DjlDetector) {
            return option + " applies to model folders run by ainnoface itself; " + det.name()
                    + " runs the folder's ainnoface.yaml as DJL loads it (edit a copy of the folder instead)";
        }
        if (!(det instanceof FaceDetector f)) {
            return option + " applies to AInnoFace model folders, not to peer detectors";
        }
        String bad = override(f.config().inference, preset, sets, new LinkedHashMap<>());
        if (bad != null) {
            return bad;
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
