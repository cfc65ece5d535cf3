package io.ainnoface.serve;

import ai.djl.pytorch.jni.JniUtils;
import io.ainnoface.cli.InferenceOptions;
import io.ainnoface.cli.OptionChecks;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.util.AppPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"HTTP face detection: POST /v1/detect (image body or multipart field 'image';",
            "query threshold, tta, preset), POST /v1/anonymize (also format), GET /v1/model, GET /healthz,",
            "and a web page at /. preset=NAME runs one of the folder's test-time presets (implies tta)."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Model folder (default: the bundled model).")
    Path model;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--pool", defaultValue = "2", description = "Detectors working in parallel (default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--threads", description = "Compute threads per detector (default: cores / pool, at least 1).")
    Integer threads;

    @Option(names = "--queue", defaultValue = "16", description = "Requests waiting for a detector before 503 (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--timeout-ms", defaultValue = "30000", description = "Request timeout, waiting included (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--max-bytes", defaultValue = "20971520", description = "Largest request body; larger gets 413 (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--max-pixels", defaultValue = "40000000", description = "Largest image in pixels; larger gets 413 (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = "--threshold", defaultValue = "0.5", description = "Default face score threshold (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--tta-preset", paramLabel = "NAME", description = "What a request with tta=true runs: a named "
            + "test-time setting of the model folder (inference.ttaPresets in its ainnoface.yaml; the bundled model has "
            + "'fast' and 'large-faces'), applied before any --set. A request may name another with preset=NAME.")
    String ttaPreset;

    @Option(names = "--set", paramLabel = "inference.FIELD=VALUE", description = InferenceOptions.SET_HELP)
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        OptionChecks.score("--threshold", threshold);
        OptionChecks.atLeast("--port", port, 0);
        OptionChecks.atLeast("--pool", pool, 1);
        OptionChecks.atLeast("--queue", queue, 1);
        OptionChecks.atLeast("--timeout-ms", timeoutMs, 1);
        OptionChecks.atLeast("--max-bytes", maxBytes, 1);
        OptionChecks.atLeast("--max-pixels", maxPixels, 1);
        if (threads != null) {
            OptionChecks.atLeast("--threads", threads, 1);
        }
        ServerConfig c = new ServerConfig();
        c.model = model != null ? model : AppPaths.defaultModel();
        c.host = host;
        c.port = port;
        c.poolSize = pool;
        c.queueCapacity = queue;
        c.timeoutMs = timeoutMs;
        c.maxBytes = maxBytes;
        c.maxPixels = maxPixels;
        c.defaultThreshold = threshold;
        c.inference = InferenceOptions.checked(c.model, ttaPreset, sets);
        c.sets = ConfigLoader.inferenceSets(sets);
        ai.djl.engine.Engine.getEngine("PyTorch");
        int t = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / c.poolSize);
        JniUtils.setNumThreads(t);
        c.threads = t;
        FaceServer server = new FaceServer(c).start();
        System.out.printf(Locale.ROOT, "serving %s on http://%s:%d/ (pool %d x %d threads, queue %d)%n",
                c.model, host, server.port(), c.poolSize, t, c.queueCapacity);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            done.countDown();
        }));
        done.await();
        return 0;
    }
}
