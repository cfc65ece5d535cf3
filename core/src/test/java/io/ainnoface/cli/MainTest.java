package io.ainnoface.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a refused command prints: one line naming the file and what is wrong with it, and an exit code. */
class MainTest {
    @TempDir
    Path tmp;

    private static String[] run(int wantCode, String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setErr(err);
        }
        assertEquals(wantCode, code, buf.toString());
        return buf.toString().strip().split("\n");
    }

    @Test
    void aConfigWithAMistypedFieldNamesTheFileAndTheField() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("bad.yaml"), "model:\n  fpnChannels: abc\n");
        String[] err = run(1, "train", "--config", cfg.toString(), "--run", tmp.resolve("run").toString());
        assertEquals(2, err.length, String.join("\n", err));
        assertEquals("error: " + cfg + ": invalid config field model.fpnChannels: Cannot deserialize value of type"
                + " `int` from String \"abc\": not a valid `int` value", err[0]);
        assertEquals("(" + Main.STACKTRACE + "=1 shows where)", err[1]);
    }

    @Test
    void aMissingAnnotationFileIsNamedAsMissing() {
        Path gt = tmp.resolve("nothere_bbx_gt.txt");
        String[] err = run(1, "evaluate", "--annotations", gt.toString(), "--predictions", tmp.toString());
        assertEquals("error: " + gt + ": no such file or folder", err[0]);
    }
}
