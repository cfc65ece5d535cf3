package io.ainnoface.eval;

/**
 * Ground truth of one image for one setting: faces as {@code x y w h} (k·4) and which of them
 * count ({@code keep}); the others are ignored, as in the official protocol.
 */
public record GtImage(String event, String name, double[] boxes, boolean[] keep) {

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
}
