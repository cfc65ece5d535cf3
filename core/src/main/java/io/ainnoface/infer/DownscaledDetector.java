package io.ainnoface.infer;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A detector that first scales each image down (bilinear) so its long side is at most {@code maxLongSide}, and maps
 * the faces back to the original image: how any detector does on smaller photos of the same scenes, with the faces
 * still measured in the original's pixels (so an evaluation bins them by the size they have there).
 */
public final class DownscaledDetector implements Detector {
    private final Detector inner;
    private final int maxLongSide;

    public DownscaledDetector(Detector inner, int maxLongSide) {
        if (maxLongSide < 1) {
            throw new IllegalArgumentException("maxLongSide: " + maxLongSide + " is not a positive number of pixels");
        }
        this.inner = inner;
        this.maxLongSide = maxLongSide;
    }

    @Override
    public String name() {
        return inner.name() + "@" + maxLongSide;
    }

    /** Faces in pixels of each original image ({@code xyxy}), clipped to it; the inner detector's order. */
    @Override
    public List<List<Face>> detect(List<BufferedImage> images, double threshold, boolean tta) {
        List<BufferedImage> small = new ArrayList<>(images.size());
        for (BufferedImage img : images) {
            double s = ImageTensors.longSideScale(maxLongSide, img.getWidth(), img.getHeight());
            small.add(ImageTensors.resize(img, ImageTensors.scaledSide(img.getWidth(), s),
                    ImageTensors.scaledSide(img.getHeight(), s)));
        }
        List<List<Face>> found = inner.detect(small, threshold, tta);
        List<List<Face>> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            double sx = img.getWidth() / (double) small.get(i).getWidth();
            double sy = img.getHeight() / (double) small.get(i).getHeight();
            List<Face> faces = new ArrayList<>(found.get(i).size());
            for (Face f : found.get(i)) {
                Face m = f.scaled(sx, sy).clipped(img.getWidth(), img.getHeight());
                if (m.spansAPixel()) {
                    faces.add(m);
                }
            }
            out.add(faces);
        }
        return out;
    }

    @Override
    public double evalThreshold() {
        return inner.evalThreshold();
    }

    @Override
    public int maxBatch() {
        return inner.maxBatch();
    }

    @Override
    public void close() {
        inner.close();
    }
}
