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
    @Option(names = "--config", defaultValue = "configs/cpu_mobilenet.yaml", description = "Base config whose neck/head is used (default: ${DEFAULT-VALUE}).")
    Path config;

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
        System.out.printf(Locale.ROOT, "forward latency, %dx%d, batch 1, %d threads, %d runs after %d warm-up%n",
                width, height, Runtime.getRuntime().availableProcessors(), runs, warmup);
        System.out.printf(Locale.ROOT, "%-14s %10s %10s %10s %12s%n", "backbone", "median ms", "p90 ms", "min ms", "params");
        for (String b : backbones) {
            DetectorConfig cfg = ConfigLoader.load(config);
            cfg.model.backbone = b;
            cfg.model.pretrained = null;
            try (Model model = Networks.newModel(cfg); FaceDetector det = new FaceDetector(model, cfg, false)) {
                float[] data = new float[3 * width * height];
                Shape shape = new Shape(1, 3, height, width);
                double[] ms = new double[runs];
                for (int i = 0; i < warmup + runs; i++) {
                    long t = System.nanoTime();
                    det.forward(data, shape);
                    if (i >= warmup) {
                        ms[i - warmup] = (System.nanoTime() - t) / 1e6;
                    }
                }
                Arrays.sort(ms);
                long params = model.getBlock().getParameters().values().stream()
                        .mapToLong(p -> p.getArray().size()).sum();
                System.out.printf(Locale.ROOT, "%-14s %10.1f %10.1f %10.1f %12d%n", b, ms[runs / 2],
                        ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.9) - 1)], ms[0], params);
            }
        }
        return 0;
    }
}
