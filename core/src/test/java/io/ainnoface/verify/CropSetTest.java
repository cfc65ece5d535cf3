package io.ainnoface.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ainnoface.TestData;
import io.ainnoface.config.VerifierConfig;
import io.ainnoface.data.WiderAnnotations;
import io.ainnoface.data.WiderFace;
import io.ainnoface.data.WiderImage;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.ImageLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class CropSetTest {
    private static WiderFace face(float x, float y, float w, float h, int invalid) {
        return new WiderFace(x, y, w, h, 0, 0, 0, invalid, 0, 0);
    }

    @Test
    void labelsByOverlapWithValidAndAllFaces() {
        List<WiderFace> faces = List.of(face(0, 0, 10, 10, 0), face(100, 100, 10, 10, 1));
        assertEquals(1, CropSet.label(new Face(0, 0, 10, 10, 1), faces, 0.3));
        // IoU 50/150 = 1/3 with the valid face: neither face nor background
        assertEquals(-1, CropSet.label(new Face(5, 0, 15, 10, 1), faces, 0.3));
        // IoU 20/180 = 0.11: background
        assertEquals(0, CropSet.label(new Face(8, 0, 18, 10, 1), faces, 0.3));
        // on the invalid face: not a face to learn, and not background either
        assertEquals(-1, CropSet.label(new Face(100, 100, 110, 110, 1), faces, 0.3));
        assertEquals(0, CropSet.label(new Face(50, 50, 60, 60, 1), List.of(), 0.3));
    }

    @Test
    void negIouHalfTeachesBoxesBesideAFaceAsNonFaces() {
        List<WiderFace> faces = List.of(face(0, 0, 10, 10, 0), face(100, 100, 10, 10, 1));
        // IoU 1/3 with the valid face: a false positive in WIDER's protocol, now a non-face
        assertEquals(0, CropSet.label(new Face(5, 0, 15, 10, 1), faces, 0.5));
        // IoU 60/140 = 0.43 below 0.5; 80/120 = 0.67 above
        assertEquals(0, CropSet.label(new Face(4, 0, 14, 10, 1), faces, 0.5));
        assertEquals(1, CropSet.label(new Face(2, 0, 12, 10, 1), faces, 0.5));
        // IoU 0.67 with the invalid face only: still left out
        assertEquals(-1, CropSet.label(new Face(102, 100, 112, 110, 1), faces, 0.5));
    }

    @Test
    void takesTheHighestScoringRowsAboveTheFloor() {
        double[] rows = {0, 0, 10, 20, 0.3, 5, 5, 4, 4, 0.9, 1, 1, 2, 2, 0.01, 7, 7, 1, 1, 0.6};
        List<Face> top = CropSet.top(rows, 2, 0.05);
        assertEquals(2, top.size());
        assertEquals(new Face(5, 5, 9, 9, 0.9f), top.get(0));
        assertEquals(new Face(7, 7, 8, 8, 0.6f), top.get(1));
        assertEquals(3, CropSet.top(rows, 10, 0.05).size());
    }

    @Test
    void buildsCropsOfBoxesAndFacesFromARealImage() throws Exception {
        WiderImage wi = WiderAnnotations.read(
                TestData.widerRoot().resolve("wider_face_split/wider_face_devval_bbx_gt.txt"), true).images().get(0);
        List<WiderFace> valid = new ArrayList<>();
        for (WiderFace f : wi.faces()) {
            if (CropSet.valid(f) && Math.sqrt(f.w() * f.h()) >= CropSet.MIN_FACE) {
                valid.add(f);
            }
        }
        WiderFace f = valid.get(0);
        // a box on the face, a box in the top-left corner far from every face (checked below)
        double[] rows = {f.x(), f.y(), f.w(), f.h(), 0.9, 0, 0, 3, 3, 0.5};
        assertEquals(0, CropSet.label(new Face(0, 0, 3, 3, 1), wi.faces(), 0.3));
        VerifierConfig cfg = new VerifierConfig();
        CropSet set = CropSet.build(List.of(wi), Map.of(wi.event() + "/" + wi.stem(), rows),
                TestData.widerRoot().resolve("WIDER_train/images"), cfg, 40, 0.05, 0, s -> { });
        assertEquals(2 + valid.size(), set.size());
        assertEquals(List.of(true, false), set.faces.subList(0, 2));
        assertEquals(1 + valid.size(), set.faceCount());
        var img = new ImageLoader(Long.MAX_VALUE, 1).load(TestData.widerRoot().resolve("WIDER_train/images")
                .resolve(wi.path()));
        assertArrayEquals(FaceCrops.crop(img, new Face(f.x(), f.y(), f.x2(), f.y2(), 1), 2.0, 64), set.crops.get(0));
    }
}
