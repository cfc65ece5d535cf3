package io.ainnoface.infer;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** ONNX Runtime (CPU) sessions as every ONNX model here opens them: ours and the peers'. */
public final class OnnxSessions {
    static final String SPINNING_STOP = "session.force_spinning_stop";
    /** Each thread's input buffer, native memory that ONNX Runtime reads in place. */
    private static final ThreadLocal<FloatBuffer> INPUT = ThreadLocal.withInitial(() -> FloatBuffer.allocate(0));

    private OnnxSessions() {}

    /**
     * The process's one ONNX Runtime environment. DJL's ONNX Runtime engine creates it with thread-pool options and
     * fails if it exists already, so the engine makes it and our sessions share it: {@code Criteria.optEngine("OnnxRuntime")}
     * then works in a JVM that has run our ONNX Runtime detectors, and the other way round.
     */
    public static OrtEnvironment environment() {
        Engine.getEngine(DjlDetector.ONNXRUNTIME);
        return OrtEnvironment.getEnvironment();
    }

    /**
     * Opens {@code file} with all graph optimizations.
     *
     * @param threads intra-op threads (0 = one per processor the JVM sees). Never ONNX Runtime's own default: on this
     *     project's 2-core VM that ran one thread, and the detector's network took 1.5 times as long as with two
     *     (session 39, docs/benchmarks.md).
     */
    public static OrtSession open(Path file, int threads) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": ONNX model not found");
        }
        try (OrtSession.SessionOptions opts = options(threads)) {
            return environment().createSession(file.toString(), opts);
        } catch (OrtException e) {
            throw new IOException(file + ": cannot load the ONNX model: " + e.getMessage(), e);
        }
    }

    /**
     * The options {@link #open} gives a session. Its idle intra-op threads spin within a run (ONNX Runtime's default:
     * less latency between a run's operators) but stop when the run returns ({@code session.force_spinning_stop}): the
     * test-time augmentation's Java work between its passes (resizing, voting, the verifiers' crops) then has the cores
     * to itself, 0.8 of the TTA's time per photo here, with single scale the same within noise (docs/benchmarks.md,
     * session 46), and several models taking turns in one process no longer take the cores from each other.
     */
    static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        try {
            opts.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setIntraOpNumThreads(intraOpThreads(threads));
            opts.setInterOpNumThreads(1);
            opts.addConfigEntry(SPINNING_STOP, "1");
            return opts;
        } catch (OrtException e) {
            opts.close();
            throw e;
        }
    }

    /** DJL's ONNX Runtime options for a session's threads. */
    static final String INTRA_OP = "intraOpNumThreads";
    static final String INTER_OP = "interOpNumThreads";

    /**
     * {@code criteria} with ONNX Runtime's thread options set to one intra-op thread per processor, unless they name
     * threads themselves. Left to ONNX Runtime, the session ran like one thread on the development VM (at the photos'
     * own size one call took 0.74-0.86 of the time with two, session 39). DJL 0.36 reads the two options independently
     * ({@code tools/OrtThreadCount.java}); the inter-op one is set to 1 as {@link #open} does. PyTorch ignores them.
     */
    public static <I, O> Criteria<I, O> withThreads(Criteria<I, O> criteria) {
        Map<String, String> options = criteria.getOptions();
        if (options != null && (options.containsKey(INTRA_OP) || options.containsKey(INTER_OP))) {
            return criteria;
        }
        return criteria.toBuilder()
                .optOption(INTER_OP, "1")
                .optOption(INTRA_OP, String.valueOf(intraOpThreads(0)))
                .build();
    }

    /**
     * The option under which DJL 0.36's ONNX Runtime engine takes a whole {@link OrtSession.SessionOptions} object
     * ({@code OrtModel.getSessionOptions}; its string options such as {@link #INTRA_OP} are then applied to that object).
     */
    static final String SESSION_OPTIONS = "sessionOptions";

    /** Loads a criteria ({@code Criteria::loadModel}, or a model zoo's loader). */
    @FunctionalInterface
    public interface Loading<I, O> {
        ZooModel<I, O> load(Criteria<I, O> criteria) throws IOException, ModelNotFoundException, MalformedModelException;
    }

    /**
     * Loads {@code criteria} on DJL's ONNX Runtime engine with the session options our own sessions have
     * ({@link #options}), through {@code loader}: the threads of {@link #withThreads}, and idle threads that stop
     * spinning when a run returns, which DJL's string options cannot ask for. Through {@code Criteria} the shipped TTA
     * took 0.68–0.95 of its time with them, single scale the same within noise (session 49,
     * {@code tools/CriteriaSpinning.java}, docs/benchmarks.md). Criteria that name another engine, or session options of
     * their own, load as they are (threads added).
     */
    public static <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria, Loading<I, O> loader)
            throws IOException, ModelNotFoundException, MalformedModelException {
        Criteria<I, O> c = withThreads(criteria);
        Map<String, String> given = c.getOptions();
        boolean onnx = c.getEngine() == null || DjlDetector.ONNXRUNTIME.equals(c.getEngine());
        if (!onnx || (given != null && given.containsKey(SESSION_OPTIONS))) {
            return loader.load(c);
        }
        // the session copies what it needs when it is created, as in open
        try (OrtSession.SessionOptions opts = options(0)) {
            return loader.load(withSessionOptions(c, opts));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime session options: " + e.getMessage(), e);
        }
    }

    /** {@link #loadModel(Criteria, Loading)} through DJL's model zoos, as {@code criteria.loadModel()} loads. */
    public static <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
            throws IOException, ModelNotFoundException, MalformedModelException {
        return loadModel(criteria, Criteria::loadModel);
    }

    /**
     * {@code criteria} with {@code opts} as the ONNX Runtime session options of the model it loads. DJL types the
     * option map for strings, and only its ONNX Runtime engine reads this entry, by key; the other engines read theirs.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <I, O> Criteria<I, O> withSessionOptions(Criteria<I, O> criteria, OrtSession.SessionOptions opts) {
        Map raw = new HashMap<>(criteria.getOptions() == null ? Map.of() : criteria.getOptions());
        raw.put(SESSION_OPTIONS, opts);
        return criteria.toBuilder().optOptions(raw).build();
    }

    /** The intra-op threads a session opened with {@code threads} runs ({@link #open}): 0 means one per processor. */
    public static int intraOpThreads(int threads) {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * An input tensor of {@code shape} holding the first prod(shape) values of {@code data}, in
     * this thread's reused native buffer: a heap array would make ONNX Runtime allocate and
     * zero a fresh native copy per call (milliseconds at 640×480, docs/benchmarks.md).
     * The buffer grows to the largest input the thread has run (50 MB for a 2048² TTA pass) and is
     * kept. Close the tensor before this thread makes its next one.
     */
    public static OnnxTensor input(OrtEnvironment env, float[] data, long[] shape) throws OrtException {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n > data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, the data has " + data.length);
        }
        FloatBuffer buf = INPUT.get();
        if (buf.capacity() < n) {
            buf = ByteBuffer.allocateDirect(Math.toIntExact(n * Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
            INPUT.set(buf);
        }
        buf.clear();
        buf.put(data, 0, (int) n).flip();
        return OnnxTensor.createTensor(env, buf, shape);
    }

    /** A float tensor output as a flat array. */
    public static float[] floats(OnnxValue v) {
        FloatBuffer b = ((OnnxTensor) v).getFloatBuffer();
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    /** Releases a session's native memory; ONNX Runtime's checked exception becomes unchecked for {@code close()}. */
    public static void close(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
