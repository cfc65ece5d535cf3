package io.ainnoface.cli;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ainnoface.data.WiderAnnotations;
import io.ainnoface.data.WiderImage;
import io.ainnoface.infer.Detector;
import io.ainnoface.infer.DjlDetector;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.infer.ImageTensors;
import io.ainnoface.peers.Detectors;
import io.ainnoface.util.AppPaths;
import io.ainnoface.util.ChildJvm;
import io.ainnoface.util.ProcessMemory;
import io.ainnoface.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Side-by-side speed of detectors on the same images: each detector and input size runs in its
 * own JVM (so peak memory is its own), one after the other, with the same thread count; or, with
 * {@code --interleaved}, all in one JVM taking turns on each image, for paired latency ratios.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Speed of our model and the peer detectors on the same images, side by side in one run:",
            "median and p90 latency per image (batch 1), images/s with batching, peak memory (RSS).",
            "Images are decoded before timing; a detect call includes resizing, the network and post-processing."})
final class BenchmarkDetectorsCommand implements Callable<Integer> {
    @Option(names = "--detectors", split = ",", defaultValue = "models/ainnoface-mobilenet,pytorch:models/ainnoface-mobilenet,yunet-n,ultraface-rfb640",
            description = "Detectors (" + Detectors.HELP + "); default: ${DEFAULT-VALUE}.")
    List<String> detectors;

    @Option(names = "--annotations", description = "Images listed in this WIDER annotation file "
            + "(default: the devval split in the shared folder).")
    Path annotations;

    @Option(names = "--images", description = "Image root of --annotations (default: the shared WIDER_train/images).")
    Path images;

    @Option(names = "--count", defaultValue = "50", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--sizes", split = ",", defaultValue = "640x480,original",
            description = "Input sizes: WxH (each image resized to it) or 'original' (default: ${DEFAULT-VALUE}).")
    List<String> sizes;

