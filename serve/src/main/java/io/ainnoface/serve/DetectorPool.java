package io.ainnoface.serve;

import io.ainnoface.config.ConfigLoader;
import io.ainnoface.infer.FaceDetector;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 */
final class DetectorPool implements AutoCloseable {
    /** Work on one detector; may throw. */
    interface Job<T> {
        T run(FaceDetector det) throws Exception;
    }

    private final BlockingQueue<FaceDetector> idle;
    private final List<FaceDetector> all;
    private final ThreadPoolExecutor executor;

    /**
     * @param threads compute threads per detector (0 = cores / size, at least 1)
     * @param inference fields of the model's inference section to set on every detector (see
     *     {@link ConfigLoader#overrideInference}); a refused one closes what was made and throws
     */
    DetectorPool(Path modelDir, int size, int threads, int queueCapacity, Map<String, String> inference)
            throws IOException {
        this.idle = new ArrayBlockingQueue<>(size);
        List<FaceDetector> made = new java.util.ArrayList<>();
        try {
            // the slots share the cores (0 threads would give each session one per core)
            int t = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / size);
            for (int i = 0; i < size; i++) {
                made.add(FaceDetector.load(modelDir, FaceDetector.Engine.AUTO, t));
                ConfigLoader.overrideInference(made.get(i).config().inference, inference);
            }
        } catch (IOException | RuntimeException e) {
            made.forEach(FaceDetector::close);
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

    FaceDetector any() {
        return all.get(0);
    }

    /** @throws RejectedExecutionException when the queue is full */
    <T> Future<T> submit(Job<T> job) {
        Callable<T> task = () -> {
            FaceDetector det = idle.take();
            try {
                return job.run(det);
            } finally {
                idle.add(det);
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
        all.forEach(FaceDetector::close);
    }
}
