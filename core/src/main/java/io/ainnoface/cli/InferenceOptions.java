package io.ainnoface.cli;

import io.ainnoface.config.ConfigLoader;
import io.ainnoface.infer.Detector;
import io.ainnoface.infer.FaceDetector;

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

    /** @return null when applied (or none given), else the error to print */
    static String apply(Detector det, List<String> sets, String ttaScore) {
        if (ttaScore == null && sets.isEmpty()) {
            return null;
        }
        String option = ttaScore != null ? "--tta-score" : "--set";
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
