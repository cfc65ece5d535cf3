package io.ainnoface.infer;

import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detector keeps the anchors of the input sizes it ran last, not of every size it has seen. */
class AnchorCacheTest {

    @Test
    void photosOfManySizesHoldAtMostSixteenSizesAndAnEvictedSizeGivesTheSameFaces() throws Exception {
        // 400 px: within the largest anchor, so one pass (one input size) per photo
        BufferedImage hopper = ImageTensors.resize(new ImageLoader(Long.MAX_VALUE, 1).load(TestData.sample()), 400, 400);
        try (FaceDetector det = FaceDetector.load(TestData.bundled())) {
            List<Face> first = det.detect(hopper, 0.05);
            assertTrue(!first.isEmpty());
            assertEquals(1, det.anchorSizesHeld());
            // 20 other sizes (under maxLongSide, so each runs at its own size)
            for (int i = 1; i <= 20; i++) {
                det.detect(ImageTensors.resize(hopper, 200 + 8 * i, 180 + 4 * i), 0.05);
                assertEquals(Math.min(1 + i, AnchorCache.SIZES), det.anchorSizesHeld(), "after size " + i);
            }
            // the 400x400 anchors were dropped long ago: made again, the faces are the same
            assertEquals(first, det.detect(hopper, 0.05));
            assertEquals(AnchorCache.SIZES, det.anchorSizesHeld());
        }
    }
}
