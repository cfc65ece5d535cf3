package io.ainnoface.box;

import com.fasterxml.jackson.databind.JsonNode;
import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class BoxesTest {
    @Test
    void iouMatrixMatchesTorchvisionBoxIou() {
        JsonNode r = TestData.torchvision().get("box_iou");
        float[] iou = Boxes.iouMatrix(TestData.flat(r.get("a")), TestData.flat(r.get("b")));
        assertArrayEquals(TestData.flat(r.get("iou")), iou, 1e-5f);
    }

    @Test
    void nmsMatchesTorchvisionNms() {
        JsonNode r = TestData.torchvision().get("nms");
        int[] keep = Boxes.nms(TestData.flat(r.get("boxes")), TestData.flat(r.get("scores")),
                r.get("iou_threshold").asDouble());
        int[] expected = new int[r.get("keep").size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = r.get("keep").get(i).asInt();
        }
        assertArrayEquals(expected, keep);
    }
}
