package io.ainnoface.serve;

import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.config.InferenceConfig;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ModelFolder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A fixed pool of detectors (each its own model instance: detectors are not thread-safe) behind
 * a bounded queue. {@link #submit} refuses work when the queue is full instead of growing memory.
 * Each pooled detector also runs every test-time preset of the folder ({@link FaceDetector#withInference}).
 */
final class DetectorPool implements AutoCloseable {
    /** Work on one detector; may throw. */
    interface Job<T> {
        T run(FaceDetector det) throws Exception;
    }

    /** A pooled detector and its presets' views of it. */
    private record Slot(FaceDetector detector, Map<String, FaceDetector> presets) {}

    private final BlockingQueue<Slot> idle;
    private final List<Slot> all;
    private final ThreadPoolExecutor executor;

    /**
     * @param threads compute threads per detector (0 = cores / size, at least 1)
     * @param inference fields of the model's inference section to set on every detector (see
     *     {@link ConfigLoader#overrideInference}); a refused one closes what was made and throws
     * @param sets fields set after a preset a request names ({@code --set}), over the folder's own section
     */
    DetectorPool(Path modelDir, int size, int threads, int queueCapacity, Map<String, String> inference,
            Map<String, String> sets) throws IOException {
        this.idle = new ArrayBlockingQueue<>(size);
        Map<String, InferenceConfig> presets = presetSections(ModelFolder.readConfig(modelDir), sets);
        List<Slot> made = new ArrayList<>();
        try {
            // the slots share the cores (0 threads would give each session one per core)
            int t = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / size);
            for (int i = 0; i < size; i++) {
                FaceDetector det = FaceDetector.load(modelDir, FaceDetector.Engine.AUTO, t);
                Map<String, FaceDetector> views = new LinkedHashMap<>();
                presets.forEach((name, section) -> views.put(name, det.withInference(section)));
                made.add(new Slot(det, views));
                ConfigLoader.overrideInference(det.config().inference, inference);
            }
        } catch (IOException | RuntimeException e) {
            made.forEach(s -> s.detector().close());
            throw e;
        }
        this.all = List.copyOf(made);
        idle.addAll(all);
        this.executor = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queueCapacity)), r -> {
                    Thread t = new Thread(r, "detector");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Each test-time preset of {@code folder}'s inference section with {@code sets} applied after it, made once and
     * shared, read-only, by every slot's view.
     */
    private static Map<String, InferenceConfig> presetSections(DetectorConfig folder, Map<String, String> sets) {
        Map<String, InferenceConfig> out = new LinkedHashMap<>();
        for (String name : folder.inference.ttaPresets.keySet()) {
            InferenceConfig section = ConfigLoader.copy(folder).inference;
            try {
                ConfigLoader.overrideInference(section, ConfigLoader.presetValues(section, name));
                ConfigLoader.overrideInference(section, sets);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("test-time preset '" + name + "'"
                        + (sets.isEmpty() ? "" : " with the --set fields") + ": " + e.getMessage(), e);
            }
            out.put(name, section);
        }
        return out;
    }

    FaceDetector any() {
        return all.get(0).detector();
    }

    /** The test-time presets a job may name: the folder's, in its order. */
    Set<String> presets() {
        return all.get(0).presets().keySet();
    }

    /**
     * @param preset one of {@link #presets()}, or null for the pool's own setting
     * @throws RejectedExecutionException when the queue is full
     */
    <T> Future<T> submit(String preset, Job<T> job) {
        if (preset != null && !presets().contains(preset)) {
            throw new IllegalArgumentException("no test-time preset '" + preset + "'");
        }
        Callable<T> task = () -> {
            Slot slot = idle.take();
            try {
                return job.run(preset == null ? slot.detector() : slot.presets().get(preset));
            } finally {
                idle.add(slot);
            }
        };
        return executor.submit(task);
    }

    int queued() {
        return executor.getQueue().size();
    }

    int active() {
        return executor.getActiveCount();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(s -> s.detector().close());
    }
}
