package io.ainnoface.infer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.ainnoface.onnx.OnnxExport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The network exported to ONNX ({@link io.ainnoface.onnx.OnnxExport}) in ONNX Runtime (CPU), with
 * its graph optimizations (conv + BatchNorm + activation fusion). Owns one session, which
 * threads may share ({@code run} is thread-safe).
 */
public final class OnnxRunner implements NetworkRunner {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Path file;
    private final String[] outputs;

    /** The detector: outputs {@link OnnxExport#OUTPUTS}. */
    public OnnxRunner(Path file, int threads) throws IOException {
        this(file, threads, OnnxExport.OUTPUTS);
    }

    /**
     * @param threads intra-op threads (0 = one per processor, {@link OnnxSessions#open})
     * @param outputs the graph outputs {@code run} returns, in order
     */
    public OnnxRunner(Path file, int threads, String... outputs) throws IOException {
        this.file = file;
        this.outputs = outputs.clone();
        this.env = OnnxSessions.environment();
        this.session = OnnxSessions.open(file, threads);
    }

    @Override
    public float[][] run(float[] data, long[] shape) {
        try (OnnxTensor in = OnnxSessions.input(env, data, shape);
                OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, in))) {
            float[][] out = new float[outputs.length][];
            for (int i = 0; i < outputs.length; i++) {
                out[i] = OnnxSessions.floats(r.get(outputs[i]).orElseThrow());
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String engine() {
        return "onnxruntime";
    }

    @Override
    public void close() {
        OnnxSessions.close(session);
    }
}
