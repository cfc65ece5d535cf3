package io.ainnoface.infer;

import io.ainnoface.box.BoxCoder;
import io.ainnoface.box.BoxVoting;
import io.ainnoface.box.Boxes;
import io.ainnoface.config.InferenceConfig;
import io.ainnoface.config.ModelConfig;
import io.ainnoface.model.LevelGeometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the raw outputs of one image into faces, as SRN's test code does per level:
 * <ul>
 *   <li>STC levels: an anchor is kept only if its first-step face score exceeds
 *       {@code stcFaceThreshold} (i.e. first-step background &lt; 0.99);</li>
 *   <li>STR levels: anchors are first refined by the first-step deltas, and the second-step
 *       deltas decode against the refined anchors;</li>
 *   <li>second-step score &gt; {@code scoreThreshold}, top-k per level, then NMS over all levels
 *       and the best {@code maxDetections};</li>
 *   <li>with {@code nmsVoteIou} &gt; 0, each kept box is voted with the candidates around it
 *       ({@link BoxVoting#refine}).</li>
 * </ul>
 * Boxes are {@code xyxy} in pixels of the network input.
 */
public final class PostProcessor {
    private final ModelConfig model;
    private final InferenceConfig inf;

    public PostProcessor(ModelConfig model, InferenceConfig inf) {
        this.model = model;
        this.inf = inf;
    }

    /**
     * @param anchors all-level anchors (N·4, xyxy)
     * @param cls2 second-step logits of this image (N)
     * @param box2 second-step deltas (N·4)
     * @param cls1 first-step logits over the STC levels (N_stc)
     * @param box1 first-step deltas over the STR levels (N_str·4)
     * @param scoreThreshold overrides the config's when ≥ 0
     */
    public List<Face> process(LevelGeometry g, float[] anchors, float[] cls2, float[] box2,
            float[] cls1, float[] box1, double scoreThreshold) {
        double thr = scoreThreshold >= 0 ? scoreThreshold : inf.scoreThreshold;
        double stcLogit = logit(inf.stcFaceThreshold);
        double scoreLogit = logit(thr);
        List<float[]> boxesPerLevel = new ArrayList<>();
        List<float[]> scoresPerLevel = new ArrayList<>();
        int stcOffset = 0;
        int strOffset = 0;
        for (int l = model.minLevel; l <= model.maxLevel; l++) {
            int off = g.offset(l);
            int n = g.count(l);
            boolean stc = model.stcLevels.contains(l);
            boolean str = model.strLevels.contains(l);
            int[] idx = new int[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (cls2[off + i] <= scoreLogit) {
                    continue;
                }
                if (stc && cls1[stcOffset + i] <= stcLogit) {
                    continue;
                }
                idx[k++] = i;
            }
            int keep = Math.min(k, inf.topKPerLevel);
            Integer[] order = new Integer[k];
            for (int i = 0; i < k; i++) {
                order[i] = idx[i];
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -cls2[off + i]));
            float[] boxes = new float[keep * 4];
            float[] scores = new float[keep];
            float[] refined = new float[4];
            for (int j = 0; j < keep; j++) {
                int i = order[j];
                float[] anchorSrc = anchors;
                int anchorAt = (off + i) * 4;
                if (str) {
                    BoxCoder.decodeOne(anchors, anchorAt, box1, (strOffset + i) * 4, refined, 0);
                    anchorSrc = refined;
                    anchorAt = 0;
                }
                BoxCoder.decodeOne(anchorSrc, anchorAt, box2, (off + i) * 4, boxes, j * 4);
                scores[j] = (float) sigmoid(cls2[off + i]);
            }
            boxesPerLevel.add(boxes);
            scoresPerLevel.add(scores);
            if (stc) {
                stcOffset += n;
            }
            if (str) {
                strOffset += n;
            }
        }
        float[] boxes = concat(boxesPerLevel);
        float[] scores = concat(scoresPerLevel);
        int[] keep = Boxes.nms(boxes, scores, inf.nmsIou);
        keep = Arrays.copyOf(keep, Math.min(keep.length, inf.maxDetections));
        float[] kept = inf.nmsVoteIou > 0 ? BoxVoting.refine(boxes, scores, keep, inf.nmsVoteIou) : null;
        List<Face> faces = new ArrayList<>();
        for (int j = 0; j < keep.length; j++) {
            int i = keep[j];
            faces.add(kept != null
                    ? new Face(kept[4 * j], kept[4 * j + 1], kept[4 * j + 2], kept[4 * j + 3], scores[i])
                    : new Face(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3], scores[i]));
        }
        return faces;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double logit(double p) {
        if (p <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.log(p / (1 - p));
    }

    private static float[] concat(List<float[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
