package io.ainnoface.train;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.data.BatchLoader;
import io.ainnoface.data.TrainBatch;
import io.ainnoface.data.WiderImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data parallelism: a batch split over two devices updates the parameters as the whole batch on
 * one device does. (This machine has one device, so both shards run on the CPU; the split, the
 * whole-batch normalization and the gradient sum are what is tested.)
 */
class DataParallelTest {
    @TempDir
    Path tmp;

    @Test
    void devicesAndShards() {
        assertEquals(List.of(Device.cpu()), DataParallel.devices(List.of()));
        assertEquals(List.of(Device.cpu(), Device.cpu()), DataParallel.devices(List.of("cpu", "CPU")));
        assertArrayEquals(new int[] {3, 3, 2}, DataParallel.shardSizes(8, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataParallel.devices(List.of("gpu7")));
        assertTrue(e.getMessage().contains("gpu7 is not available"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataParallel.devices(List.of("tpu0")));
        assertThrows(IllegalArgumentException.class, () -> DataParallel.shardSizes(1, 2));
    }

    /**
     * The batch is two real images twice, [A, B, A, B]: each shard [A, B] then has the BatchNorm
     * statistics of the whole batch, so the two-device step must match the one-device step to
     * float precision. Normalizing each shard by its own positives instead would double the update.
     */
    @Test
    void twoShardStepEqualsTheWholeBatchStep() throws Exception {
        DetectorConfig cfg = TrainingTest.small(160, 2, 1);
        List<WiderImage> imgs = TrainingTest.images(2, 30);
        TrainBatch pair;
        try (Trainer t = new Trainer(cfg, tmp.resolve("load"), imgs, TrainingTest.imageRoot(), false);
                BatchLoader loader = t.newLoader()) {
            pair = loader.next();
        }
        assertEquals(2, pair.batchSize());

        DetectorConfig one = TrainingTest.small(160, 4, 1);
        DetectorConfig two = TrainingTest.small(160, 4, 1);
        two.train.devices = List.of("cpu", "cpu");
        // clipping to a fixed norm would hide a wrongly scaled gradient
        one.train.gradClipNorm = 0;
        two.train.gradClipNorm = 0;
        Map<String, float[]> before = null;
        List<Map<String, float[]>> after = new ArrayList<>();
        for (DetectorConfig c : List.of(one, two)) {
            try (Trainer t = new Trainer(c, tmp.resolve("run" + after.size()), imgs, TrainingTest.imageRoot(), false)) {
                Map<String, float[]> init = values(t.parameters());
                if (before == null) {
                    before = init;
                } else {
                    assertArrayEquals(before.get("stage1.0.0.weight"), init.get("stage1.0.0.weight"));
                }
                t.step(doubled(pair), t.newLoss(), 0.01, 0.9);
                after.add(values(t.parameters()));
            }
        }
        double moved = 0;
        for (Map.Entry<String, float[]> e : after.get(0).entrySet()) {
            if (e.getKey().contains("running")) {
                continue; // each shard updates the running statistics once (documented)
            }
            float[] a = e.getValue();
            float[] b = after.get(1).get(e.getKey());
            float[] w0 = before.get(e.getKey());
            for (int i = 0; i < a.length; i++) {
                moved = Math.max(moved, Math.abs(a[i] - w0[i]));
                assertEquals(a[i] - w0[i], b[i] - w0[i], 1e-6 + 1e-3 * Math.abs(a[i] - w0[i]), e.getKey() + "[" + i + "]");
            }
        }
        assertTrue(moved > 1e-4, "the step moved the parameters by at most " + moved);
    }

    private static TrainBatch doubled(TrainBatch b) {
        float[] img = new float[b.images().length * 2];
        System.arraycopy(b.images(), 0, img, 0, b.images().length);
        System.arraycopy(b.images(), 0, img, b.images().length, b.images().length);
        List<Targets> t = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            for (Targets x : b.targets()) {
                t.add(copy(x));
            }
        }
        return new TrainBatch(b.epoch(), b.index(), img, b.size(), t, 0);
    }

    private static Targets copy(Targets t) {
        return new Targets(t.gt().clone(), t.cls1().clone(), t.reg1Box().clone(), t.reg1Pos().clone(),
                t.cls2().clone(), t.reg2Box().clone(), t.reg2Pos().clone(), t.bestAnchor().clone(), t.bestIou().clone());
    }

    private static Map<String, float[]> values(Map<String, Parameter> params) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        params.forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
        return out;
    }
}
