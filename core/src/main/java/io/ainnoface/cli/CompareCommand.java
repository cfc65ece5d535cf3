package io.ainnoface.cli;

import io.ainnoface.eval.GtImage;
import io.ainnoface.eval.PairedBootstrap;
import io.ainnoface.eval.Submission;
import io.ainnoface.eval.WiderEvaluator;
import io.ainnoface.eval.WiderGroundTruth;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Is one detector's AP really higher than another's? Paired bootstrap over the images of a WIDER "
                + "evaluation set: for every setting, each detector's AP, and for each detector after the first the "
                + "difference from the first with its confidence interval and the share of resamples in which the "
                + "first is higher. Reads submission folders (evaluate writes one under <output>/predictions).",
            "Example: compare --annotations wider_face_devval_bbx_gt.txt --predictions ours=eval-ours/predictions "
                + "--predictions ultraface=eval-uf/predictions"})
final class CompareCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    EvaluateCommand.Truth truth;

    @Option(names = "--predictions", required = true, paramLabel = "LABEL=DIR",
            description = "A detector's submission folder under a label; at least two, the first is compared with the others.")
    List<String> predictions = new ArrayList<>();

    @Option(names = "--size-bins", paramLabel = "wider|coco",
            description = EvaluateCommand.SIZE_BINS_HELP)
    WiderGroundTruth.SizeBins sizeBins = WiderGroundTruth.SizeBins.WIDER;

    @Option(names = "--resamples", defaultValue = "2000", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--confidence", defaultValue = "0.95", description = "Confidence of the interval (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the resampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", description = "Also write the table as JSON to this file.")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (predictions.size() < 2) {
            System.err.println("error: --predictions needs at least two LABEL=DIR, got " + predictions.size());
            return 2;
        }
        try {
            PairedBootstrap.checkSettings(resamples, confidence);
        } catch (IllegalArgumentException e) {
            System.err.println("error: --" + e.getMessage());
            return 2;
        }
        Map<String, List<GtImage>> settings = truth.settings(sizeBins);
        List<String> labels = new ArrayList<>();
        List<Map<String, double[]>> preds = new ArrayList<>();
        for (String p : predictions) {
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                System.err.println("error: --predictions " + p + ": expected LABEL=DIR");
                return 2;
            }
            labels.add(p.substring(0, eq));
            Map<String, double[]> m = Submission.read(Path.of(p.substring(eq + 1)));
            WiderEvaluator.normalizeScores(m.values());
            preds.add(m);
        }
        String ci = String.format(Locale.ROOT, "%.0f %% interval", 100 * confidence);
        System.out.printf(Locale.ROOT, "%-16s %-18s %8s %8s %9s  %-20s %s%n", "setting", "vs", labels.get(0), "other",
                "diff", ci, labels.get(0) + " higher in");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("resamples", resamples);
        json.put("confidence", confidence);
        json.put("seed", seed);
        json.put("sizeBins", sizeBins.name().toLowerCase(Locale.ROOT));
        Map<String, Object> sets = new LinkedHashMap<>();
        for (Map.Entry<String, List<GtImage>> e : settings.entrySet()) {
            if (e.getValue().stream().mapToInt(GtImage::keptCount).sum() == 0) {
                continue; // a size bin the set has no face of
            }
            Map<String, Object> rows = new LinkedHashMap<>();
            for (int k = 1; k < preds.size(); k++) {
                PairedBootstrap.Result r = PairedBootstrap.compare(e.getValue(), preds.get(0), preds.get(k),
                        resamples, confidence, seed);
                System.out.printf(Locale.ROOT, "%-16s %-18s %8.4f %8.4f %+9.4f  [%+.4f, %+.4f]    %5.1f %%%n",
                        e.getKey(), labels.get(k), r.apA(), r.apB(), r.difference(), r.low(), r.high(),
                        100 * r.shareAHigher());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("ap", r.apA());
                row.put("otherAp", r.apB());
                row.put("difference", r.difference());
                row.put("low", r.low());
                row.put("high", r.high());
                row.put("shareHigher", r.shareAHigher());
                rows.put(labels.get(k), row);
            }
            sets.put(e.getKey(), rows);
        }
        json.put("first", labels.get(0));
        json.put("settings", sets);
        if (output != null) {
            DetectCommand.writeJson(output, json);
        }
        return 0;
    }
}
