package io.ainnoface.data;

/**
 * One annotated face of WIDER FACE: box {@code x y w h} in pixels (top-left and size, as in the
 * files) and its attribute flags.
 */
public record WiderFace(float x, float y, float w, float h,
        int blur, int expression, int illumination, int invalid, int occlusion, int pose) {

    public float x2() {
        return x + w;
    }

    public float y2() {
        return y + h;
    }

    /** The face's size as WIDER's size bins measure it: {@code sqrt(w·h)} px, 0 for a box without area. */
    public double size() {
        return Math.sqrt(Math.max(0, w) * Math.max(0, h));
    }
}
