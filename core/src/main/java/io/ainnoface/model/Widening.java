package io.ainnoface.model;

import ai.djl.ndarray.NDArray;
import io.ainnoface.model.head.Rfe;

import java.util.Arrays;

/**
 * Widens trained parameters to a wider network of the same layout without changing what it
 * computes (Net2WiderNet, Chen et al. 2016, with zero fan-out in place of split copies): old
 * weights stay where they were, the weights from new input channels into old outputs are zero,
 * and new output channels keep their fresh initialization (BatchNorm: scale 1, shift 0, mean 0,
 * variance 1), so they compute features that the old outputs do not see until training moves
 * those zero weights. Depthwise convs ({@code (C, 1, kh, kw)}) widen like any other.
 */
public final class Widening {
    private Widening() {}

    /**
     * How many equal groups the input channels of the parameter called {@code name} come in: 4
     * for RFE's fuse conv, which reads its branches concatenated, so each branch's channels widen
     * in place; 1 otherwise.
     */
    public static int inputGroups(String name) {
        return name.contains("." + Rfe.FUSE + ".") && name.endsWith(".weight") ? Rfe.BRANCHES : 1;
    }

    /**
     * {@code narrow} widened to the shape of {@code fresh} (the wide parameter, freshly initialized),
     * as a new array on {@code fresh}'s manager; RFE's fuse conv by its branches ({@link #inputGroups}).
     */
    public static NDArray widen(String name, NDArray narrow, NDArray fresh) {
        float[] wide = widen(name, narrow.toFloatArray(), narrow.getShape().getShape(), fresh.toFloatArray(),
                fresh.getShape().getShape(), inputGroups(name));
        return fresh.getManager().create(wide, fresh.getShape());
    }

    /**
     * @param name parameter name, for errors
     * @param old the narrow parameter, conv weight {@code (O, I, kh, kw)}, or bias or BatchNorm vector {@code (O)}
     * @param oldShape its shape
     * @param fresh the wide parameter's initialized values, {@code (O', I', kh, kw)} or {@code (O')}
     *     with {@code O' >= O}, {@code I' >= I} and the same kernel
     * @param newShape its shape
     * @param inGroups input channels come in this many equal concatenated groups (see {@link #inputGroups})
     * @return the wide parameter, row-major: old values at their places, zero from new input
     *     channels into old outputs, {@code fresh} for new outputs
     */
    public static float[] widen(String name, float[] old, long[] oldShape, float[] fresh, long[] newShape,
            int inGroups) {
        if (oldShape.length != newShape.length || (oldShape.length != 1 && oldShape.length != 4)) {
            throw new IllegalArgumentException(name + ": cannot widen shape " + Arrays.toString(oldShape)
                    + " to " + Arrays.toString(newShape));
        }
        float[] out = fresh.clone();
        if (oldShape.length == 1) {
            if (newShape[0] < oldShape[0]) {
                throw narrower(name, oldShape, newShape);
            }
            System.arraycopy(old, 0, out, 0, old.length);
            return out;
        }
        int o = (int) oldShape[0];
        int i = (int) oldShape[1];
        int ni = (int) newShape[1];
        if (newShape[0] < o || ni < i || newShape[2] != oldShape[2] || newShape[3] != oldShape[3]) {
            throw narrower(name, oldShape, newShape);
        }
        if (i % inGroups != 0 || ni % inGroups != 0) {
            throw new IllegalArgumentException(name + ": input channels " + i + " and " + ni
                    + " do not split into " + inGroups + " groups");
        }
        int k = (int) (oldShape[2] * oldShape[3]);
        int oldGroup = i / inGroups;
        int newGroup = ni / inGroups;
        Arrays.fill(out, 0, o * ni * k, 0f); // old outputs: nothing from new inputs
        for (int r = 0; r < o; r++) {
            for (int c = 0; c < i; c++) {
                int nc = c / oldGroup * newGroup + c % oldGroup;
                System.arraycopy(old, (r * i + c) * k, out, (r * ni + nc) * k, k);
            }
        }
        return out;
    }

    private static IllegalArgumentException narrower(String name, long[] oldShape, long[] newShape) {
        return new IllegalArgumentException(name + ": " + Arrays.toString(newShape)
                + " is not a widening of " + Arrays.toString(oldShape));
    }
}
