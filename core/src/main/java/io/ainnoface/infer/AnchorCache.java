package io.ainnoface.infer;

import io.ainnoface.anchor.AnchorGenerator;
import io.ainnoface.config.ModelConfig;
import io.ainnoface.model.LevelGeometry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anchors ({@link AnchorGenerator#all}) of the input sizes run last. A batch, a video's frames or one photo's
 * test-time passes repeat sizes, but photos of every size must not grow the heap: each size's anchors take 0.5 MB at
 * 1024×768, 2.8 MB for a 2508×1673 TTA pass (unbounded, the cache held 122 sizes, 121 MB, after 40 devval photos with
 * TTA; session 39). Thread-safe: a translator's calls on several threads share one.
 */
final class AnchorCache {
    /** How many input sizes' anchors are kept: more than the shipped TTA's passes use on one photo (at most 12 sizes). */
    static final int SIZES = 16;

    private final ModelConfig model;
    private final Map<Long, float[]> bySize = Collections.synchronizedMap(new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, float[]> eldest) {
            return size() > SIZES;
        }
    });

    AnchorCache(ModelConfig model) {
        this.model = model;
    }

    /** The anchors of an {@code h × w} input (xyxy, in {@link AnchorGenerator#all}'s order); do not modify them. */
    float[] get(int h, int w, LevelGeometry g) {
        return bySize.computeIfAbsent(((long) h << 32) | w, k -> AnchorGenerator.all(model, g));
    }

    /** How many input sizes' anchors are held now. */
    int sizesHeld() {
        return bySize.size();
    }
}
