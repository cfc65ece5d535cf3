package io.ainnoface.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.ainnoface.TestData;
import io.ainnoface.config.VerifierConfig;
import io.ainnoface.model.nn.TorchNames;
import org.junit.jupiter.api.Test;

import java.util.Set;

class VerifierTest {
    /** The network against PyTorch's (tools/make_verifier_reference.py): same weights, same input, same logits. */
    @Test
    void matchesThePyTorchPrototypeOnTheImageNetWeights() throws Exception {
        JsonNode ref = TestData.reference("verifier.json").get("forward");
        try (NDManager m = NDManager.newBaseManager()) {
            Verifier net = new Verifier(new VerifierConfig());
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            TorchNames.LoadReport r = TorchNames.loadSafetensors(net.backbone(), "",
                    TestData.shared().resolve("models/pretrained/mobilenet_v1_0.25_imagenet.safetensors"), m,
                    Set.of("fc.weight", "fc.bias"));
            assertTrue(r.missing().isEmpty() && r.unexpected().isEmpty(), r.toString());
            float[] w = new float[256];
            for (int j = 0; j < 256; j++) {
                w[j] = (float) (Math.sin(0.37 * j) * 0.05);
            }
            var params = TorchNames.parameters(net);
            m.create(w, new Shape(1, 256)).copyTo(params.get("fc.weight").getArray());
            m.create(new float[] {0.1f}).copyTo(params.get("fc.bias").getArray());
            int n = 2 * 3 * 64 * 64;
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (Math.sin(0.013 * i) + 0.5 * Math.cos(0.0007 * i * i % 7));
            }
            NDArray out = net.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(2, 3, 64, 64))),
                    false).head();
            assertEquals(new Shape(2), out.getShape());
            float[] got = out.toFloatArray();
            for (int i = 0; i < 2; i++) {
                assertEquals(ref.get("logits").get(i).asDouble(), got[i], 1e-4, "logit " + i);
            }
        }
    }
}
