package io.ainnoface.eval;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The WIDER FACE evaluation protocol, as the official tools and their widely used Python port
 * define it: scores min–max normalized over the whole prediction set; per image, predictions in
 * descending score order each take their best-overlapping face (IoU with the +1 pixel convention)
 * at IoU ≥ 0.5 — an ignored face makes the prediction neither true nor false, a kept face counts
 * as recalled once (with {@link GtImage#countsUnmatched}, a prediction that recalls no face may be
 * ignored too); proposal and recall counts at 1000 thresholds are summed over images;
 * VOC-style AP of the resulting precision–recall curve.
 */
public final class WiderEvaluator {
    public static final int THRESHOLDS = 1000;

    private WiderEvaluator() {}

    /** Result of one setting: AP and the curve (precision, recall per threshold). */
    public record Result(double ap, double[] precision, double[] recall, int faces) {}

    /**
     * Normalizes the scores of every prediction (x y w h score rows) in place to [0, 1] over the
     * whole set, as the reference does (its running max starts at 0 and min at 1).
     */
    public static void normalizeScores(Collection<double[]> predictions) {
        double max = 0;
        double min = 1;
        for (double[] p : predictions) {
            for (int i = 4; i < p.length; i += 5) {
                max = Math.max(max, p[i]);
                min = Math.min(min, p[i]);
            }
        }
        double diff = max - min;
        for (double[] p : predictions) {
            for (int i = 4; i < p.length; i += 5) {
                p[i] = (p[i] - min) / diff;
            }
        }
    }

    /**
     * Evaluates one setting.
     *
     * @param predictions by {@link GtImage#key()}: rows of {@code x y w h score}, scores
     *     already normalized; a missing image counts as no detections
     */
    public static Result evaluate(List<GtImage> gt, Map<String, double[]> predictions, double iouThreshold) {
        double[] proposals = new double[THRESHOLDS];
        double[] recalled = new double[THRESHOLDS];
        int faces = 0;
        for (GtImage g : gt) {
            faces += g.keptCount();
            double[] p = predictions.get(g.key());
            if (g.boxes().length == 0 || p == null || p.length == 0) {
                continue;
            }
            double[] pred = sortByScore(p);
            imagePr(pred, g, iouThreshold, proposals, recalled);
        }
        return curve(proposals, recalled, faces);
    }

    /**
     * One image's share of {@link #evaluate}: its proposal and recall counts per threshold and its
     * kept faces. Summed over images and passed to {@link #curve}, they give the same result.
     */
    public record ImageCounts(double[] proposals, double[] recalled, int faces) {}

    /** {@code predictions}: the image's {@code x y w h score} rows (null: none), scores already normalized. */
    public static ImageCounts imageCounts(GtImage g, double[] predictions, double iouThreshold) {
        double[] proposals = new double[THRESHOLDS];
        double[] recalled = new double[THRESHOLDS];
        if (g.boxes().length > 0 && predictions != null && predictions.length > 0) {
            imagePr(sortByScore(predictions), g, iouThreshold, proposals, recalled);
        }
        return new ImageCounts(proposals, recalled, g.keptCount());
    }

    /** The precision–recall curve and AP of proposal and recall counts summed over images. */
    public static Result curve(double[] proposals, double[] recalled, int faces) {
        double[] precision = new double[THRESHOLDS];
        double[] recall = new double[THRESHOLDS];
        for (int t = 0; t < THRESHOLDS; t++) {
            precision[t] = recalled[t] / proposals[t];
            recall[t] = recalled[t] / faces;
        }
        return new Result(vocAp(recall, precision), precision, recall, faces);
    }

    /** Stable descending sort of x y w h score rows. */
    static double[] sortByScore(double[] p) {
        int n = p.length / 5;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -p[5 * i + 4]));
        double[] out = new double[p.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(p, 5 * idx[i], out, 5 * i, 5);
        }
        return out;
    }

    /**
     * IoU of the prediction row at {@code p} ({@code x y w h score}) and the face at {@code g}
     * ({@code x y w h}), with the reference's +1 pixel convention; 0 when they do not overlap.
     */
    static double overlap(double[] pred, int p, double[] gt, int g) {
        double px1 = pred[p];
        double py1 = pred[p + 1];
        double px2 = px1 + pred[p + 2];
        double py2 = py1 + pred[p + 3];
        double gx1 = gt[g];
        double gy1 = gt[g + 1];
        double gx2 = gx1 + gt[g + 2];
        double gy2 = gy1 + gt[g + 3];
        double iw = Math.min(gx2, px2) - Math.max(gx1, px1) + 1;
        if (iw <= 0) {
            return 0;
        }
        double ih = Math.min(gy2, py2) - Math.max(gy1, py1) + 1;
        if (ih <= 0) {
            return 0;
        }
        double ua = (gx2 - gx1 + 1) * (gy2 - gy1 + 1) + (px2 - px1 + 1) * (py2 - py1 + 1) - iw * ih;
        return iw * ih / ua;
    }

    /** Adds one image's proposal/recall counts per threshold (the reference's image_eval + img_pr_info). */
    static void imagePr(double[] pred, GtImage g, double iouThreshold, double[] proposals, double[] recalled) {
        int n = pred.length / 5;
        double[] gtb = g.boxes();
        int m = gtb.length / 4;
        int[] recallList = new int[m];
        boolean[] proposal = new boolean[n];
        int[] predRecall = new int[n];
        int recalledSoFar = 0;
        for (int h = 0; h < n; h++) {
            double best = -1;
            int arg = 0;
            for (int j = 0; j < m; j++) {
                double o = overlap(pred, 5 * h, gtb, 4 * j);
                if (o > best) {
                    best = o;
                    arg = j;
                }
            }
            proposal[h] = true;
            boolean hit = false;
            if (best >= iouThreshold) {
                if (!g.keep()[arg]) {
                    recallList[arg] = -1;
                    proposal[h] = false;
                } else if (recallList[arg] == 0) {
                    recallList[arg] = 1;
                    recalledSoFar++;
                    hit = true;
                }
            }
            if (proposal[h] && !hit && !g.countsUnmatched(pred[5 * h + 2], pred[5 * h + 3])) {
                proposal[h] = false;
            }
            predRecall[h] = recalledSoFar;
        }
        // counts of kept proposals up to each prediction
        int[] cumProposals = new int[n];
        for (int h = 0, c = 0; h < n; h++) {
            c += proposal[h] ? 1 : 0;
            cumProposals[h] = c;
        }
        // predictions are in descending score order, so the last one at or above a falling
        // threshold only moves forward
        int last = -1;
        for (int t = 0; t < THRESHOLDS; t++) {
            double thresh = 1 - (t + 1) / (double) THRESHOLDS;
            while (last + 1 < n && pred[5 * (last + 1) + 4] >= thresh) {
                last++;
            }
            if (last >= 0) {
                proposals[t] += cumProposals[last];
                recalled[t] += predRecall[last];
            }
        }
    }

    /** VOC AP: area under the precision envelope of a recall-ascending curve. */
    public static double vocAp(double[] rec, double[] prec) {
        int n = rec.length;
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        mrec[n + 1] = 1;
        for (int i = 0; i < n; i++) {
            mrec[i + 1] = rec[i];
            mpre[i + 1] = prec[i];
        }
        for (int i = mpre.length - 1; i > 0; i--) {
            mpre[i - 1] = npMaximum(mpre[i - 1], mpre[i]);
        }
        double ap = 0;
        for (int i = 0; i < mrec.length - 1; i++) {
            if (mrec[i + 1] != mrec[i]) {
                ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
            }
        }
        return ap;
    }

    /** NumPy's maximum: NaN if either is NaN. */
    private static double npMaximum(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }
}
