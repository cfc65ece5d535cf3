package io.ainnoface.onnx;

import io.ainnoface.model.AInnoFace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an initialized {@link AInnoFace} network as an ONNX model (opset 17): input
 * {@code image (batch, 3, height, width)}, any size; outputs {@code cls2, box2, cls1, box1}, the
 * network's four outputs in the same layout.
 */
public final class OnnxExport {
    public static final String INPUT = "image";
    public static final String[] OUTPUTS = {"cls2", "box2", "cls1", "box1"};

    private OnnxExport() {}

    public static byte[] toBytes(AInnoFace net) {
        return toBytes(net, "ainnoface", OUTPUTS);
    }

    /** An exportable network of one image input {@value #INPUT} (batch, 3, height, width) with the named outputs. */
    public static byte[] toBytes(OnnxExportable net, String graphName, String... outputs) {
        OnnxGraph g = new OnnxGraph(graphName);
        g.input(INPUT, "batch", 3, "height", "width");
        String[] out = net.exportOnnx(g, INPUT);
        for (int i = 0; i < outputs.length; i++) {
            g.output(out[i], outputs[i]);
        }
        return g.toBytes();
    }

    /** Writes {@code file} atomically (temporary file, then rename). */
    public static void write(AInnoFace net, Path file) throws IOException {
        write(toBytes(net), file);
    }

    /** Writes {@code bytes} to {@code file} atomically (temporary file, then rename). */
    public static void write(byte[] bytes, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
