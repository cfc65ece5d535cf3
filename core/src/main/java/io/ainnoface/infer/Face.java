package io.ainnoface.infer;

/** One detected face: an {@code xyxy} box in pixels of the original image and its score. */
public record Face(float x1, float y1, float x2, float y2, float score) {

    public Face scaled(double s) {
        return scaled(s, s);
    }

    /**
     * x by {@code sx}, y by {@code sy}: an image resized to whole pixels on both sides has a slightly different
     * factor on each axis (1024×1422 at 1024 / 1422 becomes 737×1024).
     */
    public Face scaled(double sx, double sy) {
        return new Face((float) (x1 * sx), (float) (y1 * sy), (float) (x2 * sx), (float) (y2 * sy), score);
    }

    public Face clipped(int width, int height) {
        return new Face(clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height), score);
    }

    private static float clamp(float v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    /**
     * Whether each side spans at least one pixel: boxes thinner than that hold no face, and in the
     * 0.1 px JSON record a sliver at the image border would round to zero width.
     */
    public boolean spansAPixel() {
        return width() >= 1 && height() >= 1;
    }

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }
}
