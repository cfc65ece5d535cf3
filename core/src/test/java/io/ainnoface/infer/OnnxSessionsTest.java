package io.ainnoface.infer;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.onnxruntime.OrtSession;
import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How our ONNX Runtime sessions are opened. */
class OnnxSessionsTest {

    /**
     * Asked for 0 threads, a session runs one per processor, never ONNX Runtime's own default, which ran a single
     * thread on the 2-core development VM (session 39); a number given is kept.
     */
    @Test
    void zeroThreadsMeansOnePerProcessor() {
        assertEquals(Runtime.getRuntime().availableProcessors(), OnnxSessions.intraOpThreads(0));
        assertEquals(3, OnnxSessions.intraOpThreads(3));
        assertEquals(1, OnnxSessions.intraOpThreads(1));
    }

    /** Idle threads spin within a run (ONNX Runtime's default, no entry) and stop when it returns. */
    @Test
    void idleThreadsStopSpinningWhenARunReturns() throws Exception {
        try (OrtSession.SessionOptions opts = OnnxSessions.options(0)) {
            assertEquals(Map.of(OnnxSessions.SPINNING_STOP, "1"), opts.getConfigEntries());
        }
    }

    /**
     * DJL's ONNX Runtime engine opens its session with the options object {@link OnnxSessions#loadModel} passes it:
     * with profiling switched on in that object, which no string option of DJL's asks for, the session writes a profile
     * of its runs. Were the entry ignored (a key DJL renamed, say), there would be none. Criteria that bring such an
     * object of their own keep it.
     */
    @Test
    void djlSessionsTakeOurOptionsObject(@TempDir Path tmp) throws Exception {
        try (OrtSession.SessionOptions opts = OnnxSessions.options(0)) {
            opts.enableProfiling(tmp.resolve("djl-profile").toString());
            Criteria<Image, DetectedObjects> c = OnnxSessions.withSessionOptions(
                    CriteriaTest.criteria(TestData.bundled(), 0.5), opts);
            try (ZooModel<Image, DetectedObjects> model = OnnxSessions.loadModel(c);
                    Predictor<Image, DetectedObjects> p = model.newPredictor()) {
                DetectedObjects found = p.predict(ImageFactory.getInstance().fromFile(TestData.sample()));
                assertEquals(1, found.getNumberOfObjects());
            }
        }
        try (Stream<Path> files = Files.list(tmp)) {
            List<Path> profiles = files.filter(f -> f.getFileName().toString().startsWith("djl-profile")).toList();
            assertEquals(1, profiles.size(), profiles.toString());
            assertTrue(Files.readString(profiles.get(0)).contains("model_run"));
        }
    }
}
