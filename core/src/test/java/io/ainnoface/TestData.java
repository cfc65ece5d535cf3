package io.ainnoface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Paths of the shared data and the committed reference values. */
public final class TestData {
    private TestData() {}

    public static Path root() {
        return Path.of(System.getProperty("ainnoface.root", "..")).toAbsolutePath().normalize();
    }

    public static Path shared() {
        return Path.of(System.getProperty("ainnoface.shared", root().resolve("../shared").toString()))
                .toAbsolutePath().normalize();
    }

    public static Path widerRoot() {
        return shared().resolve("data/widerface");
    }

    /** The shipped model folder, {@code models/ainnoface-mobilenet}. */
    public static Path bundled() {
        return root().resolve("models/ainnoface-mobilenet");
    }

    /** Every file of the shipped model folder (each verifier member's included), by name, sorted. */
    public static java.util.List<String> bundledFiles() {
        try (var files = java.nio.file.Files.list(bundled())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path sample() {
        return shared().resolve("samples/grace_hopper_512x512.jpg");
    }

    /**
     * Grace Hopper's face in {@link #sample()} (forehead under the cap to the chin, cheek to cheek), {@code xyxy}, read
     * off the photo by eye.
     */
    public static final float[] HOPPER_FACE = {176, 106, 352, 320};

    public static JsonNode torchvision() {
        return reference("torchvision.json");
    }

    /** A committed reference file of {@code src/test/resources/reference} (each names the script that made it). */
    public static JsonNode reference(String file) {
        try (InputStream in = TestData.class.getResourceAsStream("/reference/" + file)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] flat(JsonNode rows) {
        int n = rows.size();
        int m = rows.get(0).isArray() ? rows.get(0).size() : 1;
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                out[i * m + j] = (float) (m == 1 && !rows.get(i).isArray() ? rows.get(i).asDouble() : rows.get(i).get(j).asDouble());
            }
        }
        return out;
    }
}
