package io.ainnoface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CompareCommandTest {
    @TempDir
    Path tmp;

    private Path submission(String name, String image) throws Exception {
        Path d = tmp.resolve(name).resolve("e");
        Files.createDirectories(d);
        // the face, and a false positive far from it so that min-max normalization has a range
        Files.writeString(d.resolve(image + ".txt"), image + "\n2\n10 10 40 40 0.9\n500 500 30 30 0.1\n");
        return d.getParent();
    }

    /**
     * Two images of one 40 px face each (the medium bin); A finds the first, B the second. The
     * difference is +1, −1 or 0 with probabilities ¼, ¼, ½ (PairedBootstrapTest works it out); the
     * size bins without a face are left out.
     */
    @Test
    void comparesTwoSubmissionFoldersWithTheHandWorkedDistribution() throws Exception {
        Path gt = tmp.resolve("gt.txt");
        Files.writeString(gt, "e/x.jpg\n1\n10 10 40 40 0 0 0 0 0 0\ne/y.jpg\n1\n10 10 40 40 0 0 0 0 0 0\n");
        Path a = submission("a", "x");
        Path b = submission("b", "y");
        Path out = tmp.resolve("compare.json");
        PrintStream stdout = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertEquals(0, Main.run("compare", "--annotations", gt.toString(), "--predictions", "A=" + a,
                    "--predictions", "B=" + b, "--resamples", "4000", "--confidence", "0.9", "--output", out.toString()));
        } finally {
            System.setOut(stdout);
        }
        JsonNode j = new ObjectMapper().readTree(out.toFile());
        assertEquals("A", j.get("first").asText());
        assertEquals(2, j.get("settings").size(), j.toString()); // all and medium(16-64)
        for (String setting : new String[] {"all", "medium(16-64)"}) {
            JsonNode r = j.get("settings").get(setting).get("B");
            assertEquals(0.5, r.get("ap").asDouble(), 1e-12);
            assertEquals(0.5, r.get("otherAp").asDouble(), 1e-12);
            assertEquals(-1.0, r.get("low").asDouble(), 1e-12);
            assertEquals(1.0, r.get("high").asDouble(), 1e-12);
            assertEquals(0.25, r.get("shareHigher").asDouble(), 0.034);
        }
        assertFalse(j.get("settings").has("large(>64)"));
        assertEquals(3, buf.toString().strip().lines().count(), buf.toString()); // a header and two rows
    }

    @Test
    void aPredictionsArgumentWithoutALabelIsAnErrorNamingIt() throws Exception {
        Path gt = tmp.resolve("gt.txt");
        Files.writeString(gt, "e/x.jpg\n1\n10 10 40 40 0 0 0 0 0 0\n");
        Path a = submission("a", "x");
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            assertEquals(2, Main.run("compare", "--annotations", gt.toString(), "--predictions", "A=" + a,
                    "--predictions", a.toString()));
        } finally {
            System.setErr(err);
        }
        assertEquals("error: --predictions " + a + ": expected LABEL=DIR", buf.toString().strip());
        buf.reset();
        System.setErr(new PrintStream(buf, true));
        try {
            assertEquals(2, Main.run("compare", "--annotations", gt.toString(), "--predictions", "A=" + a,
                    "--predictions", "B=" + a, "--resamples", "0"));
        } finally {
            System.setErr(err);
        }
        assertEquals("error: --resamples must be at least 1, got 0", buf.toString().strip());
    }

    /**
     * One 80 px face, found at score 0.5 below a 10 px false positive (1.0) and above an 80 px one
     * (0): WIDER's bins count both false positives (AP 1/2), COCO's only the 80 px one, which
     * comes after the face (AP 1). COCO's bins are refused for the official settings.
     */
    @Test
    void cocoSizeBinsIgnoreFalsePositivesOfAnotherSize() throws Exception {
        Path gt = tmp.resolve("gt.txt");
        Files.writeString(gt, "e/x.jpg\n1\n100 100 80 80 0 0 0 0 0 0\n");
        Path d = tmp.resolve("s").resolve("e");
        Files.createDirectories(d);
        Files.writeString(d.resolve("x.txt"), "x\n3\n300 300 10 10 1.0\n100 100 80 80 0.5\n400 400 80 80 0.0\n");
        String sub = d.getParent().toString();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        try {
            for (String bins : new String[] {"wider", "coco"}) {
                Path out = tmp.resolve(bins + ".json");
                assertEquals(0, Main.run("compare", "--annotations", gt.toString(), "--predictions", "A=" + sub,
                        "--predictions", "B=" + sub, "--size-bins", bins, "--resamples", "10", "--output", out.toString()));
                JsonNode j = new ObjectMapper().readTree(out.toFile());
                assertEquals(bins, j.get("sizeBins").asText());
                assertEquals(bins.equals("coco") ? 1.0 : 0.5,
                        j.get("settings").get("large(>64)").get("B").get("ap").asDouble(), 1e-12);
                assertEquals(0.5, j.get("settings").get("all").get("B").get("ap").asDouble(), 1e-12);
            }
        } finally {
            System.setOut(stdout);
        }
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            assertEquals(2, Main.run("compare", "--ground-truth", tmp.toString(), "--predictions", "A=" + sub,
                    "--predictions", "B=" + sub, "--size-bins", "coco"));
        } finally {
            System.setErr(err);
        }
        assertEquals("error: --size-bins coco needs --annotations: the official settings of --ground-truth are not size "
                + "bins", buf.toString().strip());
    }
}
