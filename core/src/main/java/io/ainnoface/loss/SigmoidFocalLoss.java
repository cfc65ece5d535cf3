package io.ainnoface.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Sigmoid focal loss (Lin et al.), as torchvision's {@code sigmoid_focal_loss}:
 * {@code α_t · (1 − p_t)^γ · BCE(x, t)}, summed over the elements whose {@code weight} is 1.
 * Callers divide by the number of positives.
 */
public final class SigmoidFocalLoss {
    private final double alpha;
    private final double gamma;

    public SigmoidFocalLoss(double alpha, double gamma) {
        this.alpha = alpha;
        this.gamma = gamma;
    }

    /**
     * @param logits any shape
     * @param targets same shape, 0 or 1
     * @param weight same shape, 1 to count an element, 0 to ignore it
     * @return scalar sum
     */
    public NDArray sum(NDArray logits, NDArray targets, NDArray weight) {
        NDArray p = Activation.sigmoid(logits);
        // numerically stable BCE with logits: max(x, 0) − x·t + ln(1 + e^−|x|)
        NDArray ce = logits.maximum(0).sub(logits.mul(targets)).add(logits.abs().neg().exp().add(1).log());
        NDArray pt = p.mul(targets).add(p.neg().add(1).mul(targets.neg().add(1)));
        NDArray loss = ce.mul(pt.neg().add(1).pow(gamma));
        if (alpha >= 0) {
            loss = loss.mul(targets.mul(alpha).add(targets.neg().add(1).mul(1 - alpha)));
        }
        return loss.mul(weight).sum();
    }
}
