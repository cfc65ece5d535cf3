package io.ainnoface.infer;

import io.ainnoface.TestData;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@link FaceDetector#withInference}: a preset on a loaded detector, as a server's pooled detector runs it. */
class DetectorViewTest {

    @Test
    void aViewRunsItsPresetAsALoadedDetectorWouldAndClosingItClosesNothing() throws Exception {
        BufferedImage hopper = new ImageLoader(Long.MAX_VALUE, 1).load(TestData.sample());
        try (FaceDetector base = FaceDetector.load(TestData.bundled());
                FaceDetector loaded = FaceDetector.load(TestData.bundled())) {
            ConfigLoader.overrideInference(loaded.config().inference,
                    ConfigLoader.presetValues(loaded.config().inference, "fast"));
            List<Face> expected = loaded.detectTta(hopper, 0.05);
            DetectorConfig copy = ConfigLoader.copy(base.config());
            ConfigLoader.overrideInference(copy.inference, ConfigLoader.presetValues(copy.inference, "fast"));
            List<Face> viaView;
            try (FaceDetector view = base.withInference(copy.inference)) {
                viaView = view.detectTta(hopper, 0.05);
            }
            assertEquals(expected, viaView);
            // the base keeps its own (default) setting, and still runs after the view was closed
            List<Face> own = base.detectTta(hopper, 0.05);
            assertNotEquals(expected, own);
            try (FaceDetector fresh = FaceDetector.load(TestData.bundled())) {
                assertEquals(fresh.detectTta(hopper, 0.05), own);
            }
        }
    }
}
