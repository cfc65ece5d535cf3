package io.ainnoface.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.ainnoface.TestData;
import io.ainnoface.config.VerifierConfig;
import io.ainnoface.model.nn.TorchNames;
import io.ainnoface.train.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

class VerifierTrainerTest {
    @TempDir
    Path tmp;

    @Test
    void binaryCrossEntropyMatchesPyTorch() {
        JsonNode ref = TestData.reference("verifier.json").get("bce");
        try (NDManager m = NDManager.newBaseManager()) {
            float[] x = TestData.flat(ref.get("logits"));
            float[] y = TestData.flat(ref.get("labels"));
            double got = VerifierTrainer.bceWithLogits(m.create(x), m.create(y)).getFloat();
            assertEquals(ref.get("mean").asDouble(), got, 1e-5);
        }
    }

    @Test
    void oneCycleMatchesPyTorch() {
        JsonNode ref = TestData.reference("verifier.json").get("one_cycle");
        for (int it = 0; it < 100; it++) {
            double[] lm = VerifierTrainer.oneCycle(it, 100, 0.05, 0.05);
            assertEquals(ref.get("lrs").get(it).asDouble(), lm[0], 1e-9, "lr at " + it);
            assertEquals(ref.get("momentums").get(it).asDouble(), lm[1], 1e-9, "momentum at " + it);
        }
    }

    /** Light crops are faces, dark ones not: a task the verifier must learn in a few steps. */
    private static CropSet toySet(int n, int side) {
        CropSet set = new CropSet();
        Random r = new Random(3);
        for (int i = 0; i < n; i++) {
            boolean face = i % 2 == 0;
            byte[] c = new byte[3 * side * side];
            for (int k = 0; k < c.length; k++) {
                c[k] = (byte) ((face ? 150 : 40) + r.nextInt(60));
            }
            set.add(c, face);
        }
        return set;
    }

    private static VerifierConfig small() {
        VerifierConfig cfg = new VerifierConfig();
        cfg.side = 32;
        return cfg;
    }

    @Test
    void learnsAndResumesExactlyWhereItStopped() throws Exception {
        CropSet data = toySet(64, 32);
        VerifierTrainer.Options opt = new VerifierTrainer.Options(6, 16, 0.05, 5e-4, 0.2, 0, 1000);
        Path imagenet = TestData.shared().resolve("models/pretrained/mobilenet_v1_0.25_imagenet.safetensors");
        float[] straight;
        try (VerifierTrainer t = new VerifierTrainer(small(), opt, tmp.resolve("a"), imagenet, false, s -> { })) {
            t.train(data);
            assertEquals(24, t.state().iteration());
            straight = weights(t, tmp.resolve("a"));
        }
        try (VerifierTrainer t = new VerifierTrainer(small(), opt, tmp.resolve("b"), imagenet, false, s -> { })) {
            t.train(data, 5); // stops mid-epoch 1 with a checkpoint
            assertEquals(new Checkpoints.State(5, 1, 1, t.state().elapsedMillis()), t.state());
        }
        try (VerifierTrainer t = new VerifierTrainer(small(), opt, tmp.resolve("b"), imagenet, true, s -> { })) {
            assertEquals(5, t.state().iteration());
            t.train(data);
            assertArrayEquals(straight, weights(t, tmp.resolve("b")), 1e-5f);
        }
        List<String> log = Files.readAllLines(tmp.resolve("a/verifier-log.csv"));
        double first = Double.parseDouble(log.get(1).split(",")[3]);
        double last = Double.parseDouble(log.get(log.size() - 1).split(",")[3]);
        assertTrue(first > last && last < 0.3, "loss per epoch " + log);
        assertTrue(Files.size(tmp.resolve("a/verifier-loss.png")) > 0);
    }

    /** The newest checkpoint's fc weights and the last BatchNorm's running mean. */
    private static float[] weights(VerifierTrainer t, Path run) throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                Checkpoints.Loaded c = Checkpoints.readNewest(run.resolve("checkpoints"), m, s -> { })) {
            float[] fc = c.params().get("fc.weight").toFloatArray();
            float[] bn = c.params().get("backbone.stage3.1.4.running_mean").toFloatArray();
            float[] out = new float[fc.length + bn.length];
            System.arraycopy(fc, 0, out, 0, fc.length);
            System.arraycopy(bn, 0, out, fc.length, bn.length);
            return out;
        }
    }
}
