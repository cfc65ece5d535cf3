package io.ainnoface.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.model.nn.TorchNames;
import io.ainnoface.util.AppPaths;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Creates freshly initialized networks, with ImageNet backbone weights when configured. */
public final class Networks {
    private Networks() {}

    public static Model newModel(DetectorConfig cfg) throws IOException {
        return newModel(cfg, Device.cpu());
    }

    /** A network whose parameters live on {@code device}. */
    public static Model newModel(DetectorConfig cfg, Device device) throws IOException {
        Model model = Model.newInstance(ModelFolder.NAME, device, "PyTorch");
        try {
            AInnoFace net = new AInnoFace(cfg.model);
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, ModelFolder.initShape());
            if (cfg.model.pretrained != null && !cfg.model.pretrained.isBlank()) {
                Path file = AppPaths.resolve(cfg.model.pretrained);
                TorchNames.LoadReport r = TorchNames.loadSafetensors(
                        net.backbone(), "", file, model.getNDManager(), Set.of("fc.weight", "fc.bias"));
                if (!r.missing().isEmpty() || !r.unexpected().isEmpty()) {
                    throw new IOException(file + ": does not match backbone " + cfg.model.backbone
                            + ": missing " + r.missing() + ", unexpected " + r.unexpected());
                }
            }
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
