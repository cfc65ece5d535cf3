package io.ainnoface.cli;

import io.ainnoface.infer.Detector;
import io.ainnoface.infer.FaceDetector;

/** {@code --tta-score}: overrides the model config's {@code inference.ttaScore} for this run. */
final class TtaScoreOption {
    private TtaScoreOption() {}

    /** @return null when applied (or not given), else the error to print */
    static String apply(Detector det, String ttaScore) {
        if (ttaScore == null) {
            return null;
        }
        if (!(det instanceof FaceDetector f)) {
            return "--tta-score applies to AInnoFace model folders, not to peer detectors";
        }
        String before = f.config().inference.ttaScore;
        f.config().inference.ttaScore = ttaScore;
        try {
            f.config().inference.check();
            return null;
        } catch (IllegalArgumentException e) {
            f.config().inference.ttaScore = before;
            return "--tta-score: " + e.getMessage();
        }
    }
}
