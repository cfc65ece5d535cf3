package io.ainnoface.verify;

import io.ainnoface.box.Boxes;
import io.ainnoface.config.VerifierConfig;
import io.ainnoface.data.WiderFace;
import io.ainnoface.data.WiderImage;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.ImageLoadException;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.util.Progress;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The verifier's training crops: the detector's own boxes on the training images (face if IoU ≥ {@link #POS_IOU}
 * with a valid face, not a face if IoU < {@code verifier.negIou} with every face, invalid ones included; between,
 * left out)
 * and every valid face of at least {@link #MIN_FACE} pixels with its box jittered, so the verifier learns the
 * detector's mistakes and the faces it should keep.
 */
public final class CropSet {
    public static final double POS_IOU = 0.5;
    /** Valid faces below this size {@code sqrt(w·h)} are not added as crops of their own. */
    public static final double MIN_FACE = 6;
    /** Standard deviation of the jitter of a face's box: position in box sides, size in log units. */
    public static final double JITTER = 0.06;

    /** Crops ((3, side, side) bytes) and their labels (1 face, 0 not). */
    public final List<byte[]> crops = new ArrayList<>();
    public final List<Boolean> faces = new ArrayList<>();

    public int size() {
        return crops.size();
    }

    public long faceCount() {
        return faces.stream().filter(b -> b).count();
    }

    /**
     * @param predictions by {@code event/stem}: rows of {@code x y w h score} (a submission folder, {@code
     *     Submission.read}); the {@code perImage} highest scoring at least {@code minScore} of each image are used
     * @param images the split's images with every face (invalid ones too)
     */
    public static CropSet build(List<WiderImage> images, Map<String, double[]> predictions, Path imageRoot,
            VerifierConfig cfg, int perImage, double minScore, long seed, Consumer<String> warn) {
        CropSet set = new CropSet();
        Random rnd = new Random(seed);
        ImageLoader loader = new ImageLoader(Long.MAX_VALUE, 1);
        try (Progress bar = new Progress("crops", images.size())) {
            for (WiderImage wi : images) {
                BufferedImage img;
                try {
                    img = loader.load(imageRoot.resolve(wi.path()));
                } catch (ImageLoadException e) {
                    warn.accept("skipping " + e.getMessage());
                    bar.step("");
                    continue;
                }
                double[] rows = predictions.getOrDefault(wi.event() + "/" + wi.stem(), new double[0]);
                for (Face box : top(rows, perImage, minScore)) {
                    int label = label(box, wi.faces(), cfg.negIou);
                    if (label >= 0) {
                        set.add(FaceCrops.crop(img, box, cfg.context, cfg.side), label == 1);
                    }
                }
                for (WiderFace f : wi.faces()) {
                    if (valid(f) && Math.sqrt(f.w() * f.h()) >= MIN_FACE) {
                        set.add(FaceCrops.crop(img, jittered(f, rnd), cfg.context, cfg.side), true);
                    }
                }
                bar.step(set.size() + " crops");
            }
        }
        return set;
    }

    void add(byte[] crop, boolean face) {
        crops.add(crop);
        faces.add(face);
    }

    /** The {@code n} highest-scoring rows at least {@code minScore}, as {@code xyxy} faces. */
    static List<Face> top(double[] rows, int n, double minScore) {
        List<Face> all = new ArrayList<>();
        for (int i = 0; i + 4 < rows.length; i += 5) {
            if (rows[i + 4] >= minScore) {
                all.add(new Face((float) rows[i], (float) rows[i + 1], (float) (rows[i] + rows[i + 2]),
                        (float) (rows[i + 1] + rows[i + 3]), (float) rows[i + 4]));
            }
        }
        all.sort(Comparator.comparingDouble(Face::score).reversed());
        return all.subList(0, Math.min(n, all.size()));
    }

    /** 1: IoU ≥ {@link #POS_IOU} with a valid face; 0: IoU < {@code negIou} with every face; −1: neither. */
    static int label(Face box, List<WiderFace> faces, double negIou) {
        float[] b = {box.x1(), box.y1(), box.x2(), box.y2()};
        double bestValid = 0;
        double best = 0;
        for (WiderFace f : faces) {
            double iou = Boxes.iou(b, 0, new float[] {f.x(), f.y(), f.x2(), f.y2()}, 0);
            best = Math.max(best, iou);
            if (valid(f)) {
                bestValid = Math.max(bestValid, iou);
            }
        }
        if (bestValid >= POS_IOU) {
            return 1;
        }
        return best < negIou ? 0 : -1;
    }

    static boolean valid(WiderFace f) {
        return f.invalid() == 0 && f.w() > 0 && f.h() > 0;
    }

    private static Face jittered(WiderFace f, Random rnd) {
        double x = f.x() + rnd.nextGaussian() * JITTER * f.w();
        double y = f.y() + rnd.nextGaussian() * JITTER * f.h();
        double w = f.w() * Math.exp(rnd.nextGaussian() * JITTER);
        double h = f.h() * Math.exp(rnd.nextGaussian() * JITTER);
        return new Face((float) x, (float) y, (float) (x + w), (float) (y + h), 1f);
    }

    @Override
    public String toString() {
        return String.format("%d crops (%d faces)", size(), faceCount());
    }
}
