package io.ainnoface.anchor;

import io.ainnoface.config.ModelConfig;
import io.ainnoface.model.LevelGeometry;

import java.util.List;

/**
 * SRN's anchors. On a level of stride S the reference window is (0, 0, S−1, S−1); for each
 * aspect ratio r (h/w) its width is round(√(S²/r)) and height round(w·r) (NumPy's round-half-even),
 * then each scale multiplies both; anchors are centred on the window's centre ((S−1)/2) shifted
 * by (x·S, y·S). Box format {@code xyxy} with SRN's "−1" size convention:
 * {@code x1 = cx − (w−1)/2, x2 = cx + (w−1)/2}.
 */
public final class AnchorGenerator {
    private AnchorGenerator() {}

    /** Anchors of one position, (A, 4) xyxy flattened, ratio-major then scale. */
    public static double[] cellAnchors(int stride, List<Double> scales, List<Double> ratios) {
        double[] out = new double[scales.size() * ratios.size() * 4];
        double ctr = 0.5 * (stride - 1);
        int k = 0;
        for (double r : ratios) {
            double ws = Math.rint(Math.sqrt(stride * (double) stride / r));
            double hs = Math.rint(ws * r);
            for (double s : scales) {
                double w = ws * s;
                double h = hs * s;
                out[k++] = ctr - 0.5 * (w - 1);
                out[k++] = ctr - 0.5 * (h - 1);
                out[k++] = ctr + 0.5 * (w - 1);
                out[k++] = ctr + 0.5 * (h - 1);
            }
        }
        return out;
    }

    /**
     * The longer side, in input pixels, of the largest anchor (the top level's): the largest face a single pass can
     * match at IoU 0.5 or regress from near its size (402 px for scales 2 and 2√2, aspect 1.25, P7).
     */
    public static double largestSide(ModelConfig cfg) {
        double[] cell = cellAnchors(1 << cfg.maxLevel, cfg.anchorScales, cfg.anchorRatios);
        double side = 0;
        for (int i = 0; i < cell.length; i += 4) {
            side = Math.max(side, Math.max(cell[i + 2] - cell[i] + 1, cell[i + 3] - cell[i + 1] + 1));
        }
        return side;
    }

    /** Anchors of one level, (H·W·A, 4) xyxy flattened, ordered by (y, x, a). */
    public static float[] level(int stride, int height, int width, List<Double> scales, List<Double> ratios) {
        double[] cell = cellAnchors(stride, scales, ratios);
        int a = cell.length / 4;
        float[] out = new float[height * width * a * 4];
        int k = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int i = 0; i < a; i++) {
                    out[k++] = (float) (cell[4 * i] + x * stride);
                    out[k++] = (float) (cell[4 * i + 1] + y * stride);
                    out[k++] = (float) (cell[4 * i + 2] + x * stride);
                    out[k++] = (float) (cell[4 * i + 3] + y * stride);
                }
            }
        }
        return out;
    }

    /** Anchors of all levels of an {@code H x W} input, in the network's output order. */
    public static float[] all(ModelConfig cfg, LevelGeometry g) {
        float[] out = new float[g.total() * 4];
        for (int l = cfg.minLevel; l <= cfg.maxLevel; l++) {
            int i = l - cfg.minLevel;
            float[] lv = level(1 << l, g.heights()[i], g.widths()[i], cfg.anchorScales, cfg.anchorRatios);
            System.arraycopy(lv, 0, out, g.offset(l) * 4, lv.length);
        }
        return out;
    }
}
