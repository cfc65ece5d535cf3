package io.ainnoface.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A share of a split's images for learning curves: every event keeps {@code round(fraction · n)}
 * of its n images (at least one), drawn as a prefix of a seeded shuffle, so the events keep their
 * proportions and, for one seed, a smaller share is always inside a larger one.
 */
public final class SplitSubset {
    private SplitSubset() {}

    /** @return the kept images in their split order; all of them when {@code fraction} is 1 */
    public static List<WiderImage> sample(List<WiderImage> images, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        if (fraction == 1) {
            return images;
        }
        Map<String, List<Integer>> byEvent = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            byEvent.computeIfAbsent(images.get(i).event(), e -> new ArrayList<>()).add(i);
        }
        boolean[] keep = new boolean[images.size()];
        for (Map.Entry<String, List<Integer>> e : byEvent.entrySet()) {
            List<Integer> idx = new ArrayList<>(e.getValue());
            Collections.shuffle(idx, new Random(seed ^ e.getKey().hashCode()));
            int k = Math.max(1, (int) Math.round(fraction * idx.size()));
            for (int j = 0; j < k; j++) {
                keep[idx.get(j)] = true;
            }
        }
        List<WiderImage> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (keep[i]) {
                out.add(images.get(i));
            }
        }
        return out;
    }
}
