package io.ainnoface.infer;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A face detector: ours ({@link FaceDetector}) or a peer run through ONNX Runtime
 * ({@code io.ainnoface.peers}). Implementations are not thread-safe; use one per thread.
 */
public interface Detector extends AutoCloseable {
    /** Short name for tables and plots. */
    String name();

    /**
     * Detects faces in each image.
     *
     * @param threshold faces scoring at or below it are dropped
     * @param tta test-time augmentation; detectors without it throw {@link IllegalArgumentException}
     * @return per image, {@code xyxy} boxes in pixels of that image, by descending score
     */
    List<List<Face>> detect(List<BufferedImage> images, double threshold, boolean tta);

    /** Score threshold for evaluation: low enough to keep the whole precision-recall curve. */
    double evalThreshold();

    /** Largest number of images one {@link #detect} call runs in one forward pass. */
    default int maxBatch() {
        return Integer.MAX_VALUE;
    }

    @Override
    void close();
}
