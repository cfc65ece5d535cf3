package io.ainnoface.infer;

/**
 * A detector's input array, reused across calls: a fresh array of a few MB costs milliseconds to
 * allocate and zero (docs/benchmarks.md, "The input pipeline"). Not thread-safe, like the detectors.
 */
public final class InputBuffer {
    private float[] data = new float[0];

    /** An array of at least {@code n} values, grown when needed; its contents are unspecified. */
    public float[] atLeast(int n) {
        if (data.length < n) {
            data = new float[n];
        }
        return data;
    }
}
