package io.ainnoface.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Post-processing and test-time settings; defaults follow SRN's test config. */
public class InferenceConfig {
    /** Second-step face score below which a detection is dropped. */
    public double scoreThreshold = 0.05;
    /** STC: an anchor survives only if its first-step face score exceeds this (background < 0.99). */
    public double stcFaceThreshold = 0.01;
    /** Top-k per level before NMS. */
    public int topKPerLevel = 6000;
    public double nmsIou = 0.4;
    /**
     * Box voting within a pass, after NMS: each kept box becomes the score-weighted mean of the
     * candidates overlapping it by at least this IoU (0 = off, as in SRN).
     */
    public double nmsVoteIou = 0;
    public int maxDetections = 750;
    /** Images are scaled down so their long side is at most this (0 = original size). */
    public int maxLongSide = 1024;
    /**
     * Single scale: when the image, as resized, could hold a face larger than the network's largest anchor (its short
     * side exceeds {@code AnchorGenerator.largestSide}: 402 px for the shipped model), a second pass at half the scale
     * or less takes the faces larger than half that anchor (FaceDetector#detect), when the first pass saw one (a box
     * over half the anchor scoring 0.1 or more). Off: one pass, as before session 47, which boxes faces over about
     * 250 px loosely or misses them, and over 700 px nearly always.
     */
    public boolean largeFacePasses = true;
    /** Larger inputs are refused before decoding (pixels). */
    public long maxPixels = 100_000_000L;
    /** Smaller images are refused: a face needs at least this many pixels per side. */
    public int minSide = 8;
    /** Test-time augmentation: largest input area for the enlarged scales (SRN: max_size^2). */
    public int ttaMaxSize = 1280;
    /**
     * Test-time augmentation: largest factor of an enlarged pass (0 = no cap; the area cap alone enlarges a small
     * photo further than a large one).
     */
    public double ttaMaxEnlarge = 0;
    /**
     * Boxes of the 0.5x pass narrower than this (original pixels) are dropped (SRN: 30); a pass at
     * another shrink s drops boxes narrower than {@code ttaSmallMinSize * 0.5 / s}.
     */
    public double ttaSmallMinSize = 30;
    /** Test-time augmentation: the shrunken passes (SRN: 0.5 only). */
    public List<Double> ttaShrinks = List.of(0.5);
    /** Shrinks of {@code ttaShrinks} that also run on the mirrored image (SRN: none; it mirrors the 1x pass only). */
    public List<Double> ttaFlippedShrinks = List.of();
    /**
     * The 1x pass (for an image above {@code ttaMaxSize}², the pass at that size) also runs mirrored (SRN: yes). Without
     * it a face that no other pass keeps has a single box, and box voting drops single-box groups (SRN): with no shrunken
     * pass the large faces vanish (session 38, docs/training.md), so that combination is refused.
     */
    public boolean ttaFlip = true;
    /**
     * The enlargement factors of the enlarged passes, each capped by {@code ttaMaxSize} and {@code ttaMaxEnlarge}; empty
     * (the default): 1.5, 1.5², … while under the caps, then the caps themselves (SRN's ladder).
     */
    public List<Double> ttaEnlarges = List.of();
    /** Every enlarged pass also runs on the mirrored image (SRN: no; more votes on the small faces' boxes). */
    public boolean ttaFlippedEnlarges = false;
    /**
     * Every enlarged pass also runs on the image shifted right and down by half the lowest level's stride (in the
     * enlarged image), in the pass's view: the anchors sit between their usual places, one more vote per face.
     */
    public boolean ttaShiftedEnlarges = false;
    /** Boxes of the enlarged passes wider than this are dropped (SRN: 100). */
    public double ttaLargeMaxSize = 100;
    /**
     * Box-voting IoU (SRN: 0.5). Below {@code nmsIou} voting fuses neighbouring faces that each pass's
     * NMS kept apart; the CPU recipe votes at its NMS IoU, 0.4.
     */
    public double voteIou = 0.5;
    /**
     * Score of a voted box: {@code max}, the group's best (SRN), or {@code mean-max}, half that plus
     * half the mean over the passes that keep boxes of its size of each pass's best score in it, or
     * {@code flip-mean}, the best over the views (a pass with its mirrored pass, or a pass alone) of
     * the mean of their best scores in it, or {@code flip-mean-enlarged}, the same with only the enlarged passes
     * paired with their mirrors (the others' mirrors are views of their own, as with {@code max}).
     */
    public String ttaScore = TTA_SCORE_MAX;
    public static final String TTA_SCORE_MAX = "max";
    public static final String TTA_SCORE_MEAN_MAX = "mean-max";
    public static final String TTA_SCORE_FLIP_MEAN = "flip-mean";
    public static final String TTA_SCORE_FLIP_MEAN_ENLARGED = "flip-mean-enlarged";
    /** Extra down-scales used by TTA for large images. */
    public List<Double> ttaLargeImageShrinks = List.of(0.75, 0.5);
    /**
     * Named test-time settings that a run can ask for by name ({@code --tta-preset NAME}, DJL's {@code ttaPreset}
     * argument): each maps fields of this section to values, applied over the folder's own before any {@code --set}.
     */
    public Map<String, Map<String, Object>> ttaPresets = new LinkedHashMap<>();

