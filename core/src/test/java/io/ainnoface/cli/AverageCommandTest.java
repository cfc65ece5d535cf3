package io.ainnoface.cli;

import io.ainnoface.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AverageCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingFolderIsAnErrorNamingIt() throws Exception {
        Path a = TestModels.untrainedFolder(tmp.resolve("a"));
        Path missing = tmp.resolve("missing");
        Path out = tmp.resolve("soup");
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            assertEquals(2, Main.run("average", a.toString(), missing.toString(), "--output", out.toString()));
        } finally {
            System.setErr(err);
        }
        assertEquals("error: " + missing + ": not a model folder (no ainnoface.yaml)", buf.toString().strip());
        assertFalse(Files.exists(out));
    }
}
