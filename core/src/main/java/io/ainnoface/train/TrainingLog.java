package io.ainnoface.train;

import io.ainnoface.util.LinePlot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv} (one row per iteration) and PNG plots of learning rate, momentum and loss
 * terms. On resume, rows past the checkpoint's iteration are dropped so the curves stay truthful.
 */
public final class TrainingLog {
    static final String HEADER = "iteration,epoch,lr,momentum,loss,cls1,reg1,cls2,reg2,images_per_s";
    private final Path csv;
    private final Path dir;
    private final List<double[]> rows = new ArrayList<>();

    public TrainingLog(Path dir, long resumeIteration) throws IOException {
        this.dir = dir;
        this.csv = dir.resolve("metrics.csv");
        Files.createDirectories(dir);
        List<String> keep = new ArrayList<>();
        keep.add(HEADER);
        if (Files.exists(csv)) {
            for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
                if (line.isEmpty() || line.startsWith("iteration")) {
                    continue;
                }
                String[] t = line.split(",");
                if (Long.parseLong(t[0]) >= resumeIteration) {
                    continue;
                }
                double[] v = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    v[i] = Double.parseDouble(t[i]);
                }
                rows.add(v);
                keep.add(line);
            }
        }
        Files.write(csv, keep, StandardCharsets.UTF_8);
    }

    public void add(long iteration, int epoch, double lr, double momentum, double[] losses, double imagesPerSecond)
            throws IOException {
        double[] v = {iteration, epoch, lr, momentum, losses[0], losses[1], losses[2], losses[3], losses[4],
            imagesPerSecond};
        rows.add(v);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(i < 2 ? String.valueOf((long) v[i]) : String.format(Locale.ROOT, "%.6g", v[i]));
        }
        sb.append('\n');
        Files.writeString(csv, sb, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    public List<double[]> rows() {
        return rows;
    }

    /** Writes {@code schedule.png} and {@code losses.png}. */
    public void plot() throws IOException {
        int n = rows.size();
        double[] it = new double[n];
        double[][] col = new double[10][n];
        for (int i = 0; i < n; i++) {
            it[i] = rows.get(i)[0];
            for (int c = 0; c < 10; c++) {
                col[c][i] = rows.get(i)[c];
            }
        }
        new LinePlot("Learning rate and momentum", "iteration", "value")
                .series("learning rate x100", it, scale(col[2], 100))
                .series("momentum", it, col[3])
                .write(dir.resolve("schedule.png"));
        int win = Math.max(1, n / 100);
        new LinePlot("Training loss (moving average over " + win + " iterations)", "iteration", "loss")
                .series("total", it, smooth(col[4], win))
                .series("first-step cls (STC)", it, smooth(col[5], win))
                .series("first-step IoU (STR)", it, smooth(col[6], win))
                .series("second-step cls", it, smooth(col[7], win))
                .series("second-step IoU", it, smooth(col[8], win))
                .write(dir.resolve("losses.png"));
    }

    private static double[] scale(double[] v, double s) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] * s;
        }
        return o;
    }

    static double[] smooth(double[] v, int win) {
        double[] o = new double[v.length];
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            if (i >= win) {
                sum -= v[i - win];
            }
            o[i] = sum / Math.min(i + 1, win);
        }
        return o;
    }
}
