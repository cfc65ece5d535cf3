package io.ainnoface.peers;

import io.ainnoface.box.FaceNms;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.ImageTensors;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * YuNet (libfacedetection.train, Apache-2.0) with its authors' pre- and post-processing: BGR
 * 0..255 input padded right/bottom to a multiple of 32, anchor-free decoding per stride 8/16/32
 * (centre = (grid + reg[0:2])·stride, size = exp(reg[2:4])·stride, score = cls·obj), then NMS
 * 0.45 over the top 5,000 and at most 750 faces, as in libfacedetection.train's test config and
 * OpenCV's {@code FaceDetectorYN}.
 */
public final class YuNet extends OnnxPeer {
    static final int[] STRIDES = {8, 16, 32};
    static final int DIVISOR = 32;
    public static final double EVAL_THRESHOLD = 0.02;
    public static final double NMS_IOU = 0.45;
    static final int TOP_K = 5000;
    static final int KEEP_TOP_K = 750;

    /**
     * Images run at their original size (how the authors evaluate); a model with a fixed input size letterboxes
     * into it.
     */
    public YuNet(Path onnx, String name, int threads) throws IOException {
        super(onnx, name, threads);
    }

    private boolean fixed() {
        return inputShape[2] > 0 && inputShape[3] > 0;
    }

    @Override
    public int maxBatch() {
        return inputShape[0] > 0 ? (int) inputShape[0] : Integer.MAX_VALUE;
    }

    @Override
    public double evalThreshold() {
        return EVAL_THRESHOLD;
    }

    @Override
    public List<List<Face>> detect(List<BufferedImage> images, double threshold, boolean tta) {
        noTta(tta, name());
        List<List<Face>> result = new ArrayList<>();
        for (int s = 0; s < images.size(); s += maxBatch()) {
            result.addAll(detectBatch(images.subList(s, Math.min(images.size(), s + maxBatch())), threshold));
        }
        return result;
    }

    private List<List<Face>> detectBatch(List<BufferedImage> images, double threshold) {
        int b = images.size();
        double[] scales = new double[b];
        int[] ws = new int[b];
        int[] hs = new int[b];
        int padW = DIVISOR;
        int padH = DIVISOR;
        for (int i = 0; i < b; i++) {
            BufferedImage img = images.get(i);
            double s = 1.0;
            if (fixed()) {
                s = Math.min(inputShape[3] / (double) img.getWidth(), inputShape[2] / (double) img.getHeight());
            }
            ws[i] = ImageTensors.scaledSide(img.getWidth(), s);
            hs[i] = ImageTensors.scaledSide(img.getHeight(), s);
            scales[i] = s;
            padW = Math.max(padW, (ws[i] + DIVISOR - 1) / DIVISOR * DIVISOR);
            padH = Math.max(padH, (hs[i] + DIVISOR - 1) / DIVISOR * DIVISOR);
        }
        if (fixed()) {
            padW = (int) inputShape[3];
            padH = (int) inputShape[2];
        }
        float[] data = inputBuffer(b * 3 * padH * padW);
        for (int i = 0; i < b; i++) {
            writeBgr(ImageTensors.resize(images.get(i), ws[i], hs[i]), data, i * 3 * padH * padW, padH, padW);
        }
        Map<String, float[]> out = run(data, new long[] {b, 3, padH, padW});
        List<List<Face>> result = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            List<Face> faces = new ArrayList<>();
            for (Face f : postProcess(decode(out, i, b, padW, padH), threshold)) {
                Face m = f.clipped(ws[i], hs[i]).scaled(images.get(i).getWidth() / (double) ws[i],
                        images.get(i).getHeight() / (double) hs[i]);
                if (m.spansAPixel()) {
                    faces.add(m);
                }
            }
            result.add(faces);
        }
        return result;
    }

    private static final float[] ONE = {1f, 1f, 1f};
    private static final float[] ZERO = {0f, 0f, 0f};

    /** BGR, 0..255, no normalisation; zero padding right and bottom. */
    static void writeBgr(BufferedImage img, float[] dst, int offset, int padH, int padW) {
        ImageTensors.writePlanar(img, dst, offset, padH, padW, ONE, ZERO, true);
    }

    /**
     * Decodes image {@code i} of a batch of {@code b} from the outputs {@code cls_S}, {@code obj_S},
     * {@code bbox_S} (S = 8, 16, 32; shapes (b, rows·cols, 1) and (b, rows·cols, 4), row-major
     * grid of the padded input).
     *
     * @return every grid cell as a face: {@code xyxy} in input pixels, score = cls·obj
     */
    static List<Face> decode(Map<String, float[]> out, int i, int b, int padW, int padH) {
        List<Face> faces = new ArrayList<>();
        for (int stride : STRIDES) {
            int cols = padW / stride;
            int rows = padH / stride;
            int n = rows * cols;
            float[] cls = out.get("cls_" + stride);
            float[] obj = out.get("obj_" + stride);
            float[] reg = out.get("bbox_" + stride);
            if (cls.length != b * n || reg.length != b * n * 4) {
                throw new IllegalStateException("YuNet output cls_" + stride + " has " + cls.length
                        + " values, expected " + b * n + " for input " + padW + "x" + padH);
            }
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int k = i * n + r * cols + c;
                    float score = clamp01(cls[k]) * clamp01(obj[k]);
                    float cx = (c + reg[4 * k]) * stride;
                    float cy = (r + reg[4 * k + 1]) * stride;
                    float w = (float) Math.exp(reg[4 * k + 2]) * stride;
                    float h = (float) Math.exp(reg[4 * k + 3]) * stride;
                    faces.add(new Face(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score));
                }
            }
        }
        return faces;
    }

    /** Score threshold, top {@value #TOP_K}, NMS {@value #NMS_IOU}, at most {@value #KEEP_TOP_K}. */
    static List<Face> postProcess(List<Face> candidates, double threshold) {
        return FaceNms.select(candidates, threshold, TOP_K, NMS_IOU, KEEP_TOP_K);
    }

    private static float clamp01(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
