package io.ainnoface.cli;

import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What serve and the Spark job hand their detectors: the preset's fields, then the --set ones, checked up front. */
class InferenceOptionsTest {
    @Test
    void aPresetComesFirstAndASetOverridesIt() throws Exception {
        Map<String, String> want = new LinkedHashMap<>();
        want.put("ttaScore", "flip-mean-enlarged");
        want.put("ttaMaxSize", "1024");
        want.put("ttaLargeMaxSize", "100.0");
        Map<String, String> got = InferenceOptions.checked(TestData.bundled(), "large-faces",
                List.of("inference.ttaMaxSize=1024"));
        assertEquals(want, got);
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()));
        assertEquals(Map.of(), InferenceOptions.checked(TestData.bundled(), null, List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferenceOptions.checked(TestData.bundled(), "slow", List.of()));
        assertTrue(e.getMessage().startsWith("--tta-preset slow: no test-time preset 'slow'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> InferenceOptions.checked(TestData.bundled(), "fast", List.of("inference.ttaMaxSize=big")));
        assertTrue(e.getMessage().startsWith("--set: inference.ttaMaxSize: "), e.getMessage());
    }
}
