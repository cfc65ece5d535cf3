package io.ainnoface.model;

import io.ainnoface.config.ModelConfig;
import io.ainnoface.model.nn.Layers;

import java.util.Collection;

/**
 * Feature-map sizes and anchor counts per pyramid level for an input of {@code H x W}: every
 * stride-2 layer of the network maps n to ceil(n / 2), so level l has size ceil^l(n / 2).
 */
public record LevelGeometry(int minLevel, int[] heights, int[] widths, int anchorsPerPosition) {

    public static LevelGeometry of(ModelConfig cfg, long h, long w) {
        int n = cfg.numLevels();
        int[] hs = new int[n];
        int[] ws = new int[n];
        for (int l = 1; l <= cfg.maxLevel; l++) {
            h = Layers.half(h);
            w = Layers.half(w);
            if (l >= cfg.minLevel) {
                hs[l - cfg.minLevel] = (int) h;
                ws[l - cfg.minLevel] = (int) w;
            }
        }
        return new LevelGeometry(cfg.minLevel, hs, ws, cfg.anchorsPerPosition());
    }

    public int levels() {
        return heights.length;
    }

    /** Anchors on level {@code level} (absolute level number, e.g. 2 for P2). */
    public int count(int level) {
        int i = level - minLevel;
        return heights[i] * widths[i] * anchorsPerPosition;
    }

    /** Index of the first anchor of {@code level} in the all-level ordering. */
    public int offset(int level) {
        int o = 0;
        for (int l = minLevel; l < level; l++) {
            o += count(l);
        }
        return o;
    }

    public int total() {
        return offset(minLevel + levels());
    }

    public int count(Collection<Integer> levels) {
        int n = 0;
        for (int l : levels) {
            n += count(l);
        }
        return n;
    }
}
