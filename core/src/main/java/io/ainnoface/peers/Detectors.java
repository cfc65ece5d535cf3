package io.ainnoface.peers;

import io.ainnoface.infer.Detector;
import io.ainnoface.infer.DjlDetector;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.util.AppPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Opens a detector from a command-line spec: an AInnoFace model folder (in ONNX Runtime when it
 * holds an ONNX export; {@code pytorch:FOLDER} forces DJL's PyTorch engine; {@code djl:FOLDER} and
 * {@code djl-onnx:FOLDER} go through DJL's {@code Criteria}, see {@link DjlDetector}), a peer name
 * ({@link #PEERS}, resolved in the shared folder), or {@code yunet:FILE.onnx} /
 * {@code ultraface:FILE.onnx}.
 */
public final class Detectors {
    /** Peer name → ONNX file under {@code <shared>/models/peers}. */
    public static final Map<String, String> PEERS = new LinkedHashMap<>();

    static {
        PEERS.put("yunet-n", "yunet/yunet_n_dynamic.onnx");
        PEERS.put("yunet-s", "yunet/yunet_s_640_640.onnx");
        PEERS.put("ultraface-rfb640", "ultraface/version-RFB-640.onnx");
        PEERS.put("ultraface-rfb320", "ultraface/version-RFB-320.onnx");
        PEERS.put("ultraface-slim320", "ultraface/version-slim-320.onnx");
    }

    /** For command-line help (a constant, so annotations can use it). */
    public static final String HELP = "a model folder (pytorch:FOLDER forces the PyTorch engine when it has an "
            + "ONNX export; djl:FOLDER / djl-onnx:FOLDER run it through DJL's Criteria on PyTorch / ONNX Runtime, "
            + "--tta as its translator's tta argument), a peer (yunet-n, yunet-s, ultraface-rfb640, ultraface-rfb320, ultraface-slim320), "
            + "or yunet:FILE.onnx / ultraface:FILE.onnx";

    private Detectors() {}

    /**
     * @param threads ONNX Runtime intra-op threads (0 = its default)
     */
    public static Detector open(String spec, int threads) throws IOException {
        String key = spec.toLowerCase(Locale.ROOT);
        if (PEERS.containsKey(key)) {
            Path onnx = AppPaths.shared().resolve("models/peers").resolve(PEERS.get(key));
            return key.startsWith("yunet") ? new YuNet(onnx, key, threads) : new UltraFace(onnx, key, threads);
        }
        if (key.startsWith("yunet:")) {
            Path onnx = Path.of(spec.substring(6));
            return new YuNet(onnx, name(onnx), threads);
        }
        if (key.startsWith("ultraface:")) {
            Path onnx = Path.of(spec.substring(10));
            return new UltraFace(onnx, name(onnx), threads);
        }
        if (isDjl(key)) {
            boolean onnx = key.startsWith("djl-onnx:");
            Path dir = folder(AppPaths.resolve(spec.substring(onnx ? 9 : 4)), spec);
            return new DjlDetector(dir, onnx ? DjlDetector.ONNXRUNTIME : DjlDetector.PYTORCH);
        }
        boolean pytorch = key.startsWith("pytorch:");
        Path dir = folder(ownFolder(spec), spec);
        return FaceDetector.load(dir, pytorch ? FaceDetector.Engine.PYTORCH : FaceDetector.Engine.AUTO, threads);
    }

    /**
     * The model folder of a spec that {@link #open} runs as our {@link FaceDetector} (a folder, or
     * {@code pytorch:FOLDER}): those have test-time augmentation and take {@code --set}. Null for a peer and for
     * {@code djl:} / {@code djl-onnx:} (DJL's {@code Criteria}: the folder's own inference settings, its TTA through the
     * translator's {@code tta} argument). The folder may not exist.
     */
    public static Path ownFolder(String spec) {
        String key = spec.toLowerCase(Locale.ROOT);
        if (PEERS.containsKey(key) || key.startsWith("yunet:") || key.startsWith("ultraface:") || isDjl(key)) {
            return null;
        }
        return AppPaths.resolve(key.startsWith("pytorch:") ? spec.substring(8) : spec);
    }

    /** Whether a spec's detector has test-time augmentation: our model folders, also through DJL's {@code Criteria}. */
    public static boolean hasTta(String spec) {
        return ownFolder(spec) != null || isDjl(spec.toLowerCase(Locale.ROOT));
    }

    /** A lower-cased spec that runs a folder through DJL's {@code Criteria}. */
    private static boolean isDjl(String key) {
        return key.startsWith("djl:") || key.startsWith("djl-onnx:");
    }

    private static Path folder(Path dir, String spec) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("model folder not found: " + spec + " (expected " + HELP + ")");
        }
        return dir;
    }

    private static String name(Path onnx) {
        String n = onnx.getFileName().toString();
        return n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
    }
}
