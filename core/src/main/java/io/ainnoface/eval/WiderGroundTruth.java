package io.ainnoface.eval;

import io.ainnoface.data.WiderFace;
import io.ainnoface.data.WiderImage;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluation settings (name → images with kept/ignored faces) from WIDER's files. */
public final class WiderGroundTruth {
    private WiderGroundTruth() {}

    /**
     * The official validation ground truth: {@code wider_face_val.mat} (boxes, events, files) and
     * {@code wider_{easy,medium,hard}_val.mat} (1-based indices of the faces each setting keeps).
     */
    public static Map<String, List<GtImage>> readMat(Path dir) throws IOException {
        Path all = dir.resolve("wider_face_val.mat");
        if (!Files.isRegularFile(all)) {
            throw new IOException(dir + ": no wider_face_val.mat (expected the official eval_tools/ground_truth folder)");
        }
        Mat5File gt = Mat5.readFromFile(all.toFile());
        Cell boxes = gt.getCell("face_bbx_list");
        Cell events = gt.getCell("event_list");
        Cell files = gt.getCell("file_list");
        Map<String, List<GtImage>> out = new LinkedHashMap<>();
        for (String setting : List.of("easy", "medium", "hard")) {
            Path f = dir.resolve("wider_" + setting + "_val.mat");
            if (!Files.isRegularFile(f)) {
                throw new IOException(dir + ": missing " + f.getFileName());
            }
            Cell keepLists = Mat5.readFromFile(f.toFile()).getCell("gt_list");
            List<GtImage> images = new ArrayList<>();
            for (int e = 0; e < events.getNumElements(); e++) {
                String event = events.getChar(e).getString();
                Cell eventFiles = files.getCell(e);
                Cell eventBoxes = boxes.getCell(e);
                Cell eventKeep = keepLists.getCell(e);
                for (int j = 0; j < eventFiles.getNumElements(); j++) {
                    Matrix b = eventBoxes.getMatrix(j);
                    int k = b.getNumRows();
                    double[] xywh = new double[k * 4];
                    for (int r = 0; r < k; r++) {
                        for (int c = 0; c < 4; c++) {
                            xywh[4 * r + c] = b.getDouble(r, c);
                        }
                    }
                    boolean[] keep = new boolean[k];
                    Matrix kl = eventKeep.getMatrix(j);
                    for (int r = 0; r < kl.getNumElements(); r++) {
                        keep[(int) kl.getDouble(r) - 1] = true;
                    }
                    images.add(new GtImage(event, eventFiles.getChar(j).getString(), xywh, keep));
                }
            }
            out.put(setting, images);
        }
        return out;
    }

    /** Face-size bins of the devval report: sqrt(w·h) below 16, 16 to 64, above 64 pixels. */
    public static final double[][] SIZE_BINS = {{0, 16}, {16, 64}, {64, Double.POSITIVE_INFINITY}};
    public static final String[] SIZE_NAMES = {"small(<16)", "medium(16-64)", "large(>64)"};

    /** How a face-size bin treats a prediction that matches no face. */
    public enum SizeBins {
        /** As WIDER's easy/medium/hard settings: it is a false positive in every bin, whatever its size. */
        WIDER,
        /** As COCO's area ranges: it is a false positive only in the bin its own size sqrt(w·h) falls in. */
        COCO
    }

    /** {@link #fromAnnotations(List, SizeBins)} with WIDER's convention. */
    public static Map<String, List<GtImage>> fromAnnotations(List<WiderImage> images) {
        return fromAnnotations(images, SizeBins.WIDER);
    }

    /**
     * Settings from a {@code *_bbx_gt.txt} split read with invalid faces kept: {@code all} keeps
     * every valid face; each size bin keeps the valid faces whose sqrt(w·h) falls in it and treats
     * unmatched predictions by {@code bins}.
     */
    public static Map<String, List<GtImage>> fromAnnotations(List<WiderImage> images, SizeBins bins) {
        Map<String, List<GtImage>> out = new LinkedHashMap<>();
        out.put("all", settings(images, 0, Double.POSITIVE_INFINITY, false));
        for (int b = 0; b < SIZE_BINS.length; b++) {
            out.put(SIZE_NAMES[b], settings(images, SIZE_BINS[b][0], SIZE_BINS[b][1], bins == SizeBins.COCO));
        }
        return out;
    }

    private static List<GtImage> settings(List<WiderImage> images, double lo, double hi, boolean binPredictions) {
        List<GtImage> out = new ArrayList<>();
        for (WiderImage img : images) {
            List<WiderFace> faces = img.faces();
            double[] xywh = new double[faces.size() * 4];
            boolean[] keep = new boolean[faces.size()];
            for (int i = 0; i < faces.size(); i++) {
                WiderFace f = faces.get(i);
                xywh[4 * i] = f.x();
                xywh[4 * i + 1] = f.y();
                xywh[4 * i + 2] = f.w();
                xywh[4 * i + 3] = f.h();
                double size = f.size();
                keep[i] = f.invalid() == 0 && f.w() > 0 && f.h() > 0 && size >= lo && size < hi;
            }
            out.add(binPredictions ? new GtImage(img.event(), img.stem(), xywh, keep, lo, hi)
                    : new GtImage(img.event(), img.stem(), xywh, keep));
        }
        return out;
    }
}
