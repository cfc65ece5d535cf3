package io.ainnoface.cli;

import ai.djl.Model;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.model.AInnoFace;
import io.ainnoface.onnx.OnnxExport;
import io.ainnoface.util.AppPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export-onnx", mixinStandardHelpOptions = true,
        description = {"Export a model folder's network to ONNX (opset 17; input 'image' (batch, 3, height, width),",
            "outputs cls2, box2, cls1, box1). Inside the folder, detect/evaluate/serve/benchmark then run it",
            "in ONNX Runtime. ('export' writes this file too.)"})
final class ExportOnnxCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "models/ainnoface-mobilenet",
            description = "Model folder (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--output", description = "ONNX file to write (default: <model>/" + ModelFolder.ONNX + ").")
    Path output;

    @Override
    public Integer call() throws Exception {
        Path dir = AppPaths.resolve(model);
        Path file = output != null ? output : dir.resolve(ModelFolder.ONNX);
        try (Model m = FaceDetector.loadModel(dir)) {
            OnnxExport.write((AInnoFace) m.getBlock(), file);
        }
        System.out.println("wrote " + file);
        return 0;
    }
}
