package io.ainnoface.config;

import java.util.List;

/** Network architecture. Every size is configurable so that small variants train on a CPU. */
public class ModelConfig {
    /** {@code mobilenet_v1}, {@code resnet18}, {@code resnet34}, {@code resnet50}, {@code resnet101}, {@code resnet152}. */
    public String backbone = "mobilenet_v1";
    /** MobileNetV1 width multiplier (0.25 matches the shipped ImageNet weights). */
    public float mobilenetWidth = 0.25f;
    /**
     * Channels of MobileNetV1's last stage (C5); 0: as the width multiplier gives (256 at 0.25).
     * A wider C5 is cheap (stride 32); a run started with {@code train.initFrom} from a narrower
     * one widens it without changing its outputs. The ImageNet file has 256 there, so another value
     * needs {@code pretrained: ""} (loading it names the first tensor whose shape differs).
     */
    public int mobilenetC5Channels = 0;
    /** ResNet stem width (64 in torchvision). */
    public int resnetBaseWidth = 64;
    /** Safetensors file with ImageNet weights for the backbone, or null for random init. */
    public String pretrained;
    /** Channels of C6 and C7 (stride-2 3x3 convs on C5 and C6; SRN: 1024, 256). */
    public int c6Channels = 128;
    public int c7Channels = 64;
    /** Pyramid levels, inclusive (P2..P7 = strides 4..128). */
    public int minLevel = 2;
    public int maxLevel = 7;
    /** FPN and first-step projection width (SRN: 256). */
    public int fpnChannels = 64;
    /** Head tower width (SRN: 256). */
    public int headChannels = 64;
    /**
     * One tower feeding both predictors instead of SRN's separate class and box towers; a two-tower
     * run started with {@code train.initFrom} from a one-tower checkpoint starts both as copies of it.
     */
    public boolean sharedTower = false;
    /** Receptive-field-enhancement block inside the head towers. */
    public boolean rfe = true;
    /**
     * 0: one head for every level (SRN). L: the levels from L up get a second head of the same
     * shape, so that large faces do not share the head's weights with small ones; a run started
     * with {@code train.initFrom} from a one-head checkpoint copies the head into both.
     */
    public int highHeadFromLevel = 0;
    /**
     * Tower width of that second head; 0: {@link #headChannels}. The upper levels' maps are small,
     * so a wider head there costs little; a run started with {@code train.initFrom} from a narrower
     * head widens it without changing its outputs ({@link io.ainnoface.model.Widening}).
     */
    public int highHeadChannels = 0;
    /**
     * 0: every level at {@link #fpnChannels} and {@link #headChannels}. L: the levels up to L (below 5,
     * the top-down pathway's start) get neck features and a head of their own at {@link #lowChannels}.
     * P2 has four times P3's positions, so at the common width it costs more than the rest of the
     * network together (docs/benchmarks.md); a narrow P2 keeps stride-4 anchors for tiny faces at a
     * fraction of that. The wider level above is reduced by a 1x1 conv before the top-down sum. A run
     * started with {@code train.initFrom} from a network without those levels starts their parameters
     * fresh and copies the rest, which computes the other levels exactly as before.
     */
    public int lowHeadToLevel = 0;
    /** Neck and head tower width of the levels up to {@link #lowHeadToLevel}. */
    public int lowChannels = 16;
    /** Levels whose first step classifies (STC) and whose second-step class loss it filters. */
    public List<Integer> stcLevels = List.of(2, 3, 4);
    /** Levels whose first step regresses anchors that the second step starts from (STR). */
    public List<Integer> strLevels = List.of(5, 6, 7);
    /** Levels with S3FD max-out background labels, and how many background logits they get. */
    public List<Integer> maxoutLevels = List.of(2);
    public int maxoutBackground = 3;
    /** Anchor scales in units of the level stride (2S and 2*sqrt(2)S) and aspect ratios h/w. */
    public List<Double> anchorScales = List.of(2.0, 2.828427);
    public List<Double> anchorRatios = List.of(1.25);
    /** Focal-loss prior for the classification bias initialization. */
    public double initPrior = 0.01;
    /** Input normalization (RGB, x/255, then (x - mean) / std). */
    public List<Float> mean = List.of(0.485f, 0.456f, 0.406f);
    public List<Float> std = List.of(0.229f, 0.224f, 0.225f);

    public int anchorsPerPosition() {
        return anchorScales.size() * anchorRatios.size();
    }

    /** The tower width of the head that serves the upper levels. */
    public int highHeadWidth() {
        return highHeadChannels == 0 ? headChannels : highHeadChannels;
    }

    /** Neck and head width of {@code level}. */
    public int channelsAt(int level) {
        return lowHeadToLevel != 0 && level <= lowHeadToLevel ? lowChannels : fpnChannels;
    }

    public int numLevels() {
        return maxLevel - minLevel + 1;
    }
}
