package io.ainnoface.config;

import java.util.List;
import java.util.Map;

/** Training recipe. */
public class TrainConfig {
    public String dataRoot = "../shared/data/widerface";
    public String trainSplit = "wider_face_split/wider_face_train_bbx_gt.txt";
    public String trainImages = "WIDER_train/images";
    /**
     * Share of the train split's images to train on, per event, nested across shares for one seed
     * ({@code SplitSubset}; for learning curves). 1 = all.
     */
    public double imageFraction = 1;
    public String valSplit = "wider_face_split/wider_face_devval_bbx_gt.txt";
    public String valImages = "WIDER_train/images";
    /** Square training crop side after resize. */
    public int inputSize = 480;
    public int batchSize = 8;
    /**
     * Data parallelism: devices that each run a shard of every batch ({@code cpu}, {@code gpu0},
     * {@code gpu1}, ... or {@code all} = every GPU, else the CPU); empty = the CPU. The first holds
     * the parameters and the optimizer.
     */
    public List<String> devices = List.of();
    public int epochs = 100;
    public int workers = 2;
    /** Images whose faces are all smaller than this after the crop are still used (loss is per anchor). */
    public double minFaceSize = 0;
    public long seed = 42;
    /**
     * Fine-tuning: a checkpoint ({@code ckpt-*.ckpt}; its weight average if it kept one) or a model
     * folder (an export or a soup), path relative to the project home, whose weights a fresh run
     * starts from instead of the ImageNet backbone and random head; optimizer state and iteration
     * are not taken. Ignored when the run resumes from its own checkpoint.
     */
    public String initFrom = null;

    // optimizer
    public double lr = 0.01;
    public double momentum = 0.9;
    public double weightDecay = 5e-4;
    public int warmupIterations = 500;
    public double warmupFactor = 1.0 / 3;
    /** {@code cosine} or {@code step}. */
    public String schedule = "cosine";
    public List<Integer> stepEpochs = List.of(60, 80);
    public double stepGamma = 0.1;
    /** Global gradient-norm clipping (0 = off). */
    public double gradClipNorm = 10;
    /**
     * Keep an exponential moving average of the weights with this decay (0 = off), checkpointed,
     * evaluated by the devval hook and exported instead of the last weights.
     */
    public double emaDecay = 0;

    // targets and losses (SRN)
    public double firstPosIou = 0.7;
    public double firstNegIou = 0.3;
    public double secondPosIou = 0.5;
    public double secondNegIou = 0.4;
    /** Second-step positive IoU of single levels, overriding {@code secondPosIou} (level number → IoU). */
    public Map<Integer, Double> secondPosIouByLevel = Map.of();
    /**
     * Second-step box targets beyond the positives (0 = off, SRN): every anchor whose best face overlaps
     * it at IoU ≥ this learns to regress onto that face, whatever its face/background label; e.g.
     * {@code secondNegIou} regresses the ignored anchors, which otherwise learn neither score nor box.
     */
    public double secondRegIou = 0;
    public double focalAlpha = 0.25;
    public double focalGamma = 2.0;
    public double regLossWeight = 1.0;
    /**
     * Second-step box loss per face (false = per anchor, SRN): each face's positive anchors share one unit of
     * weight, {@code 1 / their count}, and the term is divided by the faces instead of the anchors, so a face
     * under 16 px with one positive anchor weighs as much as a large face with twenty.
     */
    public boolean regPerFace = false;
    /**
     * Weight of DIoU's centre-distance term added to the IoU loss of both steps (0 = off, the paper's −ln IoU):
     * {@code −ln IoU + w · ρ² / c²}, see {@code IouLoss}.
     */
    public double iouCenterWeight = 0;
    /**
     * Quality targets (0 = off): a second-step positive's face target is {@code min(1, IoU / q)}, the
     * IoU of its own regressed box with its face (not a gradient path), so that a badly placed box
     * learns a lower score; the focal factor becomes GFL's {@code |t − p|^γ}.
     */
    public double qualityFullIou = 0;
    /** STC: second-step anchors whose first-step background score is at least this are ignored. */
    public double stcBackgroundThreshold = 0.99;

