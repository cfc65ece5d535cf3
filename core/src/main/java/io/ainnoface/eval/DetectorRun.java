package io.ainnoface.eval;

import io.ainnoface.infer.Face;
import io.ainnoface.infer.Detector;
import io.ainnoface.config.InferenceConfig;
import io.ainnoface.infer.ImageLoadException;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.util.Progress;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs a detector over the images of an evaluation set and returns its predictions. */
public final class DetectorRun {
    private DetectorRun() {}

    /**
     * @param imageRoot folder holding {@code <event>/<image>.jpg}
     * @param submission if not null, each image's faces are also written there (WIDER layout)
     * @return key {@code event/image} → rows of {@code x y w h score}
     */
    public static Map<String, double[]> predict(Detector det, List<GtImage> images, Path imageRoot,
            boolean tta, int batch, Path submission, Consumer<String> warn, boolean progress) throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        ImageLoader loader = new ImageLoader(new InferenceConfig().maxPixels, 1);
        double thr = det.evalThreshold();
        int step = Math.max(1, batch);
        try (Progress bar = new Progress("evaluate", images.size(), System.err, progress && images.size() > 1)) {
            for (int s = 0; s < images.size(); s += step) {
                List<GtImage> chunk = images.subList(s, Math.min(images.size(), s + step));
                List<BufferedImage> imgs = new ArrayList<>();
                List<GtImage> ok = new ArrayList<>();
                for (GtImage g : chunk) {
                    try {
                        imgs.add(loader.load(find(imageRoot, g)));
                        ok.add(g);
                    } catch (ImageLoadException e) {
                        warn.accept(e.getMessage());
                    }
                }
                List<List<Face>> faces = det.detect(imgs, thr, tta);
                for (int i = 0; i < ok.size(); i++) {
                    GtImage g = ok.get(i);
                    List<Face> f = faces.get(i);
                    double[] rows = new double[f.size() * 5];
                    for (int k = 0; k < f.size(); k++) {
                        Face x = f.get(k);
                        rows[5 * k] = x.x1();
                        rows[5 * k + 1] = x.y1();
                        rows[5 * k + 2] = x.width();
                        rows[5 * k + 3] = x.height();
                        rows[5 * k + 4] = x.score();
                    }
                    out.put(g.key(), rows);
                    if (submission != null) {
                        Submission.write(submission, g.event(), g.name(), f);
                    }
                }
                bar.advance(chunk.size(), "");
            }
        }
        return out;
    }

    private static Path find(Path root, GtImage g) {
        for (String ext : List.of(".jpg", ".jpeg", ".png")) {
            Path p = root.resolve(g.event()).resolve(g.name() + ext);
            if (Files.exists(p)) {
                return p;
            }
        }
        return root.resolve(g.event()).resolve(g.name() + ".jpg");
    }

    /** Normalizes the scores and evaluates every setting. */
    public static Map<String, WiderEvaluator.Result> evaluate(Map<String, List<GtImage>> settings,
            Map<String, double[]> predictions) {
        WiderEvaluator.normalizeScores(predictions.values());
        Map<String, WiderEvaluator.Result> r = new LinkedHashMap<>();
        for (Map.Entry<String, List<GtImage>> e : settings.entrySet()) {
            r.put(e.getKey(), WiderEvaluator.evaluate(e.getValue(), predictions, 0.5));
        }
        return r;
    }
}
