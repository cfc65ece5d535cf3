package io.ainnoface.infer;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.model.AInnoFace;
import io.ainnoface.onnx.OnnxExport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A DJL model folder: {@code ainnoface.yaml} (the full config), {@code ainnoface-0000.params}
 * (DJL parameters), {@code ainnoface.onnx} (the same network for ONNX Runtime) and
 * {@code serving.properties}, which names the block and translator
 * factories so that {@code Criteria<Image, DetectedObjects>} loads the folder alone.
 */
public final class ModelFolder {
    public static final String CONFIG = "ainnoface.yaml";
    public static final String NAME = "ainnoface";
    /** The same network exported to ONNX, run by ONNX Runtime when present. */
    public static final String ONNX = "ainnoface.onnx";

    private ModelFolder() {}

    public static DetectorConfig readConfig(Path dir) throws IOException {
        Path cfg = dir.resolve(CONFIG);
        if (!Files.isRegularFile(cfg)) {
            throw new IOException(dir + ": not a model folder (no " + CONFIG + ")");
        }
        return ConfigLoader.load(cfg);
    }

    /**
     * Loads {@code dir}'s parameters into {@code model} (its block set); on failure closes the model and
     * names the folder.
     */
    public static void loadParameters(Model model, Path dir) throws IOException {
        try {
            model.load(dir, NAME);
        } catch (MalformedModelException | IOException e) {
            model.close();
            throw new IOException(dir + ": cannot load the model parameters: " + e.getMessage(), e);
        }
    }

    /** Writes {@code model} (block initialized) and {@code cfg} into {@code dir}, replacing its files. */
    public static void save(Path dir, DetectorConfig cfg, Model model) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, ".saving");
        try {
            ConfigLoader.save(cfg, tmp.resolve(CONFIG));
            model.setProperty("Epoch", "0");
            model.save(tmp, NAME);
            OnnxExport.write((AInnoFace) model.getBlock(), tmp.resolve(ONNX));
            Files.writeString(tmp.resolve("serving.properties"), String.join("\n",
                    "# AInnoFace face detector: load with Criteria<Image, DetectedObjects>",
                    "# ONNX Runtime runs " + ONNX + " (faster than PyTorch); Criteria.optEngine(\"PyTorch\") runs the parameters",
                    "engine=" + DjlDetector.ONNXRUNTIME,
                    "option.modelName=" + NAME,
                    "blockFactory=" + AInnoFaceBlockFactory.class.getName(),
                    "translatorFactory=" + FaceTranslatorFactory.class.getName(),
                    ""));
            try (var files = Files.list(tmp)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.move(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            deleteFlat(tmp);
        }
    }

    /** Deletes a temporary folder of a model folder's files (no subfolders), if it is still there. */
    public static void deleteFlat(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** The input shape used to initialize a fresh block. */
    public static Shape initShape() {
        return new Shape(1, 3, 64, 64);
    }
}
