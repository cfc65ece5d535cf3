package io.ainnoface.infer;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class DjlRunnerTest {
    /** Subtracts the batch's mean: its output for an image depends on whether it runs alone. */
    private static final class BatchMean extends AbstractBlock {
        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            return new NDList(in.head().sub(in.head().mean(new int[] {0})), in.head().mul(2));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {inputs[0], inputs[0]};
        }
    }

    // two images of 1x1x3 after a padding value that the runner must not read (a reused, longer buffer)
    private static final float[] DATA = {1, 2, 3, 5, 8, 13, 99};
    private static final long[] SHAPE = {2, 1, 1, 3};

    private static float[][] run(String fault) {
        try (Model model = Model.newInstance("batch-mean", "PyTorch")) {
            model.setBlock(new BatchMean());
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(SHAPE));
            try (DjlRunner r = new DjlRunner(model, false, () -> fault)) {
                return r.run(DATA, SHAPE);
            }
        }
    }

    @Test
    void aTrustedEngineRunsTheBatchAsOne() {
        float[][] out = run(null);
        // mean over the batch: (1+5)/2, (2+8)/2, (3+13)/2
        assertArrayEquals(new float[] {-2, -3, -5, 2, 3, 5}, out[0], 1e-6f);
        assertArrayEquals(new float[] {2, 4, 6, 10, 16, 26}, out[1], 1e-6f);
    }

    @Test
    void aFaultyEngineRunsEachImageAloneAndConcatenatesInOrder() {
        float[][] out = run("batched convolution is wrong here.");
        // alone, each image is its own batch mean
        assertArrayEquals(new float[6], out[0], 1e-6f);
        assertArrayEquals(new float[] {2, 4, 6, 10, 16, 26}, out[1], 1e-6f);
    }
}