    @Option(names = "--threads", defaultValue = "2", description = "Compute threads for every engine (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--batch", defaultValue = "8", description = "Batch size for the throughput run (default: ${DEFAULT-VALUE}); "
            + "detectors with a fixed batch of 1 run one by one.")
    int batch;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up images (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threshold", defaultValue = "0.5", description = "Face score threshold (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--output", defaultValue = "benchmark.json", description = "JSON file of the table (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--interleaved", description = {"Run every detector in this one JVM, taking turns on each image "
            + "(the order rotates from image to image), and give each one's latency relative to the first detector's "
            + "on the same images (median of the per-image ratios). Load that drifts on a shared machine then slows "
            + "every detector alike; rows in their own JVMs run minutes apart. Our and the peers' ONNX Runtime threads "
            + "stop spinning when a run returns, so one detector's threads leave the cores to the next (DJL's "
            + "Criteria sessions, djl-onnx:, cannot be told and spin into the next turn). Batch-1 latency only: "
            + "no throughput, no peak memory."})
    boolean interleaved;

    @Option(names = "--tta", description = {"Also time each model folder among --detectors with test-time augmentation "
            + "(detect --tta; through djl:/djl-onnx: the translator's tta argument), in a row of its own after its "
            + "single-scale row; peers have none."})
    boolean tta;

    @Option(names = "--tta-preset", paramLabel = "NAME", split = ",", description = {"Also time each model folder "
            + "among --detectors with a named test-time setting (inference.ttaPresets in its ainnoface.yaml, applied "
            + "before any --set), in a TTA row of its own; repeatable or comma-separated, one row per name, after the "
            + "--tta row when that is given too."})
    List<String> ttaPresets = new ArrayList<>();

    @Option(names = "--set", paramLabel = "inference.FIELD=VALUE", description = {InferenceOptions.SET_HELP,
        "Applies to the model folders among --detectors; peers run as they are."})
    List<String> sets = new ArrayList<>();

    @Option(names = "--child", hidden = true, description = "Internal: measure one detector at one size and print JSON.")
    String child;

    @Option(names = "--child-tta", hidden = true, description = "Internal: the --child detector runs with TTA.")
    boolean childTta;

    /**
     * One row's detector: a spec of {@link Detectors#open}, whether it runs with TTA, and the named test-time setting
     * it runs with (null for the folder's own).
     */
    record Entry(String spec, boolean tta, String preset) {
        Entry(String spec, boolean tta) {
            this(spec, tta, null);
        }
    }

    /**
     * The rows, in order: every detector, each model folder followed by its TTA row with {@code --tta} and a TTA row
     * per {@code --tta-preset}.
     */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (String d : detectors) {
            out.add(new Entry(d, false));
            if (Detectors.hasTta(d)) {
                if (tta) {
                    out.add(new Entry(d, true));
                }
                for (String preset : ttaPresets) {
                    out.add(new Entry(d, true, preset));
                }
            }
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        OptionChecks.score("--threshold", threshold);
        OptionChecks.atLeast("--count", count, 1);
        OptionChecks.atLeast("--threads", threads, 1);
        OptionChecks.atLeast("--batch", batch, 1);
        OptionChecks.atLeast("--warmup", warmup, 0);
        if (child != null) {
            // its parent checked the --sets and sends at most one preset
            return measure(new Entry(child, childTta, ttaPresets.isEmpty() ? null : ttaPresets.get(0)), sizes.get(0));
        }
        for (String d : detectors) {
            Path dir = Detectors.ownFolder(d);
            if (dir != null && Files.isDirectory(dir)) {
                InferenceOptions.checked(dir, null, sets);
                for (String preset : ttaPresets) {
                    InferenceOptions.checked(dir, preset, sets);
                }
            }
        }
        if (interleaved) {
            return interleaved();
        }
        System.out.printf(Locale.ROOT, "%d images, %d threads, batch %d for throughput, threshold %.2f, one JVM per row%n",
                count, threads, batch, threshold);
        System.out.printf(Locale.ROOT, "%-50s %-9s %10s %10s %12s %7s %10s%n",
                "detector", "size", "median ms", "p90 ms", "images/s", "batch", "peak MB");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String size : sizes) {
            for (Entry d : entries()) {
                Map<String, Object> r = runChild(d, size);
                rows.add(r);
                if (r.containsKey("error")) {
                    System.out.printf(Locale.ROOT, "%-50s %-9s error: %s%n", d.spec() + suffix(d), size,
                            r.get("error"));
                    continue;
                }
                System.out.printf(Locale.ROOT, "%-50s %-9s %10.1f %10.1f %12.2f %7d %10.0f%n", r.get("detector"), size,
                        num(r, "medianMs"), num(r, "p90Ms"), num(r, "imagesPerSecond"), ((Number) r.get("batch")).intValue(),
                        num(r, "peakRssMb"));
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", "bin/ainnoface benchmark --detectors " + String.join(",", detectors) + " --sizes "
                + String.join(",", sizes) + " --count " + count + " --threads " + threads + " --batch " + batch
                + commandTail());
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.put("rows", rows);
        DetectCommand.writeJson(output, json);
        System.out.println("table written to " + output);
        return rows.stream().anyMatch(r -> r.containsKey("error")) ? 1 : 0;
    }

    /** {@code --tta}, the presets and the {@code --set}s as given, for the JSON's record of the command. */
    private String commandTail() {
        StringBuilder b = new StringBuilder(tta ? " --tta" : "");
        if (!ttaPresets.isEmpty()) {
            b.append(" --tta-preset ").append(String.join(",", ttaPresets));
        }
        for (String set : sets) {
            b.append(" --set '").append(set).append('\'');
        }
        return b.toString();
    }

    private static double num(Map<String, Object> r, String k) {
        return ((Number) r.get(k)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> runChild(Entry detector, String size) throws IOException, InterruptedException {
        List<String> cmd = ChildJvm.cli("6g", new ArrayList<>(List.of("benchmark", "--child", detector.spec(), "--sizes", size, "--count", String.valueOf(count), "--threads", String.valueOf(threads),
                "--batch", String.valueOf(batch), "--warmup", String.valueOf(warmup), "--threshold", String.valueOf(threshold))));
        if (detector.tta()) {
            cmd.add("--child-tta");
        }
        if (detector.preset() != null) {
            cmd.addAll(List.of("--tta-preset", detector.preset()));
        }
        for (String set : sets) {
            cmd.addAll(List.of("--set", set));
        }
        if (annotations != null) {
            cmd.addAll(List.of("--annotations", annotations.toAbsolutePath().toString()));
        }
        if (images != null) {
            cmd.addAll(List.of("--images", images.toAbsolutePath().toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                last = line;
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || last == null || !last.startsWith("{")) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("detector", detector.spec());
            err.put("tta", detector.tta());
            putPreset(err, detector);
            err.put("size", size);
            err.put("error", "measurement process failed (exit " + rc + ")");
            return err;
        }
        return new ObjectMapper().readValue(last, Map.class);
    }

    private int measure(Entry entry, String size) throws Exception {
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads libtorch before its thread count is set
        JniUtils.setNumThreads(threads);
        List<BufferedImage> imgs = loadImages(size);
        Map<String, Object> r = new LinkedHashMap<>();
        boolean tta = entry.tta();
        try (Detector det = open(entry)) {
            r.put("detector", label(det, entry));
            r.put("tta", tta);
            putPreset(r, entry);
            r.put("size", size);
            r.put("images", imgs.size());
            for (int i = 0; i < Math.min(warmup, imgs.size()); i++) {
                det.detect(List.of(imgs.get(i)), threshold, tta);
            }
            double[] ms = new double[imgs.size()];
            long faces = 0;
            try (Progress bar = new Progress(det.name() + " " + size, imgs.size() * 2L)) {
                for (int i = 0; i < imgs.size(); i++) {
                    long t = System.nanoTime();
                    faces += det.detect(List.of(imgs.get(i)), threshold, tta).get(0).size();
                    ms[i] = (System.nanoTime() - t) / 1e6;
                    bar.advance(1, "");
                }
                int b = Math.max(1, Math.min(batch, det.maxBatch()));
                long t = System.nanoTime();
                for (int s = 0; s < imgs.size(); s += b) {
                    det.detect(imgs.subList(s, Math.min(imgs.size(), s + b)), threshold, tta);
                    bar.advance(Math.min(b, imgs.size() - s), "");
                }
                double secs = (System.nanoTime() - t) / 1e9;
                r.put("batch", b);
                r.put("imagesPerSecond", imgs.size() / secs);
            }
            r.put("medianMs", median(ms));
            r.put("p90Ms", p90(ms));
            r.put("facesAtThreshold", faces);
            r.put("threads", threads);
            r.put("peakRssMb", ProcessMemory.peakRssMb());
        }
        System.out.println(new ObjectMapper().writeValueAsString(r));
        return 0;
    }

    private int interleaved() throws Exception {
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads libtorch before its thread count is set
        JniUtils.setNumThreads(threads);
        System.out.printf(Locale.ROOT, "%d images, %d threads, batch 1, threshold %.2f, interleaved in one JVM%n",
                count, threads, threshold);
        System.out.printf(Locale.ROOT, "%-50s %-9s %10s %10s %16s%n", "detector", "size", "median ms", "p90 ms",
                "x " + detectors.get(0) + " (paired)");
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Entry> entries = entries();
        List<Detector> opened = new ArrayList<>();
        try {
            for (Entry e : entries) {
                opened.add(open(e));
            }
            for (String size : sizes) {
                List<BufferedImage> imgs = loadImages(size);
                int n = opened.size();
                for (int d = 0; d < n; d++) {
                    for (int i = 0; i < Math.min(warmup, imgs.size()); i++) {
                        opened.get(d).detect(List.of(imgs.get(i)), threshold, entries.get(d).tta());
                    }
                }
                double[][] ms = new double[n][imgs.size()];
                try (Progress bar = new Progress("interleaved " + size, (long) imgs.size() * n)) {
                    for (int i = 0; i < imgs.size(); i++) {
                        for (int k = 0; k < n; k++) {
                            int d = (i + k) % n;
                            long t = System.nanoTime();
                            opened.get(d).detect(List.of(imgs.get(i)), threshold, entries.get(d).tta());
                            ms[d][i] = (System.nanoTime() - t) / 1e6;
                            bar.advance(1, "");
                        }
                    }
                }
                for (int d = 0; d < n; d++) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("detector", label(opened.get(d), entries.get(d)));
                    r.put("tta", entries.get(d).tta());
                    putPreset(r, entries.get(d));
                    r.put("size", size);
                    r.put("images", imgs.size());
                    r.put("medianMs", median(ms[d]));
                    r.put("p90Ms", p90(ms[d]));
                    r.put("pairedRatioToFirst", pairedRatio(ms[d], ms[0]));
                    r.put("threads", threads);
                    r.put("latenciesMs", ms[d]);
                    rows.add(r);
                    System.out.printf(Locale.ROOT, "%-50s %-9s %10.1f %10.1f %16.2f%n", r.get("detector"), size,
                            num(r, "medianMs"), num(r, "p90Ms"), num(r, "pairedRatioToFirst"));
                }
            }
        } finally {
            for (Detector det : opened) {
                det.close();
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", "bin/ainnoface benchmark --interleaved --detectors " + String.join(",", detectors) + " --sizes "
                + String.join(",", sizes) + " --count " + count + " --threads " + threads + commandTail());
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.put("rows", rows);
        DetectCommand.writeJson(output, json);
        System.out.println("table written to " + output);
        return 0;
    }

    /** Opens a row's detector with the {@code --set}s applied to it when it is one of our model folders. */
    private Detector open(Entry entry) throws IOException {
        Detector det = Detectors.open(entry.spec(), threads);
        // peers are timed as they are beside our folder's settings; a folder through DJL's Criteria cannot take them
        String bad = det instanceof FaceDetector || det instanceof DjlDetector ? InferenceOptions.apply(det, entry.preset(), sets, null)
                : null;
        if (bad != null) {
            det.close();
            throw new IllegalArgumentException(entry.spec() + ": " + bad);
        }
        return det;
    }

    private static String label(Detector det, Entry entry) {
        String name = det instanceof FaceDetector f ? det.name() + " (" + f.engine() + ")" : det.name();
        return name + suffix(entry);
    }

    /** What a row's label adds to its detector's name: " TTA", and the preset's name when it has one. */
    private static String suffix(Entry entry) {
        return !entry.tta() ? "" : entry.preset() == null ? " TTA" : " TTA " + entry.preset();
    }

    private static void putPreset(Map<String, Object> row, Entry entry) {
        if (entry.preset() != null) {
            row.put("ttaPreset", entry.preset());
        }
    }

    /** The median of {@code a[i] / ref[i]} over the images: how many times the reference's time each image takes. */
    static double pairedRatio(double[] a, double[] ref) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / ref[i];
        }
        return median(r);
    }

    /** The middle value (the upper one of an even count), as the table has always reported. */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The smallest value that at least 90 % of the values do not exceed. */
    static double p90(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.9) - 1)];
    }

    private List<BufferedImage> loadImages(String size) throws IOException {
        Path ann = annotations != null ? annotations
                : AppPaths.shared().resolve("data/widerface/wider_face_split/wider_face_devval_bbx_gt.txt");
        Path root = images != null ? images : AppPaths.shared().resolve("data/widerface/WIDER_train/images");
        ImageLoader loader = new ImageLoader(Long.MAX_VALUE, 1);
        List<BufferedImage> out = new ArrayList<>();
        for (WiderImage w : WiderAnnotations.read(ann, true).images()) {
            if (out.size() >= count) {
                break;
            }
            BufferedImage img = loader.load(root.resolve(w.path()));
            if (!size.equals("original")) {
                String[] wh = size.toLowerCase(Locale.ROOT).split("x");
                img = ImageTensors.resize(img, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
            }
            out.add(img);
        }
        return out;
    }
}
