package io.ainnoface.data;

import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HardFaceRepeatTest {
    // x y w h blur expression illumination invalid occlusion pose
    private static WiderFace face(float w, float h, int invalid, int occlusion, int pose) {
        return new WiderFace(10, 10, w, h, 0, 0, 0, invalid, occlusion, pose);
    }

    @Test
    void hardMeansValidLargeAndOccludedOrTurned() {
        assertTrue(HardFaceRepeat.hard(face(64, 64, 0, 1, 0), 64));     // partly occluded, exactly 64 px
        assertTrue(HardFaceRepeat.hard(face(50, 90, 0, 2, 0), 64));     // heavily occluded, sqrt(4500) = 67.1 px
        assertTrue(HardFaceRepeat.hard(face(80, 80, 0, 0, 1), 64));     // atypical pose
        assertFalse(HardFaceRepeat.hard(face(48, 84, 0, 2, 1), 64));    // sqrt(4032) = 63.5 px: too small
        assertFalse(HardFaceRepeat.hard(face(200, 200, 0, 0, 0), 64));  // large but plain
        assertFalse(HardFaceRepeat.hard(face(200, 200, 1, 2, 1), 64));  // invalid
    }

    @Test
    void imagesWithAHardFaceAreListedRepeatsTimesInPlace() {
        WiderImage plain = new WiderImage("0--Parade/a.jpg", List.of(face(100, 100, 0, 0, 0)));
        WiderImage hard = new WiderImage("0--Parade/b.jpg", List.of(face(10, 10, 0, 0, 0), face(70, 70, 0, 2, 0)));
        WiderImage small = new WiderImage("1--Handshaking/c.jpg", List.of(face(30, 30, 0, 2, 1)));
        WiderImage turned = new WiderImage("1--Handshaking/d.jpg", List.of(face(90, 120, 0, 0, 1)));
        List<WiderImage> in = List.of(plain, hard, small, turned);
        assertEquals(List.of(plain, hard, hard, hard, small, turned, turned, turned), HardFaceRepeat.apply(in, 3, 64));
        assertEquals(List.of(plain, hard, hard, hard, small, small, small, turned, turned, turned),
                HardFaceRepeat.apply(in, 3, 24));
        assertSame(in, HardFaceRepeat.apply(in, 1, 64));
        assertThrows(IllegalArgumentException.class, () -> HardFaceRepeat.apply(in, 0, 64));
    }

    @Test
    void trainSplitCountsMatchThePythonTally() throws IOException {
        // tools/localization_headroom.py's reader counted 556 such faces in 335 of the 1,863 train images (session 37)
        List<WiderImage> train = WiderAnnotations.read(
                TestData.widerRoot().resolve("wider_face_split/wider_face_train_bbx_gt.txt")).images();
        assertEquals(1863, train.size());
        assertEquals(1863 + 335, HardFaceRepeat.apply(train, 2, 64).size());
        long faces = train.stream().flatMap(i -> i.faces().stream()).filter(f -> HardFaceRepeat.hard(f, 64)).count();
        assertEquals(556, faces);
    }
}
