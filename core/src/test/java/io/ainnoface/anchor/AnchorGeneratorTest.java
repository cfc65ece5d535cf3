package io.ainnoface.anchor;

import io.ainnoface.config.ModelConfig;
import io.ainnoface.model.LevelGeometry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AnchorGeneratorTest {
    private static final List<Double> SCALES = List.of(2.0, 2.828427);
    private static final List<Double> RATIOS = List.of(1.25);

    @Test
    void stride4CellMatchesHandWorkedSrnAnchors() {
        // window (0,0,3,3): centre 1.5; w = round(sqrt(16 / 1.25) = 3.58) = 4, h = round(4 * 1.25) = 5
        // scale 2: 8 x 10 -> 1.5 -+ 3.5, 1.5 -+ 4.5; scale 2.828427: 11.3137 x 14.1421
        double[] cell = AnchorGenerator.cellAnchors(4, SCALES, RATIOS);
        assertArrayEquals(new double[] {-2, -3, 5, 6,
            1.5 - 0.5 * (4 * 2.828427 - 1), 1.5 - 0.5 * (5 * 2.828427 - 1),
            1.5 + 0.5 * (4 * 2.828427 - 1), 1.5 + 0.5 * (5 * 2.828427 - 1)}, cell, 1e-9);
    }

    @Test
    void roundingIsHalfToEvenLikeNumpy() {
        // stride 16: sqrt(256 / 1.25) = 14.31 -> 14, 14 * 1.25 = 17.5 -> 18 (even)
        double[] s16 = AnchorGenerator.cellAnchors(16, List.of(1.0), RATIOS);
        assertEquals(14 - 1, s16[2] - s16[0], 1e-9);
        assertEquals(18 - 1, s16[3] - s16[1], 1e-9);
        // stride 128: sqrt(16384 / 1.25) = 114.49 -> 114, 142.5 -> 142 (even, not 143)
        double[] s128 = AnchorGenerator.cellAnchors(128, List.of(1.0), RATIOS);
        assertEquals(114 - 1, s128[2] - s128[0], 1e-9);
        assertEquals(142 - 1, s128[3] - s128[1], 1e-9);
    }

    @Test
    void largestSideIsTheTopLevelsTallestAnchor() {
        // P7: 114 x 142 (above) times 2.828427 -> 322.4 x 401.6; P6 (stride 64): sqrt(4096 / 1.25) = 57.2 -> 57,
        // 71.25 -> 71, times 2.828427
        ModelConfig cfg = new ModelConfig();
        assertEquals(142 * 2.828427, AnchorGenerator.largestSide(cfg), 1e-9);
        cfg.maxLevel = 6;
        assertEquals(71 * 2.828427, AnchorGenerator.largestSide(cfg), 1e-9);
        // a wide anchor's width counts too: aspect 0.5 on P7 gives round(sqrt(32768)) = 181 wide, 90.5 -> 90 tall
        cfg.maxLevel = 7;
        cfg.anchorScales = List.of(1.0);
        cfg.anchorRatios = List.of(0.5);
        assertEquals(181, AnchorGenerator.largestSide(cfg), 1e-9);
    }

    @Test
    void levelIsOrderedByRowThenColumnThenAnchor() {
        float[] lv = AnchorGenerator.level(4, 2, 3, SCALES, RATIOS);
        assertEquals(2 * 3 * 2 * 4, lv.length);
        // anchor 0 at (y=1, x=2): index (1*3 + 2)*2 = 10; shift (8, 4) from (-2, -3, 5, 6)
        assertArrayEquals(new float[] {6, 1, 13, 10}, java.util.Arrays.copyOfRange(lv, 40, 44), 1e-6f);
    }

    @Test
    void countsPerLevelFor640() {
        ModelConfig cfg = new ModelConfig();
        LevelGeometry g = LevelGeometry.of(cfg, 640, 640);
        int[] expected = {160 * 160 * 2, 80 * 80 * 2, 40 * 40 * 2, 20 * 20 * 2, 10 * 10 * 2, 5 * 5 * 2};
        for (int l = 2; l <= 7; l++) {
            assertEquals(expected[l - 2], g.count(l), "P" + l);
        }
        assertEquals(68250, g.total());
        assertEquals(68250 * 4, AnchorGenerator.all(cfg, g).length);
        // odd sizes: every stride-2 layer rounds up
        LevelGeometry odd = LevelGeometry.of(cfg, 97, 130);
        assertArrayEquals(new int[] {25, 13, 7, 4, 2, 1}, odd.heights());
        assertArrayEquals(new int[] {33, 17, 9, 5, 3, 2}, odd.widths());
    }
}
