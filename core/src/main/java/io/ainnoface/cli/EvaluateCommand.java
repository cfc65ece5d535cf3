package io.ainnoface.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ainnoface.data.WiderAnnotations;
import io.ainnoface.eval.DetectorRun;
import io.ainnoface.eval.BestOverlap;
import io.ainnoface.eval.EdgeBias;
import io.ainnoface.eval.GtImage;
import io.ainnoface.eval.Submission;
import io.ainnoface.eval.WiderEvaluator;
import io.ainnoface.eval.WiderGroundTruth;
import io.ainnoface.infer.Detector;
import io.ainnoface.infer.DownscaledDetector;
import io.ainnoface.peers.Detectors;
import io.ainnoface.util.LinePlot;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"WIDER FACE evaluation (official protocol) of a submission folder or of a model.",
            "Prints the APs on one line (and each setting's median edge errors of matched faces on stderr),"
                    + " writes <output>/results.json and <output>/pr.png."})
final class EvaluateCommand implements Callable<Integer> {

    static final class Truth {
        @Option(names = "--ground-truth", description = "Folder of wider_face_val.mat and wider_{easy,medium,hard}_val.mat.")
        Path matDir;

        @Option(names = "--annotations", description = "A *_bbx_gt.txt split (e.g. devval): overall AP and AP by face size.")
        Path annotations;

        /**
         * The evaluation settings, by name, each with every image's faces and which of them count.
         *
         * @throws IllegalArgumentException COCO's size bins asked of the official settings, which have none
         */
        Map<String, List<GtImage>> settings(WiderGroundTruth.SizeBins bins) throws IOException {
            if (matDir != null && bins != WiderGroundTruth.SizeBins.WIDER) {
                throw new IllegalArgumentException("--size-bins " + bins.name().toLowerCase(Locale.ROOT)
                        + " needs --annotations: the official settings of --ground-truth are not size bins");
            }
            return matDir != null
                    ? WiderGroundTruth.readMat(matDir)
                    : WiderGroundTruth.fromAnnotations(WiderAnnotations.read(annotations, true).images(), bins);
        }
    }

    static final String SIZE_BINS_HELP = "With --annotations: how a face-size bin counts a box that matches no face. "
            + "wider (default): as a false positive in every bin, as WIDER's easy/medium/hard settings do; coco: only "
            + "in the bin its own size falls in, as COCO's area ranges do. Overall AP is the same either way.";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Truth truth;

    @Option(names = "--size-bins", paramLabel = "wider|coco", description = SIZE_BINS_HELP)
    WiderGroundTruth.SizeBins sizeBins = WiderGroundTruth.SizeBins.WIDER;

    @Option(names = "--predictions", description = "Submission folder (<event>/<image>.txt) to evaluate.")
    Path predictions;

    @Option(names = "--model", description = "Detector to run (with --images): " + Detectors.HELP + ".")
    String model;

    @Option(names = "--max-long-side", defaultValue = "0", description = "With --model: scale each image down "
            + "to this long side before detection (any detector, TTA included) and map the faces back, so they are "
            + "still binned by their size in the original: smaller photos of the same scenes (default: original size).")
    int maxLongSide;

    @Option(names = "--images", description = "Images root (<event>/<image>.jpg) for --model.")
    Path images;

    @Option(names = "--output", defaultValue = "eval-out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--label", defaultValue = "ours", description = "Name of this run in plots and JSON.")
    String label;

    @Option(names = "--compare", description = "results.json files of other runs to draw on the same PR plot.")
    List<Path> compare = new ArrayList<>();

    @Option(names = "--tta", description = "With --model: test-time augmentation.")
    boolean tta;

    @Option(names = "--tta-score", paramLabel = "max|mean-max|flip-mean|flip-mean-enlarged", description = "With "
            + "--tta and one of our model folders: score of a voted box, max (SRN's), mean-max, flip-mean (the "
            + "bundled model's) or flip-mean-enlarged (README, Status).")
    String ttaScore;

    @Option(names = "--tta-preset", paramLabel = "NAME", description = InferenceOptions.PRESET_HELP)
    String ttaPreset;

    @Option(names = "--set", paramLabel = "inference.FIELD=VALUE", description = InferenceOptions.SET_HELP)
    List<String> sets = new ArrayList<>();

