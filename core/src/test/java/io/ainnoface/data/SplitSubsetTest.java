package io.ainnoface.data;

import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitSubsetTest {
    private static List<WiderImage> train() throws IOException {
        return WiderAnnotations.read(TestData.widerRoot().resolve("wider_face_split/wider_face_train_bbx_gt.txt")).images();
    }

    private static Map<String, Integer> perEvent(List<WiderImage> images) {
        Map<String, Integer> out = new TreeMap<>();
        for (WiderImage i : images) {
            out.merge(i.event(), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void halfTheTrainSplitKeepsHalfOfEveryEventRoundedHalfUp() throws IOException {
        List<WiderImage> all = train();
        // the train split's events: 316, 111, 317, 126, 309, 209, 147, 150, 178 images (grep | uniq -c)
        Map<String, Integer> expected = new TreeMap<>(Map.of("0--Parade", 158, "1--Handshaking", 56,
                "13--Interview", 159, "19--Couple", 63, "2--Demonstration", 155, "20--Family_Group", 105,
                "3--Riot", 74, "4--Dancing", 75, "5--Car_Accident", 89));
        List<WiderImage> half = SplitSubset.sample(all, 0.5, 42);
        assertEquals(expected, perEvent(half));
        assertEquals(934, half.size());
        // kept in the split's order
        assertTrue(all.indexOf(half.get(0)) < all.indexOf(half.get(1)));
        assertTrue(all.indexOf(half.get(932)) < all.indexOf(half.get(933)));
    }

    @Test
    void sharesNestForOneSeedAndDifferAcrossSeeds() throws IOException {
        List<WiderImage> all = train();
        Set<String> half = paths(SplitSubset.sample(all, 0.5, 42));
        Set<String> quarter = paths(SplitSubset.sample(all, 0.25, 42));
        assertTrue(half.containsAll(quarter));
        assertTrue(quarter.size() < half.size());
        assertEquals(half, paths(SplitSubset.sample(all, 0.5, 42)));
        assertNotEquals(half, paths(SplitSubset.sample(all, 0.5, 43)));
        assertSame(all, SplitSubset.sample(all, 1, 42));
        assertThrows(IllegalArgumentException.class, () -> SplitSubset.sample(all, 0, 42));
    }

    private static Set<String> paths(List<WiderImage> images) {
        Set<String> out = new HashSet<>();
        images.forEach(i -> out.add(i.path()));
        return out;
    }
}