    // augmentation
    public double dataAnchorSamplingProb = 0.5;
    /** Probability of a {@code LargeFaceSampling} crop (one face shown at 64 px or more); 0 = off. */
    public double largeFaceSamplingProb = 0;
    public List<Double> cropScales = List.of(0.3, 0.45, 0.6, 0.8, 1.0);
    public double flipProb = 0.5;
    /** Instead of cropping, scale the whole image into the square (padding right/bottom): for tests. */
    public boolean wholeImage = false;
    public boolean photometric = true;
    /** Probability of rotating a sample in-plane by an angle uniform in ±{@code rotateMaxDegrees}; 0 = off. */
    public double rotateProb = 0;
    public double rotateMaxDegrees = 20;
    /** Probability that a face of at least {@code occlusionMinFace} px gets a band of it occluded ({@code FaceOcclusion}); 0 = off. */
    public double faceOcclusionProb = 0;
    public double occlusionMinFace = 24;
    /**
     * Times an epoch lists each image holding a hard large face ({@code HardFaceRepeat}: valid, at least
     * {@code hardLargeMinSize} px, occluded or in an atypical pose); 1 = every image once.
     */
    public int hardLargeRepeats = 1;
    public double hardLargeMinSize = 64;

    // bookkeeping
    public int checkpointEvery = 200;
    public int keepCheckpoints = 3;
    /** Evaluate on the validation split every K epochs (0 = never); at most N images (0 = all). */
    public int evalEveryEpochs = 0;
    public int evalMaxImages = 0;
    public int logEvery = 10;

    /** The second step's positive IoU on pyramid level {@code level} (e.g. 3 for P3). */
    public double secondPosIou(int level) {
        return secondPosIouByLevel.getOrDefault(level, secondPosIou);
    }

    /** {@link #check()}, and rejects settings for pyramid levels that {@code model} does not have. */
    public void check(ModelConfig model) {
        check();
        for (int level : secondPosIouByLevel.keySet()) {
            if (level < model.minLevel || level > model.maxLevel) {
                throw new IllegalArgumentException("train.secondPosIouByLevel." + level + ": the model has levels "
                        + model.minLevel + " to " + model.maxLevel);
            }
        }
    }

    /** Rejects values no run can use; the message names the field. */
    public void check() {
        for (Map.Entry<Integer, Double> e : secondPosIouByLevel.entrySet()) {
            Double v = e.getValue();
            if (v == null || !(v >= secondNegIou && v <= 1)) {
                throw new IllegalArgumentException("train.secondPosIouByLevel." + e.getKey() + ": must be in [secondNegIou ("
                        + secondNegIou + "), 1], got " + v);
            }
        }
        if (!(imageFraction > 0 && imageFraction <= 1)) {
            throw new IllegalArgumentException("train.imageFraction: must be in (0, 1], got " + imageFraction);
        }
        if (!(secondRegIou >= 0 && secondRegIou <= 1)) {
            throw new IllegalArgumentException("train.secondRegIou: must be 0 (off) or in (0, 1], got " + secondRegIou);
        }
        if (!(qualityFullIou >= 0 && qualityFullIou <= 1)) {
            throw new IllegalArgumentException("train.qualityFullIou: must be 0 (off) or in (0, 1], got " + qualityFullIou);
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("train.emaDecay: must be 0 (off) or in (0, 1), got " + emaDecay);
        }
        if (!(rotateProb >= 0 && rotateProb <= 1)) {
            throw new IllegalArgumentException("train.rotateProb: must be in [0, 1], got " + rotateProb);
        }
        if (!(rotateMaxDegrees >= 0 && rotateMaxDegrees <= 90)) {
            throw new IllegalArgumentException("train.rotateMaxDegrees: must be in [0, 90], got " + rotateMaxDegrees);
        }
        if (!(faceOcclusionProb >= 0 && faceOcclusionProb <= 1)) {
            throw new IllegalArgumentException("train.faceOcclusionProb: must be in [0, 1], got " + faceOcclusionProb);
        }
        if (!(occlusionMinFace >= 1)) {
            throw new IllegalArgumentException("train.occlusionMinFace: must be at least 1 (pixels), got " + occlusionMinFace);
        }
        if (hardLargeRepeats < 1) {
            throw new IllegalArgumentException("train.hardLargeRepeats: must be at least 1 (1 = off), got " + hardLargeRepeats);
        }
        if (!(hardLargeMinSize >= 1)) {
            throw new IllegalArgumentException("train.hardLargeMinSize: must be at least 1 (pixels), got " + hardLargeMinSize);
        }
        if (!(largeFaceSamplingProb >= 0 && largeFaceSamplingProb <= 1)) {
            throw new IllegalArgumentException("train.largeFaceSamplingProb: must be in [0, 1], got "
                    + largeFaceSamplingProb);
        }
        if (!(dataAnchorSamplingProb >= 0 && largeFaceSamplingProb + dataAnchorSamplingProb <= 1)) {
            throw new IllegalArgumentException("train.dataAnchorSamplingProb: must be in [0, 1 - largeFaceSamplingProb], got "
                    + dataAnchorSamplingProb + " with largeFaceSamplingProb " + largeFaceSamplingProb);
        }
    }
}
