package io.ainnoface.train;

import io.ainnoface.config.TrainConfig;

/**
 * Learning rate per iteration: linear warm-up from {@code lr · warmupFactor} to {@code lr} over
 * {@code warmupIterations}, then cosine decay to 0 at the last iteration, or steps of
 * {@code stepGamma} at {@code stepEpochs}.
 */
public final class LrSchedule {
    private final TrainConfig cfg;
    private final int itersPerEpoch;
    private final long total;

    public LrSchedule(TrainConfig cfg, int itersPerEpoch) {
        this.cfg = cfg;
        this.itersPerEpoch = itersPerEpoch;
        this.total = (long) cfg.epochs * itersPerEpoch;
    }

    public double at(long iter) {
        double base;
        if ("cosine".equals(cfg.schedule)) {
            long span = Math.max(1, total - cfg.warmupIterations);
            double t = Math.min(1, Math.max(0, (iter - cfg.warmupIterations) / (double) span));
            base = cfg.lr * 0.5 * (1 + Math.cos(Math.PI * t));
        } else if ("step".equals(cfg.schedule)) {
            base = cfg.lr;
            for (int e : cfg.stepEpochs) {
                if (iter >= (long) e * itersPerEpoch) {
                    base *= cfg.stepGamma;
                }
            }
        } else {
            throw new IllegalArgumentException("train.schedule: unknown '" + cfg.schedule + "' (cosine, step)");
        }
        if (iter < cfg.warmupIterations) {
            double a = iter / (double) cfg.warmupIterations;
            return base * (cfg.warmupFactor * (1 - a) + a);
        }
        return base;
    }

    public double momentum(long iter) {
        return cfg.momentum;
    }
}
