package io.ainnoface.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Sigmoid focal loss (Lin et al.), as torchvision's {@code sigmoid_focal_loss} for targets 0 and 1:
 * {@code α_t · (1 − p_t)^γ · BCE(x, t)}, summed over the elements whose {@code weight} is 1.
 * A target in (0, 1) is a soft positive, as in the quality focal loss (Li et al., GFL): the factor
 * becomes {@code |t − p|^γ}, which is {@code (1 − p_t)^γ} at 0 and 1, and {@code α} applies as to
 * any positive. Callers divide by the number of positives.
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
     * @param targets same shape, in [0, 1]: 0 background, above 0 a face (1, or its soft target)
     * @param weight same shape, 1 to count an element, 0 to ignore it
     * @return scalar sum
     */
    public NDArray sum(NDArray logits, NDArray targets, NDArray weight) {
        NDArray p = Activation.sigmoid(logits);
        // numerically stable BCE with logits: max(x, 0) − x·t + ln(1 + e^−|x|)
        NDArray ce = logits.maximum(0).sub(logits.mul(targets)).add(logits.abs().neg().exp().add(1).log());
        NDArray loss = ce.mul(targets.sub(p).abs().pow(gamma));
        if (alpha >= 0) {
            NDArray positive = targets.gt(0).toType(logits.getDataType(), false);
            loss = loss.mul(positive.mul(alpha).add(positive.neg().add(1).mul(1 - alpha)));
        }
        return loss.mul(weight).sum();
    }
}
