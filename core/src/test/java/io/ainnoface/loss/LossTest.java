package io.ainnoface.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
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
            assertEquals(Math.log(3), IouLoss.losses(p, g).sum().getFloat(), 1e-5);
        }
    }

    @Test
    void diouTermIsCentreDistanceOverEnclosingDiagonal() {
        try (NDManager m = NDManager.newBaseManager()) {
            // (0,0,2,2) vs (1,1,3,3): IoU 1/7; centres (1,1) and (2,2), rho^2 = 2; enclosing (0,0,3,3), c^2 = 18
            // (0,0,4,4) vs (1,1,3,3): concentric, IoU 4/16, no centre term
            // (0,0,1,1) vs (3,0,4,1): centres 3 apart, rho^2 = 9; enclosing (0,0,4,1), c^2 = 17
            NDArray p = m.create(new float[] {0, 0, 2, 2, 0, 0, 4, 4, 0, 0, 1, 1}, new Shape(3, 4));
            NDArray g = m.create(new float[] {1, 1, 3, 3, 1, 1, 3, 3, 3, 0, 4, 1}, new Shape(3, 4));
            float[] d = IouLoss.centerDistance(p, g).toFloatArray();
            assertEquals(1 / 9.0, d[0], 1e-6);
            assertEquals(0, d[1], 1e-6);
            assertEquals(9 / 17.0, d[2], 1e-6);
            float[] l = IouLoss.losses(p.get("0:2"), g.get("0:2"), 0.5).toFloatArray();
            assertEquals(Math.log(7) + 0.5 / 9, l[0], 1e-5);
            assertEquals(Math.log(4), l[1], 1e-5);
            float[] off = IouLoss.losses(p.get("0:2"), g.get("0:2"), 0).toFloatArray();
            assertEquals(Math.log(7), off[0], 1e-5);
        }
    }

    @Test
    void diouTermPullsTheCentreTowardsTheTarget() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {0, 0, 2, 2}, new Shape(1, 4));
            p.setRequiresGradient(true);
            NDArray g = m.create(new float[] {1, 1, 3, 3}, new Shape(1, 4));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(IouLoss.centerDistance(p, g).sum());
            }
            // f = rho^2 / c^2 with dx = -1, cw = 3 (x1 the enclosing box's left edge): df/dx1 = dx / c^2 + rho^2 * 2 cw / c^4
            // = -1/18 + 2 * 6 / 324 = -1/54; x2 is not the enclosing box's right edge: df/dx2 = dx / c^2 = -1/18
            float[] grad = p.getGradient().toFloatArray();
            assertEquals(-1 / 54.0, grad[0], 1e-6);
            assertEquals(-1 / 54.0, grad[1], 1e-6);
            assertEquals(-1 / 18.0, grad[2], 1e-6);
            assertEquals(-1 / 18.0, grad[3], 1e-6);
        }
    }
}
