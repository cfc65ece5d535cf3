package io.ainnoface.infer;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import io.ainnoface.model.AInnoFace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the network described by a model folder's {@code ainnoface.yaml} (for DJL's loader). For DJL's ONNX Runtime
 * engine it builds nothing: that engine loads the folder's {@code ainnoface.onnx}, the same network exported, and
 * refuses a block.
 */
public class AInnoFaceBlockFactory implements BlockFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        if (DjlDetector.ONNXRUNTIME.equals(model.getNDManager().getEngine().getEngineName())) {
            return null;
        }
        return new AInnoFace(ModelFolder.readConfig(modelPath).model);
    }
}
