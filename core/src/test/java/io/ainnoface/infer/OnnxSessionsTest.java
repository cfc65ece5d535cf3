package io.ainnoface.infer;

import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
