package io.ainnoface.data;

import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WiderAnnotationsTest {
    @TempDir
    Path tmp;

    @Test
    void readsRealLinesWithZeroFaceImageAndInvalidFace() throws IOException {
        Path f = tmp.resolve("gt.txt");
        Files.writeString(f, String.join("\n",
                "0--Parade/0_Parade_Parade_0_1014.jpg",
                "2",
                "122 380 10 12 2 0 0 0 1 0",
                "246 378 12 14 2 0 0 0 0 0",
                "0--Parade/0_Parade_Parade_0_452.jpg",
                "0",
                "0 0 0 0 0 0 0 0 0 0",
                "0--Parade/0_Parade_marchingband_1_765.jpg",
                "3",
                "11 20 30 40 0 0 0 1 0 0",
                "50 60 0 9 0 0 0 0 0 0",
                "70 80 25 35 1 1 0 0 2 1",
                ""));
        WiderAnnotations a = WiderAnnotations.read(f);
        assertEquals(3, a.images().size());
        assertEquals(2, a.images().get(0).faces().size());
        assertEquals(0, a.images().get(1).faces().size());
        assertEquals(1, a.images().get(2).faces().size());
        assertEquals(1, a.droppedInvalid());
        assertEquals(1, a.droppedDegenerate());
        WiderFace face = a.images().get(2).faces().get(0);
        assertEquals(70, face.x());
        assertEquals(115, face.y2());
        assertEquals(2, face.occlusion());
        assertEquals(1, face.pose());
        assertEquals("0--Parade", a.images().get(2).event());
        assertEquals("0_Parade_marchingband_1_765", a.images().get(2).stem());
        assertEquals(5, WiderAnnotations.read(f, true).faceCount());
    }

    @Test
    void malformedLineNamesFileAndLine() throws IOException {
        Path f = tmp.resolve("bad.txt");
        Files.writeString(f, "0--Parade/a.jpg\n2\n1 2 3 4 0 0 0 0 0 0\n1 2 x 4 0 0 0 0 0 0\n");
        IOException e = assertThrows(IOException.class, () -> WiderAnnotations.read(f));
        assertTrue(e.getMessage().startsWith(f + ":4: field 3 is not a number"), e.getMessage());
        Files.writeString(f, "0--Parade/a.jpg\nthree\n");
        e = assertThrows(IOException.class, () -> WiderAnnotations.read(f));
        assertTrue(e.getMessage().startsWith(f + ":2: expected a face count"), e.getMessage());
        Files.writeString(f, "0--Parade/a.jpg\n2\n1 2 3 4 0 0 0 0 0 0\n");
        e = assertThrows(IOException.class, () -> WiderAnnotations.read(f));
        assertTrue(e.getMessage().contains(":4: file ends inside the faces"), e.getMessage());
    }

    @Test
    void sharedSplitsAreComplete() throws IOException {
        Path split = TestData.widerRoot().resolve("wider_face_split");
        WiderAnnotations train = WiderAnnotations.read(split.resolve("wider_face_train_bbx_gt.txt"));
        WiderAnnotations dev = WiderAnnotations.read(split.resolve("wider_face_devval_bbx_gt.txt"));
        assertEquals(1863, train.images().size());
        assertEquals(206, dev.images().size());
        assertEquals(32874, train.faceCount() + train.droppedInvalid() + train.droppedDegenerate());
        assertEquals(3286, dev.faceCount() + dev.droppedInvalid() + dev.droppedDegenerate());
    }
}
