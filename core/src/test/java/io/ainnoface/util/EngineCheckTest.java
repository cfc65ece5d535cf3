package io.ainnoface.util;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineCheckTest {
    @Test
    void batchedConvolutionIsRightUnderTheTestsSettings() {
        // fails on a CPU where oneDNN miscomputes it unless ONEDNN_MAX_CPU_ISA caps it (the pom sets SSE41)
        try (NDManager m = NDManager.newBaseManager()) {
            EngineCheck.verifyBatchedConvolution(m);
        }
        assertNull(EngineCheck.batchedConvolutionFault(), "the once-per-JVM answer that PyTorch inference asks");
    }

    @Test
    void batchDifferenceSeesAnOperationThatMixesTheImages() {
        try (NDManager m = NDManager.newBaseManager()) {
            // per image: identical alone and batched
            assertEquals(0, EngineCheck.batchDifference(m, new Shape(3, 2, 4, 4), new Random(2), x -> x.mul(2).add(1)),
                    1e-6);
            // subtracting the batch mean: image alone minus its own mean differs by the others' share
            double d = EngineCheck.batchDifference(m, new Shape(3, 2, 4, 4), new Random(2), x -> x.sub(x.mean()));
            assertTrue(d > EngineCheck.TOLERANCE, "difference " + d);
        }
    }
}
