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
 * UltraFace (Linzaer/Ultra-Light-Fast-Generic-Face-Detector-1MB, MIT) with its authors' pre- and
 * post-processing: the image stretched to the model's fixed input (640x480 for RFB-640), RGB,
 * (x − 127) / 128; outputs {@code scores} (softmax, column 1 = face) and {@code boxes} ({@code xyxy}
 * as fractions of the input); face score above the threshold, hard NMS 0.3 on the fractional
 * boxes, at most 400 faces (the settings of the shared fixture's WIDER val run).
 */
public final class UltraFace extends OnnxPeer {
    public static final double EVAL_THRESHOLD = 0.1;
    public static final double NMS_IOU = 0.3;
    static final int CANDIDATES = 1500;
    static final int KEEP_TOP_K = 400;

    public UltraFace(Path onnx, String name, int threads) throws IOException {
        super(onnx, name, threads);
        if (inputShape.length != 4 || inputShape[2] <= 0 || inputShape[3] <= 0) {
            throw new IOException(onnx + ": expected a fixed 1x3xHxW input, got " + java.util.Arrays.toString(inputShape));
        }
    }

    @Override
    public int maxBatch() {
        return 1;
    }

    @Override
    public double evalThreshold() {
        return EVAL_THRESHOLD;
    }

    @Override
    public List<List<Face>> detect(List<BufferedImage> images, double threshold, boolean tta) {
        noTta(tta, name());
        int w = (int) inputShape[3];
        int h = (int) inputShape[2];
        List<List<Face>> result = new ArrayList<>(images.size());
        for (BufferedImage img : images) {
            float[] data = inputBuffer(3 * h * w);
            writeRgb(ImageTensors.resize(img, w, h), data);
            Map<String, float[]> out = run(data, new long[] {1, 3, h, w});
            result.add(decode(out.get("scores"), out.get("boxes"), threshold, img.getWidth(), img.getHeight()));
        }
        return result;
    }

    private static final float[] SCALE = {1 / 128f, 1 / 128f, 1 / 128f};
    private static final float[] SHIFT = {127 / 128f, 127 / 128f, 127 / 128f};

    /** RGB, (x − 127) / 128, CHW. */
    static void writeRgb(BufferedImage img, float[] dst) {
        ImageTensors.writePlanar(img, dst, 0, img.getHeight(), img.getWidth(), SCALE, SHIFT, false);
    }

    /**
     * @param scores (N, 2) softmax, column 1 = face
     * @param boxes (N, 4) {@code xyxy} fractions of the input
     * @return faces in pixels of a {@code width x height} image, clipped to it, by descending score
     */
    static List<Face> decode(float[] scores, float[] boxes, double threshold, int width, int height) {
        List<Face> cand = new ArrayList<>();
        for (int i = 0; i < scores.length / 2; i++) {
            cand.add(new Face(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3], scores[2 * i + 1]));
        }
        List<Face> out = new ArrayList<>();
        for (Face f : FaceNms.select(cand, threshold, CANDIDATES, NMS_IOU, KEEP_TOP_K)) {
            Face p = new Face(f.x1() * width, f.y1() * height, f.x2() * width, f.y2() * height, f.score()).clipped(width, height);
            if (p.spansAPixel()) {
                out.add(p);
            }
        }
        return out;
    }
}
