package io.ainnoface.data;

import io.ainnoface.train.Targets;

import java.util.List;

/**
 * A batch ready for the network: images as (B, 3, S, S) normalized floats and their targets.
 * {@code skipped} counts images that failed to load and were left out.
 */
public record TrainBatch(int epoch, int index, float[] images, int size, List<Targets> targets, int skipped) {
    public int batchSize() {
        return targets.size();
    }
}
