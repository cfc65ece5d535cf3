package io.ainnoface.data.augment;

import io.ainnoface.config.TrainConfig;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * The training augmentation: a large-face crop with probability {@code largeFaceSamplingProb},
 * data-anchor-sampling with probability {@code dataAnchorSamplingProb}, otherwise SRN's random
 * square crop (also when the chosen sampler finds no face); horizontal flip; resize to {@code inputSize}; with
 * {@code rotateProb} an in-plane rotation; with {@code faceOcclusionProb} per face a band of it occluded; photometric
 * distortion. Outside-the-image regions are filled with the mean colour. The two optional steps draw from the random
 * sequence only when they are on, so runs without them see the samples they saw before.
 */
public final class Augmenter {
    private final TrainConfig cfg;
    private final Color fill;

    public Augmenter(TrainConfig cfg, Color fill) {
        this.cfg = cfg;
        this.fill = fill;
    }

    /** Result: the augmented image and its faces ({@code xyxy}, output pixels). */
    public record Sample(BufferedImage image, float[] boxes) {}

    public Sample apply(BufferedImage img, float[] boxes, Random rnd) {
        boolean flip = rnd.nextDouble() < cfg.flipProb;
        CropPlan plan = null;
        if (cfg.wholeImage) {
            plan = new CropPlan(0, 0, Math.max(img.getWidth(), img.getHeight()), cfg.inputSize, flip);
        } else {
            // one draw picks the sampler, so runs without large-face crops keep their old sequence
            double u = rnd.nextDouble();
            if (u < cfg.largeFaceSamplingProb) {
                plan = LargeFaceSampling.plan(boxes, cfg.inputSize, rnd, flip);
            } else if (u < cfg.largeFaceSamplingProb + cfg.dataAnchorSamplingProb) {
                plan = DataAnchorSampling.plan(boxes, cfg.inputSize, rnd, flip);
            }
        }
        if (plan == null) {
            plan = RandomSquareCrop.plan(img.getWidth(), img.getHeight(), boxes, cfg.cropScales,
                    cfg.inputSize, rnd, flip, 50);
        }
        BufferedImage out = plan.render(img, fill);
        double minSize = Math.max(1.0, cfg.minFaceSize);
        float[] faces = plan.transformBoxes(boxes, minSize);
        if (cfg.rotateProb > 0 && rnd.nextDouble() < cfg.rotateProb) {
            double degrees = (2 * rnd.nextDouble() - 1) * cfg.rotateMaxDegrees;
            out = RandomRotation.render(out, degrees, fill);
            faces = RandomRotation.transformBoxes(faces, cfg.inputSize, degrees, minSize);
        }
        if (cfg.faceOcclusionProb > 0) {
            FaceOcclusion.apply(out, faces, cfg.faceOcclusionProb, cfg.occlusionMinFace, rnd);
        }
        if (cfg.photometric) {
            PhotometricDistort.apply(out, rnd);
        }
        return new Sample(out, faces);
    }
}
