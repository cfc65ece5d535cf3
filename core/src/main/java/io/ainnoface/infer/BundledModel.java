package io.ainnoface.infer;

import io.ainnoface.verify.FaceVerifier;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shipped model folder from the class path, for applications that depend on the
 * {@code io.ainnoface:ainnoface-model} artifact instead of a checkout of the repository:
 * {@code FaceDetector.load(BundledModel.folder())}, or {@code Criteria...optModelPath(BundledModel.folder())}.
 * From a jar the files are copied once into a cache folder named by their content hash (a new model
 * version gets a new folder; a half-written copy is never used). Each use marks its copy's time; when a new version
 * is copied, the copies of other versions unused for {@link #STALE} are removed, so the cache does not grow with every
 * upgrade while an application still running an older version keeps its copy.
 */
public final class BundledModel {
    /** The model folder's name, in {@code models/} of the repository and in the cache. */
    public static final String NAME = "ainnoface-mobilenet";
    /** Where the artifact keeps the folder's files on the class path. */
    static final String RESOURCES = "io/ainnoface/models/" + NAME + "/";
    /**
     * The folder's files besides its verifier members; the first three are required. The verifier's members follow
     * them, 0, 1, 2, … for as long as {@link FaceVerifier#paramsName} is on the class path.
     */
    static final List<String> FILES = List.of(ModelFolder.CONFIG, ModelFolder.NAME + "-0000.params",
            "serving.properties", ModelFolder.ONNX, "MODEL_CARD.md");
    private static final int REQUIRED = 3;
    /** How long a copy of another model version (or a crashed copy's leftovers) stays unused before it is removed. */
    static final Duration STALE = Duration.ofDays(30);
    private static final Pattern COPY = Pattern.compile(Pattern.quote(NAME) + "-[0-9a-f]{12}|\\.extracting-.*");

    private BundledModel() {}

    /**
     * The shipped model folder: the class path's own folder when it is a directory (a build or an
     * IDE), else a copy in the cache ({@code -Dainnoface.cache}, else {@code $XDG_CACHE_HOME/ainnoface},
     * else {@code ~/.cache/ainnoface}).
     *
     * @throws IOException when the artifact is not on the class path or the cache cannot be written
     */
    public static Path folder() throws IOException {
        return folder(BundledModel.class.getClassLoader(), cacheRoot());
    }

    /** Whether {@code loader} sees the shipped model's files (a resource lookup; nothing is copied). */
    public static boolean isOnClassPath(ClassLoader loader) {
        return configResource(loader) != null;
    }

    private static URL configResource(ClassLoader loader) {
        return loader.getResource(RESOURCES + ModelFolder.CONFIG);
    }

    static Path cacheRoot() {
        String p = System.getProperty("ainnoface.cache");
        if (p != null) {
            return Path.of(p);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("ainnoface");
    }

    static Path folder(ClassLoader loader, Path cacheRoot) throws IOException {
        URL config = configResource(loader);
        if (config == null) {
            throw new IOException("the bundled model is not on the class path (no " + RESOURCES + ModelFolder.CONFIG
                    + "): add the io.ainnoface:ainnoface-model artifact, or load a model folder by its path");
        }
        if ("file".equals(config.getProtocol())) {
            try {
                return Path.of(config.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IOException(config + ": " + e.getMessage(), e);
            }
        }
        Map<String, byte[]> files = read(loader);
        Path dir = cacheRoot.resolve(NAME + "-" + hash(files));
        if (Files.isRegularFile(dir.resolve(ModelFolder.CONFIG))) {
            markUsed(dir);
            return dir;
        }
        Files.createDirectories(cacheRoot);
        Path tmp = Files.createTempDirectory(cacheRoot, ".extracting-");
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(tmp.resolve(f.getKey()), f.getValue());
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // renaming onto the folder fails when another process finished the same copy first (same hash, same files)
            if (!Files.isRegularFile(dir.resolve(ModelFolder.CONFIG))) {
                throw e;
            }
        } finally {
            ModelFolder.deleteFlat(tmp);
        }
        markUsed(dir);
        removeStale(cacheRoot, dir);
        return dir;
    }

    private static void markUsed(Path dir) {
        try {
            Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // a read-only cache still serves its copy; it is only never pruned
        }
    }

    /** Removes the cache's other copies of this model (and leftovers of interrupted copies) unused for {@link #STALE}. */
    private static void removeStale(Path cacheRoot, Path keep) {
        Instant cutoff = Instant.now().minus(STALE);
        try (var entries = Files.list(cacheRoot)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (p.equals(keep) || !COPY.matcher(p.getFileName().toString()).matches()) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        ModelFolder.deleteFlat(p);
                    }
                } catch (IOException e) {
                    // another process removing or using it at the same time; the next new version tries again
                }
            }
        } catch (IOException e) {
            // pruning is a courtesy: the copy is made and in use
        }
    }

    /** The folder's files present on the class path: {@link #FILES} in order, then each verifier member's. */
    private static Map<String, byte[]> read(ClassLoader loader) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < FILES.size(); i++) {
            byte[] b = resource(loader, FILES.get(i));
            if (b == null && i < REQUIRED) {
                throw new IOException("the bundled model on the class path lacks " + RESOURCES + FILES.get(i));
            }
            if (b != null) {
                files.put(FILES.get(i), b);
            }
        }
        for (int k = 0; ; k++) {
            byte[] params = resource(loader, FaceVerifier.paramsName(k));
            if (params == null) {
                return files;
            }
            files.put(FaceVerifier.paramsName(k), params);
            byte[] onnx = resource(loader, FaceVerifier.onnxName(k));
            if (onnx != null) {
                files.put(FaceVerifier.onnxName(k), onnx);
            }
        }
    }

    private static byte[] resource(ClassLoader loader, String name) throws IOException {
        try (InputStream in = loader.getResourceAsStream(RESOURCES + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static String hash(Map<String, byte[]> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                md.update(f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(f.getValue().length).flip());
                md.update(f.getValue());
            }
            return HexFormat.of().formatHex(md.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
