package io.ainnoface.serve;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class LoadTestCommandTest {
    @Test
    void quarterMeansSplitTheSamplesInOrder() {
        assertArrayEquals(new double[] {1.5, 3.5, 5.5, 7.5},
                LoadTestCommand.quarterMeans(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0)), 1e-12);
        // 5 samples: quarters [0,1), [1,2), [2,3), [3,5)
        assertArrayEquals(new double[] {10, 20, 30, 45},
                LoadTestCommand.quarterMeans(List.of(10.0, 20.0, 30.0, 40.0, 50.0)), 1e-12);
    }
}
