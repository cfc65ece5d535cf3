package io.ainnoface.peers;

import io.ainnoface.TestData;
import io.ainnoface.box.Boxes;
import io.ainnoface.infer.Detector;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.ImageLoader;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeersTest {

    @Test
    void yunetDecodesGridCellsAsItsAuthorsDo() {
        // a 64x32 input: stride 8 → 8x4 cells, 16 → 4x2, 32 → 2x1
        Map<String, float[]> out = new HashMap<>();
        for (int s : YuNet.STRIDES) {
            int n = (64 / s) * (32 / s);
            out.put("cls_" + s, new float[n]);
            out.put("obj_" + s, new float[n]);
            out.put("bbox_" + s, new float[4 * n]);
        }
        // stride 8, row 2, column 3 (index 2·8+3 = 19): centre ((3+0.5)·8, (2+0.25)·8) = (28, 18),
        // size (e^ln2·8, e^0·8) = (16, 8) → [20, 14, 36, 22]; score 0.8·0.5 = 0.4
        out.get("cls_8")[19] = 0.8f;
        out.get("obj_8")[19] = 0.5f;
        System.arraycopy(new float[] {0.5f, 0.25f, (float) Math.log(2), 0f}, 0, out.get("bbox_8"), 4 * 19, 4);
        // stride 32, column 1, zero deltas: centre (1·32, 0·32) = (32, 0), size 32x32 → [16, -16, 48, 16]; cls clamps to 1
        out.get("cls_32")[1] = 1.2f;
        out.get("obj_32")[1] = 0.9f;
        List<Face> all = YuNet.decode(out, 0, 1, 64, 32);
        assertEquals(32 + 8 + 2, all.size());
        List<Face> kept = YuNet.postProcess(all, 0.02);
        assertEquals(2, kept.size());
        assertFace(new float[] {16, -16, 48, 16}, 0.9f, kept.get(0));
        assertFace(new float[] {20, 14, 36, 22}, 0.4f, kept.get(1));
    }

    @Test
    void ultrafaceDecodesFractionsAndSuppressesInFractionSpace() {
        float[] scores = {0.91f, 0.09f, 0.2f, 0.8f, 0.3f, 0.7f, 0.95f, 0.05f};
        float[] boxes = {
            0.1f, 0.1f, 0.2f, 0.2f, // face 0.09: below the threshold
            0.5f, 0.5f, 0.7f, 0.9f, // face 0.8
            0.5f, 0.5f, 0.7f, 0.8f, // face 0.7: IoU 0.75 with the previous → suppressed
            -0.1f, 0.0f, 0.1f, 0.1f, // face 0.05: below threshold
        };
        List<Face> f = UltraFace.decode(scores, boxes, 0.1, 200, 100);
        assertEquals(1, f.size());
        assertFace(new float[] {100, 50, 140, 90}, 0.8f, f.get(0));
    }

    @Test
    void peersFindGraceHopperLikeTheirAuthorsDemo() throws Exception {
        BufferedImage img = ImageLoader.toRgb(javax.imageio.ImageIO.read(TestData.sample().toFile()));
        System.setProperty("ainnoface.shared", TestData.shared().toString());
        for (String name : List.of("yunet-n", "ultraface-rfb640")) {
            try (Detector d = Detectors.open(name, 1)) {
                List<Face> faces = d.detect(List.of(img), 0.5, false).get(0);
                assertEquals(1, faces.size(), name + ": " + faces);
                Face f = faces.get(0);
                double iou = Boxes.iou(new float[] {f.x1(), f.y1(), f.x2(), f.y2()}, 0, TestData.HOPPER_FACE, 0);
                assertTrue(iou > 0.8, name + ": IoU " + iou + " with the face, " + f);
                assertTrue(f.score() > 0.8, name + ": score " + f.score());
                assertThrows(IllegalArgumentException.class, () -> d.detect(List.of(img), 0.5, true));
            }
        }
    }

    @Test
    void yunetBatchAgreesWithOneByOne() throws Exception {
        BufferedImage img = ImageLoader.toRgb(javax.imageio.ImageIO.read(TestData.sample().toFile()));
        // same size, other content: the mirror image (no padding differences within the batch)
        BufferedImage mirror = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                mirror.setRGB(511 - x, y, img.getRGB(x, y));
            }
        }
        System.setProperty("ainnoface.shared", TestData.shared().toString());
        try (Detector d = Detectors.open("yunet-n", 1)) {
            List<List<Face>> batch = d.detect(List.of(img, mirror), 0.5, false);
            for (int i = 0; i < 2; i++) {
                Face one = d.detect(List.of(i == 0 ? img : mirror), 0.5, false).get(0).get(0);
                Face b = batch.get(i).get(0);
                assertEquals(1, batch.get(i).size());
                assertFace(new float[] {one.x1(), one.y1(), one.x2(), one.y2()}, one.score(), b);
            }
            // the mirror's face is the mirror of the face, up to the network's own asymmetry
            Face f = batch.get(0).get(0);
            Face m = batch.get(1).get(0);
            assertEquals(512 - f.x2(), m.x1(), 8);
            assertEquals(f.y1(), m.y1(), 8);
        }
    }

    private static void assertFace(float[] box, float score, Face f) {
        assertEquals(box[0], f.x1(), 1e-3);
        assertEquals(box[1], f.y1(), 1e-3);
        assertEquals(box[2], f.x2(), 1e-3);
        assertEquals(box[3], f.y2(), 1e-3);
        assertEquals(score, f.score(), 1e-5);
    }
}
