package io.ainnoface.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A network input in native memory, reused step after step. {@code NDManager.create(float[])} copies into a fresh
 * direct buffer that only a garbage collection frees, so in a training loop they pile up to the JVM's direct-memory
 * cap (as large as -Xmx): a verifier run on 128² crops with -Xmx8g grew to 17 GB resident. The array made by {@link
 * #create} may read this buffer until it is closed, so close it before the next call. Not thread-safe.
 */
public final class DirectInput {
    private ByteBuffer buffer;

    /** A float32 array of {@code shape} holding {@code src[from .. from + shape.size())}. */
    public NDArray create(NDManager m, float[] src, int from, Shape shape) {
        int n = Math.toIntExact(shape.size());
        if (buffer == null || buffer.capacity() < 4 * n) {
            buffer = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
        }
        buffer.clear();
        buffer.asFloatBuffer().put(src, from, n);
        buffer.limit(4 * n);
        return m.create(buffer, shape, DataType.FLOAT32);
    }
}
