package io.ainnoface.cli;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.model.Networks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

@Command(name = "benchmark-backbones", mixinStandardHelpOptions = true,
        description = "Forward latency (batch 1) of the full network for each backbone, side by side in one run.")
final class BenchmarkCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--config", split = ",", defaultValue = "configs/cpu_mobilenet.yaml",
            description = "Configs whose neck/head is used; several (comma-separated) are compared (default: ${DEFAULT-VALUE}).")
    List<Path> configs;

    @Option(names = "--backbones", split = ",", defaultValue = "mobilenet_v1,resnet18,resnet34,resnet50,resnet101,resnet152")
    List<String> backbones;

    @Option(names = "--width", defaultValue = "640")
    int width;

    @Option(names = "--height", defaultValue = "480")
    int height;

    @Option(names = "--warmup", defaultValue = "3")
    int warmup;

    @Option(names = "--runs", defaultValue = "10")
    int runs;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--width", width, 1);
        OptionChecks.atLeast("--height", height, 1);
        OptionChecks.atLeast("--warmup", warmup, 0);
        OptionChecks.atLeast("--runs", runs, 1);
        System.out.printf(Locale.ROOT, "forward latency, %dx%d, batch 1, %d threads, %d runs after %d warm-up,"
                + " networks interleaved run by run%n", width, height, Runtime.getRuntime().availableProcessors(), runs, warmup);
        List<String> names = new java.util.ArrayList<>();
        List<Model> models = new java.util.ArrayList<>();
        List<FaceDetector> dets = new java.util.ArrayList<>();
        try {
            for (Path c : configs) {
                for (String b : backbones) {
                    DetectorConfig cfg = ConfigLoader.load(c);
                    cfg.model.backbone = b;
                    cfg.model.pretrained = null;
                    Model model = Networks.newModel(cfg);
                    models.add(model);
                    dets.add(new FaceDetector(model, cfg, false));
                    names.add(configs.size() > 1 ? c.getFileName() + " " + b : b);
                }
            }
            float[] data = new float[3 * width * height];
            Shape shape = new Shape(1, 3, height, width);
            double[][] ms = new double[dets.size()][runs];
            // interleaved, so that the VM's slow and fast phases fall on every network alike
            for (int i = 0; i < warmup + runs; i++) {
                for (int d = 0; d < dets.size(); d++) {
                    long t = System.nanoTime();
                    dets.get(d).forward(data, shape);
                    if (i >= warmup) {
                        ms[d][i - warmup] = (System.nanoTime() - t) / 1e6;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-40s %10s %10s %10s %12s%n", "network", "median ms", "p90 ms", "min ms", "params");
            for (int d = 0; d < dets.size(); d++) {
                Arrays.sort(ms[d]);
                long params = models.get(d).getBlock().getParameters().values().stream()
                        .mapToLong(p -> p.getArray().size()).sum();
                System.out.printf(Locale.ROOT, "%-40s %10.1f %10.1f %10.1f %12d%n", names.get(d), ms[d][runs / 2],
                        ms[d][Math.min(runs - 1, (int) Math.ceil(runs * 0.9) - 1)], ms[d][0], params);
            }
        } finally {
            models.forEach(Model::close);
        }
        return 0;
    }
}
