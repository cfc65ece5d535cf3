package io.ainnoface.serve;

import io.ainnoface.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadTestCommandTest {
    @Test
    void quarterMeansSplitTheSamplesInOrder() {
        assertArrayEquals(new double[] {1.5, 3.5, 5.5, 7.5},
                LoadTestCommand.quarterMeans(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0)), 1e-12);
        // 5 samples: quarters [0,1), [1,2), [2,3), [3,5)
        assertArrayEquals(new double[] {10, 20, 30, 45},
                LoadTestCommand.quarterMeans(List.of(10.0, 20.0, 30.0, 40.0, 50.0)), 1e-12);
    }

    @Test
    void serveAndLoadtestRefuseNumbersOutOfRangeBeforeStarting() {
        String[][] cases = {
            {"serve", "--pool", "0", "--pool must be at least 1, got 0"},
            {"serve", "--threshold", "1.5", "--threshold must be a score in [0, 1], got 1.5"},
            {"serve", "--queue", "-1", "--queue must be at least 1, got -1"},
            {"loadtest", "--concurrency", "0", "--concurrency must be at least 1, got 0"},
        };
        for (String[] c : cases) {
            PrintStream old = System.err;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = Main.run(c[0], c[1], c[2]);
            } finally {
                System.setErr(old);
            }
            String err = buf.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, err);
            assertTrue(err.contains("error: " + c[3]), err);
        }
    }
}
