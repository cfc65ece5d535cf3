package io.ainnoface.infer;

import io.ainnoface.TestData;
import io.ainnoface.box.Boxes;
import io.ainnoface.peers.Detectors;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownscaledDetectorTest {
    @Test
    void facesOfTheSmallerImageComeBackInTheOriginalsPixels() throws Exception {
        System.setProperty("ainnoface.shared", TestData.shared().toString());
        BufferedImage img = ImageLoader.toRgb(ImageIO.read(TestData.sample().toFile()));
        // 512 x 341 at long side 256 becomes 256 x 171 (170.5 rounded): x doubles back, y by 341 / 171
        BufferedImage wide = ImageTensors.resize(img, 512, 341);
        try (Detector yunet = Detectors.open("yunet-n", 1)) {
            Detector down = new DownscaledDetector(yunet, 256);
            assertEquals("yunet-n@256", down.name());
            List<Face> direct = yunet.detect(List.of(ImageTensors.resize(wide, 256, 171)), 0.5, false).get(0);
            List<Face> mapped = down.detect(List.of(wide), 0.5, false).get(0);
            assertEquals(1, direct.size());
            assertEquals(direct.size(), mapped.size());
            Face d = direct.get(0);
            Face m = mapped.get(0);
            assertEquals(d.x1() * 2, m.x1(), 1e-3);
            assertEquals(d.x2() * 2, m.x2(), 1e-3);
            assertEquals(d.y1() * 341 / 171.0, m.y1(), 1e-3);
            assertEquals(d.y2() * 341 / 171.0, m.y2(), 1e-3);
            assertEquals(d.score(), m.score());
            // found on the square photo at half size, the face is still where it is at full size
            Face half = down.detect(List.of(img), 0.5, false).get(0).get(0);
            double iou = Boxes.iou(new float[] {half.x1(), half.y1(), half.x2(), half.y2()}, 0,
                    TestData.HOPPER_FACE, 0);
            assertTrue(iou > 0.7, "IoU " + iou + " with the face, " + half);
            // an image within the limit is passed through as it is
            Face full = yunet.detect(List.of(img), 0.5, false).get(0).get(0);
            assertEquals(full, new DownscaledDetector(yunet, 512).detect(List.of(img), 0.5, false).get(0).get(0));
        }
        assertThrows(IllegalArgumentException.class, () -> new DownscaledDetector(null, 0));
    }
}