    /** @throws IllegalArgumentException naming the field when the settings contradict each other */
    public void check() {
        for (Map.Entry<String, Map<String, Object>> p : ttaPresets.entrySet()) {
            for (String field : p.getValue().keySet()) {
                if (!isSetting(field)) {
                    throw new IllegalArgumentException("inference.ttaPresets." + p.getKey() + "." + field
                            + ": not a field of the inference section");
                }
            }
        }
        if (nmsVoteIou < 0 || nmsVoteIou > 1) {
            throw new IllegalArgumentException("inference.nmsVoteIou: must be in [0, 1] (0 = off), got " + nmsVoteIou);
        }
        if (ttaMaxEnlarge != 0 && !(ttaMaxEnlarge >= 1 && Double.isFinite(ttaMaxEnlarge))) {
            throw new IllegalArgumentException("inference.ttaMaxEnlarge: must be 0 (no cap) or at least 1, got "
                    + ttaMaxEnlarge);
        }
        if (!List.of(TTA_SCORE_MAX, TTA_SCORE_MEAN_MAX, TTA_SCORE_FLIP_MEAN, TTA_SCORE_FLIP_MEAN_ENLARGED)
                .contains(ttaScore)) {
            throw new IllegalArgumentException("inference.ttaScore: must be max, mean-max, flip-mean or "
                    + "flip-mean-enlarged, got " + ttaScore);
        }
        if (!ttaFlip && ttaShrinks.isEmpty()) {
            throw new IllegalArgumentException("inference.ttaFlip: false needs a shrunken pass (ttaShrinks): otherwise a"
                    + " face too large for the enlarged passes has one box, and box voting drops single-box groups");
        }
        for (double s : ttaEnlarges) {
            if (!(s > 1 && Double.isFinite(s))) {
                throw new IllegalArgumentException("inference.ttaEnlarges: each factor must be above 1, got " + s);
            }
        }
        for (double s : ttaFlippedShrinks) {
            if (!ttaShrinks.contains(s)) {
                throw new IllegalArgumentException("inference.ttaFlippedShrinks: " + s + " is not one of ttaShrinks "
                        + ttaShrinks);
            }
        }
    }

    /** Whether {@code name} is a setting a preset may change: a public field of this section other than the presets. */
    static boolean isSetting(String name) {
        try {
            java.lang.reflect.Field f = InferenceConfig.class.getField(name);
            return !java.lang.reflect.Modifier.isStatic(f.getModifiers()) && !name.equals("ttaPresets");
        } catch (NoSuchFieldException e) {
            return false;
        }
    }
}
