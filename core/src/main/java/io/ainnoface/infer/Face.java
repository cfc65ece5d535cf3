package io.ainnoface.infer;

/** One detected face: an {@code xyxy} box in pixels of the original image and its score. */
public record Face(float x1, float y1, float x2, float y2, float score) {

    public Face scaled(double s) {
        return new Face((float) (x1 * s), (float) (y1 * s), (float) (x2 * s), (float) (y2 * s), score);
    }

    public Face clipped(int width, int height) {
        return new Face(clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height), score);
    }

    private static float clamp(float v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }
}
