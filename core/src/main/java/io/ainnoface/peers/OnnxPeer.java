package io.ainnoface.peers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.ainnoface.infer.Detector;
import io.ainnoface.infer.InputBuffer;
import io.ainnoface.infer.OnnxSessions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A peer detector in ONNX Runtime (CPU): owns one session; not thread-safe. */
abstract class OnnxPeer implements Detector {
    protected final OrtEnvironment env;
    protected final OrtSession session;
    private final String name;
    private final String inputName;
    /** Input shape from the model; -1 where dynamic. */
    protected final long[] inputShape;
    private final InputBuffer input = new InputBuffer();

    OnnxPeer(Path onnx, String name, int threads) throws IOException {
        this.name = name;
        this.env = OnnxSessions.environment();
        this.session = OnnxSessions.open(onnx, threads);
        try {
            this.inputName = session.getInputNames().iterator().next();
            this.inputShape = ((TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
        } catch (OrtException e) {
            throw new IOException(onnx + ": cannot load the ONNX model: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** This detector's reused input array with room for {@code n} values ({@link InputBuffer}). */
    protected float[] inputBuffer(int n) {
        return input.atLeast(n);
    }

    /** Runs the model on one NCHW tensor (the first prod(shape) values of {@code data}); returns each named output as a flat array. */
    protected Map<String, float[]> run(float[] data, long[] shape) {
        try (OnnxTensor in = OnnxSessions.input(env, data, shape);
                OrtSession.Result r = session.run(Map.of(inputName, in))) {
            Map<String, float[]> out = new java.util.HashMap<>();
            r.forEach(e -> out.put(e.getKey(), OnnxSessions.floats(e.getValue())));
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(name + ": ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    protected static void noTta(boolean tta, String name) {
        if (tta) {
            throw new IllegalArgumentException(name + " has no test-time augmentation (only AInnoFace models do)");
        }
    }

    @Override
    public void close() {
        OnnxSessions.close(session);
    }
}
