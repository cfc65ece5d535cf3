package io.ainnoface.data;

import io.ainnoface.config.DetectorConfig;
import io.ainnoface.data.augment.Augmenter;
import io.ainnoface.infer.ImageLoadException;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.infer.ImageTensors;
import io.ainnoface.train.TargetAssigner;
import io.ainnoface.train.Targets;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Produces training batches on worker threads, several batches ahead of the network. Decoding,
 * augmentation, normalization and target assignment all happen on the workers. Every random
 * choice derives from (seed, epoch, position), so a resumed run sees exactly the batches an
 * uninterrupted one would, whatever the thread timing.
 */
public final class BatchLoader implements AutoCloseable {
    private final DetectorConfig cfg;
    private final List<WiderImage> images;
    private final Path imageRoot;
    private final TargetAssigner assigner;
    private final Augmenter augmenter;
    private final ImageLoader loader;
    private final ExecutorService pool;
    private final Consumer<String> warn;
    private final int prefetch;
    private final Deque<Future<TrainBatch>> queue = new ArrayDeque<>();
    private int nextEpoch;
    private int nextIndex;

    public BatchLoader(DetectorConfig cfg, List<WiderImage> images, Path imageRoot, TargetAssigner assigner,
            int startEpoch, int startIndex, Consumer<String> warn) {
        this.cfg = cfg;
        this.images = images;
        this.imageRoot = imageRoot;
        this.assigner = assigner;
        List<Float> mean = cfg.model.mean;
        this.augmenter = new Augmenter(cfg.train, new Color(Math.round(mean.get(0) * 255),
                Math.round(mean.get(1) * 255), Math.round(mean.get(2) * 255)));
        this.loader = new ImageLoader(cfg.inference.maxPixels, 1);
        this.pool = Executors.newFixedThreadPool(Math.max(1, cfg.train.workers), r -> {
            Thread t = new Thread(r, "batch-loader");
            t.setDaemon(true);
            return t;
        });
        this.warn = warn;
        this.prefetch = Math.max(2, cfg.train.workers + 1);
        this.nextEpoch = startEpoch;
        this.nextIndex = startIndex;
    }

    public int batchesPerEpoch() {
        return Math.max(1, images.size() / cfg.train.batchSize);
    }

    /** The next batch in order (blocking). */
    public TrainBatch next() throws InterruptedException {
        while (queue.size() < prefetch) {
            int e = nextEpoch;
            int i = nextIndex;
            queue.add(pool.submit(() -> build(e, i)));
            if (++nextIndex >= batchesPerEpoch()) {
                nextIndex = 0;
                nextEpoch++;
            }
        }
        try {
            return queue.poll().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("building a training batch failed: " + e.getCause(), e.getCause());
        }
    }

    /** The image order of an epoch. */
    List<Integer> order(int epoch) {
        List<Integer> idx = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new Random(cfg.train.seed * 1_000_003L + epoch));
        return idx;
    }

    TrainBatch build(int epoch, int index) {
        int bs = cfg.train.batchSize;
        int size = cfg.train.inputSize;
        List<Integer> order = order(epoch);
        float[] data = new float[bs * 3 * size * size];
        List<Targets> targets = new ArrayList<>(bs);
        int skipped = 0;
        for (int k = 0; k < bs; k++) {
            int pos = index * bs + k;
            WiderImage wi = images.get(order.get(pos));
            Random rnd = new Random(cfg.train.seed * 7_919L + epoch * 1_000_003L + pos);
            BufferedImage img;
            try {
                img = loader.load(imageRoot.resolve(wi.path()));
            } catch (ImageLoadException e) {
                warn.accept("skipping " + e.getMessage());
                skipped++;
                continue;
            }
            Augmenter.Sample s = augmenter.apply(img, wi.boxesXyxy(), rnd);
            ImageTensors.writeChw(s.image(), data, targets.size() * 3 * size * size, size, size,
                    cfg.model.mean, cfg.model.std);
            targets.add(assigner.assign(s.boxes()));
        }
        if (targets.size() < bs) {
            data = java.util.Arrays.copyOf(data, targets.size() * 3 * size * size);
        }
        return new TrainBatch(epoch, index, data, size, targets, skipped);
    }

    /**
     * Drops the queued batches and waits for the ones being built, so that their work does not run on beside what
     * comes next ({@code benchmark-train} times bare steps right after closing one).
     */
    @Override
    public void close() {
        queue.forEach(f -> f.cancel(false));
        pool.shutdown();
        try {
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
