package io.ainnoface.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LossTest {
    @Test
    void focalLossMatchesTorchvision() {
        JsonNode r = TestData.torchvision().get("focal");
        float[] x = TestData.flat(r.get("logits"));
        float[] t = TestData.flat(r.get("targets"));
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(3, 50);
            NDArray w = m.ones(s);
            float sum = new SigmoidFocalLoss(r.get("alpha").asDouble(), r.get("gamma").asDouble())
                    .sum(m.create(x, s), m.create(t, s), w).getFloat();
            assertEquals(r.get("sum").asDouble(), sum, 1e-4 * Math.abs(r.get("sum").asDouble()));
        }
    }

    @Test
    void focalLossIgnoresZeroWeight() {
        try (NDManager m = NDManager.newBaseManager()) {
            SigmoidFocalLoss fl = new SigmoidFocalLoss(0.25, 2);
            NDArray x = m.create(new float[] {2f, -1f});
            NDArray t = m.create(new float[] {0f, 1f});
            float both = fl.sum(x, t, m.create(new float[] {1, 1})).getFloat();
            float first = fl.sum(x, t, m.create(new float[] {1, 0})).getFloat();
            // hand: x=2, t=0: p=0.8808, ce = 2.1269, (p)^2 = 0.7758, alpha_t = 0.75 -> 1.2376
            assertEquals(1.2376, first, 1e-3);
            // x=-1, t=1: p = 0.2689, ce = 1.3133, (1-p)^2 = 0.5345, alpha 0.25 -> 0.17549
            assertEquals(1.2376 + 0.17549, both, 1e-3);
        }
    }

    @Test
    void softTargetsTakeTheQualityFocalFactor() {
        try (NDManager m = NDManager.newBaseManager()) {
            SigmoidFocalLoss fl = new SigmoidFocalLoss(0.25, 2);
            NDArray x = m.create(new float[] {0f, 2f});
            NDArray t = m.create(new float[] {0.8f, 0.6f});
            // hand: x=0, t=0.8: ce = ln 2, |t - p|^2 = 0.09, alpha 0.25 (a positive) -> 0.0155958
            assertEquals(0.0155958, fl.sum(x, t, m.create(new float[] {1, 0})).getFloat(), 1e-6);
            // x=2, t=0.6: ce = 2 - 1.2 + ln(1 + e^-2) = 0.926928, |0.6 - 0.880797|^2 = 0.078847 -> 0.0182714
            assertEquals(0.0182714, fl.sum(x, t, m.create(new float[] {0, 1})).getFloat(), 1e-6);
        }
    }

    @Test
    void iouLossIsMinusLogIou() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {0, 0, 10, 10, 0, 0, 4, 4}, new Shape(2, 4));
            NDArray g = m.create(new float[] {5, 0, 15, 10, 0, 0, 4, 4}, new Shape(2, 4));
            // IoU 50 / 150 = 1/3 -> ln 3; identical boxes -> 0
            assertEquals(Math.log(3), IouLoss.sum(p, g).getFloat(), 1e-5);
        }
    }
}
