package io.ainnoface.train;

import io.ainnoface.eval.DetectorRun;
import io.ainnoface.eval.GtImage;
import io.ainnoface.eval.WiderEvaluator;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.util.LinePlot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates the model (its weight average, if kept) on a held-out split every {@code every} epochs
 * (single scale) and appends
 * the overall AP and the AP by face size to {@code eval.csv}, plotted in {@code eval.png}.
 */
public final class DevvalHook implements Trainer.EpochHook {
    private final Map<String, List<GtImage>> settings;
    private final Path imageRoot;
    private final int every;

    public DevvalHook(Map<String, List<GtImage>> settings, Path imageRoot, int every, int maxImages) {
        this.settings = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<GtImage>> e : settings.entrySet()) {
            List<GtImage> l = e.getValue();
            this.settings.put(e.getKey(), maxImages > 0 && l.size() > maxImages ? l.subList(0, maxImages) : l);
        }
        this.imageRoot = imageRoot;
        this.every = every;
    }

    @Override
    public void afterEpoch(int epoch, Trainer trainer) throws IOException {
        if (every <= 0 || (epoch + 1) % every != 0) {
            return;
        }
        FaceDetector det = new FaceDetector(trainer.model(), trainer.config(), false);
        Map<String, double[]> preds = trainer.withModelWeights(() -> DetectorRun.predict(det,
                settings.values().iterator().next(), imageRoot, false, 1, null, trainer::warn, false));
        Map<String, WiderEvaluator.Result> r = DetectorRun.evaluate(settings, preds);
        Path csv = trainer.runDir().resolve("eval.csv");
        if (!Files.exists(csv)) {
            Files.writeString(csv, "epoch,iteration," + String.join(",", r.keySet()) + "\n", StandardCharsets.UTF_8);
        }
        StringBuilder row = new StringBuilder(epoch + "," + trainer.state().iteration());
        StringBuilder msg = new StringBuilder("devval after epoch " + epoch + ":");
        for (Map.Entry<String, WiderEvaluator.Result> e : r.entrySet()) {
            row.append(String.format(Locale.ROOT, ",%.5f", e.getValue().ap()));
            msg.append(String.format(Locale.ROOT, " %s %.4f", e.getKey(), e.getValue().ap()));
        }
        Files.writeString(csv, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        trainer.info(msg.toString());
        plot(csv, trainer.runDir().resolve("eval.png"));
    }

    static void plot(Path csv, Path png) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] head = lines.get(0).split(",");
        List<double[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] t = l.split(",");
            double[] v = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                v[i] = Double.parseDouble(t[i]);
            }
            rows.add(v);
        }
        double[] x = rows.stream().mapToDouble(v -> v[0]).toArray();
        LinePlot p = new LinePlot("Devval AP by epoch", "epoch", "AP").yRange(0, 1);
        for (int c = 2; c < head.length; c++) {
            int col = c;
            p.series(head[c], x, rows.stream().mapToDouble(v -> v[col]).toArray());
        }
        p.write(png);
    }
}
