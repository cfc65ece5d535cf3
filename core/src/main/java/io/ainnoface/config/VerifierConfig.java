package io.ainnoface.config;

import java.util.List;

/**
 * The second-stage verifier: a small classifier that sees a crop around each box the test-time augmentation keeps and
 * re-scores it as {@code s^(1-weight) · v^weight} ({@code s}: the detector's score, {@code v}: the verifier's face
 * probability, mean over the crop and its mirror). Absent from a config: no verifier.
 */
public class VerifierConfig {
    /** MobileNetV1 width multiplier of the verifier's backbone (0.25 matches the shipped ImageNet weights). */
    public float mobilenetWidth = 0.25f;
    /** Crops are resized to {@code side²} pixels. */
    public int side = 64;
    /** A crop spans this many times the box's longer side, centred on the box; outside the image is black. */
    public double context = 2.0;
    /**
     * Verifiers averaged (an ensemble): member 0 is {@code verifier-0000.params} / {@code verifier.onnx}, member
     * {@code k} {@code verifier<k>-0000.params} / {@code verifier<k>.onnx}; {@code v} is the mean of their
     * probabilities. All share this section's crop geometry and normalization.
     */
    public int members = 1;
    /** Exponent of the verifier's probability in the fused score, in (0, 1]. */
    public double weight = 0.25;
    /** Only boxes whose size {@code sqrt(w·h)} is below this many pixels are verified (0: every size). */
    public double maxSize = 64;
    /** Only boxes scoring at least this are verified. */
    public double minScore = 0.05;
    /** At most this many boxes per image, the highest scoring, are verified. */
    public int topK = 1000;
    /**
     * Training only: a detector box whose IoU with every face is below this is one of the verifier's non-faces (a
     * box at IoU ≥ 0.5 with a valid face is a face; between, left out). 0.5 leaves nothing out: a box beside its face,
     * which WIDER's protocol counts as a false positive, is taught as one. With several members: the last one's.
     */
    public double negIou = 0.3;
    /** Input normalization (RGB, x/255, then (x - mean) / std), as the ImageNet weights expect. */
    public List<Float> mean = List.of(0.485f, 0.456f, 0.406f);
    public List<Float> std = List.of(0.229f, 0.224f, 0.225f);

    /** @throws IllegalArgumentException naming the field of a value out of range */
    public void check() {
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("verifier.weight: must be in (0, 1], got " + weight);
        }
        if (side < 32) {
            throw new IllegalArgumentException("verifier.side: must be at least 32 (the backbone's stride), got " + side);
        }
        if (!(context >= 1 && Double.isFinite(context))) {
            throw new IllegalArgumentException("verifier.context: must be at least 1, got " + context);
        }
        if (!(maxSize >= 0)) {
            throw new IllegalArgumentException("verifier.maxSize: must be 0 (every size) or positive, got " + maxSize);
        }
        if (members < 1) {
            throw new IllegalArgumentException("verifier.members: must be at least 1, got " + members);
        }
        if (!(negIou > 0 && negIou <= 0.5)) {
            throw new IllegalArgumentException("verifier.negIou: must be in (0, 0.5], got " + negIou);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("verifier.topK: must be at least 1, got " + topK);
        }
        if (mean.size() != 3 || std.size() != 3) {
            throw new IllegalArgumentException("verifier.mean and verifier.std: need three values (RGB)");
        }
    }
}
