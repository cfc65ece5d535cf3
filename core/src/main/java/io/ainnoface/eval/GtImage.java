package io.ainnoface.eval;

/**
 * Ground truth of one image for one setting: faces as {@code x y w h} (k·4) and which of them
 * count ({@code keep}); the others are ignored, as in the official protocol. A prediction that
 * matches no face and whose size sqrt(w·h) lies outside [{@code predictionMin}, {@code
 * predictionMax}) is ignored too (COCO's convention for its area ranges); the official protocol
 * counts every unmatched prediction, which the four-argument constructor gives.
 */
public record GtImage(String event, String name, double[] boxes, boolean[] keep,
        double predictionMin, double predictionMax) {

    public GtImage(String event, String name, double[] boxes, boolean[] keep) {
        this(event, name, boxes, keep, 0, Double.POSITIVE_INFINITY);
    }

    public String key() {
        return event + "/" + name;
    }

    public int keptCount() {
        int n = 0;
        for (boolean k : keep) {
            n += k ? 1 : 0;
        }
        return n;
    }

    /** Whether an unmatched prediction of this {@code w × h} counts as a false positive. */
    public boolean countsUnmatched(double w, double h) {
        double size = Math.sqrt(Math.max(w, 0) * Math.max(h, 0));
        return size >= predictionMin && size < predictionMax;
    }
}