    @Option(names = "--batch", defaultValue = "1", description = "With --model: images per forward pass.")
    int batch;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--batch", batch, 1);
        Map<String, List<GtImage>> settings = truth.settings(sizeBins);
        Files.createDirectories(output);
        Path predDir = predictions;
        if (model != null) {
            if (images == null) {
                System.err.println("error: --model needs --images");
                return 2;
            }
            predDir = output.resolve("predictions");
            if (maxLongSide < 0) {
                System.err.println("error: --max-long-side: " + maxLongSide + " is negative");
                return 2;
            }
            Detector opened = Detectors.open(model, 0);
            try (Detector det = maxLongSide > 0 ? new DownscaledDetector(opened, maxLongSide) : opened) {
                String bad = InferenceOptions.apply(opened, ttaPreset, sets, ttaScore);
                if (bad != null) {
                    System.err.println("error: " + bad);
                    return 2;
                }
                tta |= ttaPreset != null;
                DetectorRun.predict(det, settings.values().iterator().next(), images, tta, batch, predDir,
                        w -> System.err.println("\nwarning: " + w), true);
            }
        } else if (predDir == null) {
            System.err.println("error: give --predictions DIR or --model DIR --images DIR");
            return 2;
        }
        long t0 = System.nanoTime();
        Map<String, double[]> preds = Submission.read(predDir);
        int missing = 0;
        for (GtImage g : settings.values().iterator().next()) {
            if (!preds.containsKey(g.key())) {
                missing++;
            }
        }
        if (missing > 0) {
            System.err.println("warning: " + missing + " image(s) have no prediction file; counted as no detections");
        }
        Map<String, WiderEvaluator.Result> results = DetectorRun.evaluate(settings, preds);
        double secs = (System.nanoTime() - t0) / 1e9;
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, WiderEvaluator.Result> e : results.entrySet()) {
            line.append(String.format(Locale.ROOT, "%s%s %.4f", line.length() == 0 ? "" : " ", e.getKey(), e.getValue().ap()));
        }
        System.out.println(line);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", label);
        json.put("predictions", predDir.toString());
        json.put("evaluationSeconds", secs);
        json.put("sizeBins", sizeBins.name().toLowerCase(Locale.ROOT));
        Map<String, Object> sets = new LinkedHashMap<>();
        for (Map.Entry<String, WiderEvaluator.Result> e : results.entrySet()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("ap", e.getValue().ap());
            r.put("faces", e.getValue().faces());
            r.put("precision", e.getValue().precision());
            r.put("recall", e.getValue().recall());
            sets.put(e.getKey(), r);
        }
        json.put("settings", sets);
        Map<String, Object> bias = new LinkedHashMap<>();
        for (Map.Entry<String, List<GtImage>> e : settings.entrySet()) {
            EdgeBias.Result b = EdgeBias.measure(e.getValue(), preds, 0.5);
            bias.put(e.getKey(), Map.of("matched", b.matched(), "x1", b.x1(), "y1", b.y1(), "x2", b.x2(), "y2", b.y2()));
            System.err.printf(Locale.ROOT, "edge bias %s (median px, prediction - truth, %d faces): x1 %+.2f y1 %+.2f x2 %+.2f y2 %+.2f%n",
                    e.getKey(), b.matched(), b.x1(), b.y1(), b.x2(), b.y2());
        }
        json.put("edgeBias", bias);
        Map<String, Object> fit = new LinkedHashMap<>();
        for (Map.Entry<String, List<GtImage>> e : settings.entrySet()) {
            BestOverlap.Result o = BestOverlap.measure(e.getValue(), preds);
            Map<String, Object> counts = new LinkedHashMap<>();
            StringBuilder bins = new StringBuilder();
            for (int k = 0; k < o.counts().length; k++) {
                counts.put(BestOverlap.BINS.get(k), o.counts()[k]);
                bins.append(String.format(Locale.ROOT, " %s %d", BestOverlap.BINS.get(k), o.counts()[k]));
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("faces", o.faces());
            r.put("median", o.median());
            r.put("counts", counts);
            fit.put(e.getKey(), r);
            System.err.printf(Locale.ROOT, "best overlap %s (any score, %d faces): median %.3f;%s%n",
                    e.getKey(), o.faces(), o.median(), bins);
        }
        json.put("bestOverlap", fit);
        DetectCommand.writeJson(output.resolve("results.json"), json);
        plot(json);
        return 0;
    }

    @SuppressWarnings("unchecked")
    private void plot(Map<String, Object> mine) throws IOException {
        List<Map<String, Object>> runs = new ArrayList<>();
        runs.add(mine);
        ObjectMapper om = new ObjectMapper();
        for (Path p : compare) {
            Map<String, Object> other = om.readValue(p.toFile(), Map.class);
            // results.json files written before --size-bins existed used WIDER's convention
            Object bins = other.getOrDefault("sizeBins", "wider");
            if (!bins.equals(mine.get("sizeBins"))) {
                System.err.println("warning: " + p + " was evaluated with --size-bins " + bins + ", this run with "
                        + mine.get("sizeBins") + ": its size-bin curves are not comparable");
            }
            runs.add(other);
        }
        Map<String, Object> sets = (Map<String, Object>) mine.get("settings");
        String suffix = sizeBins == WiderGroundTruth.SizeBins.COCO ? " (COCO size bins)" : "";
        LinePlot all = new LinePlot("Precision-recall: " + label + suffix, "recall", "precision").yRange(0, 1);
        for (Map.Entry<String, Object> e : sets.entrySet()) {
            Map<String, Object> s = (Map<String, Object>) e.getValue();
            all.series(String.format(Locale.ROOT, "%s %.3f", e.getKey(), number(s.get("ap"))),
                    toArray(s.get("recall")), toArray(s.get("precision")));
        }
        all.write(output.resolve("pr.png"));
        for (String setting : sets.keySet()) {
            LinePlot plot = new LinePlot("Precision-recall: " + setting + suffix, "recall", "precision").yRange(0, 1);
            for (Map<String, Object> r : runs) {
                Map<String, Object> s = (Map<String, Object>) ((Map<String, Object>) r.get("settings")).get(setting);
                if (s == null) {
                    continue;
                }
                plot.series(String.format(Locale.ROOT, "%s %.3f", r.get("label"), number(s.get("ap"))),
                        toArray(s.get("recall")), toArray(s.get("precision")));
            }
            plot.write(output.resolve("pr-" + setting.replaceAll("[^a-zA-Z0-9-]", "") + ".png"));
        }
    }

    /**
     * A curve as written to results.json and read back: Jackson writes NaN (a precision of 0/0 at a threshold no box
     * reaches, the AP of a bin without faces) as the string "NaN", so strings are parsed as numbers.
     */
    static double[] toArray(Object o) {
        if (o instanceof double[] d) {
            return d;
        }
        List<?> l = (List<?>) o;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(l.get(i));
        }
        return out;
    }

    private static double number(Object v) {
        return v == null ? Double.NaN : v instanceof String t ? Double.parseDouble(t) : ((Number) v).doubleValue();
    }
}
