package io.ainnoface.infer;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * Face regions of an image: a face's box with a margin, in whole pixels, cropped out or pixelated. Boxes are tight
 * around the face (WIDER's convention), so hair, ears and chin need the margin.
 */
public final class FaceRegions {
    private FaceRegions() {}

    /** Blocks across the longer side of a pixelated region: a face this coarse is not recognizable. */
    public static final int PIXELATE_BLOCKS = 6;
    /** Margin of a pixelated region, in percent of the box's width and height on each side. */
    public static final int PIXELATE_MARGIN_PERCENT = 15;
    public static final double PIXELATE_MARGIN = PIXELATE_MARGIN_PERCENT / 100.0;

    /**
     * The pixels of {@code f}'s box ({@code xyxy}) pushed out on each side by {@code margin} times its width (left,
     * right) and height (top, bottom), widened to whole pixels and clipped to a {@code width × height} image.
     *
     * @return {@code {x0, y0, x1, y1}}, the ends exclusive; empty ({@code x1 <= x0} or {@code y1 <= y0}) when the
     *     region lies outside the image
     */
    public static int[] region(Face f, double margin, int width, int height) {
        double mx = margin * f.width();
        double my = margin * f.height();
        int x0 = (int) Math.max(0, Math.floor(f.x1() - mx));
        int y0 = (int) Math.max(0, Math.floor(f.y1() - my));
        int x1 = (int) Math.min(width, Math.ceil(f.x2() + mx));
        int y1 = (int) Math.min(height, Math.ceil(f.y2() + my));
        return new int[] {x0, y0, x1, y1};
    }

    /** A copy of {@code f}'s {@link #region} of {@code img}, as RGB; null when the region is empty. */
    public static BufferedImage crop(BufferedImage img, Face f, double margin) {
        int[] r = region(f, margin, img.getWidth(), img.getHeight());
        if (r[2] <= r[0] || r[3] <= r[1]) {
            return null;
        }
        BufferedImage out = new BufferedImage(r[2] - r[0], r[3] - r[1], BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, out.getWidth(), out.getHeight(),
                img.getRGB(r[0], r[1], out.getWidth(), out.getHeight(), null, 0, out.getWidth()), 0, out.getWidth());
        return out;
    }

    /**
     * A copy of {@code img} (RGB) with each face's {@link #region} replaced by a mosaic: square blocks of
     * {@code ceil(longer side / blocks)} px laid from the region's top-left corner (those at its right and bottom
     * edges cut to it), each filled with the mean colour of its pixels. Faces are pixelated in list order.
     */
    public static BufferedImage pixelate(BufferedImage img, List<Face> faces, double margin, int blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks must be at least 1, got " + blocks);
        }
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, img.getWidth(), img.getHeight(),
                img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth()), 0, img.getWidth());
        for (Face f : faces) {
            int[] r = region(f, margin, img.getWidth(), img.getHeight());
            if (r[2] <= r[0] || r[3] <= r[1]) {
                continue;
            }
            int side = (int) Math.ceil(Math.max(r[2] - r[0], r[3] - r[1]) / (double) blocks);
            for (int by = r[1]; by < r[3]; by += side) {
                for (int bx = r[0]; bx < r[2]; bx += side) {
                    int w = Math.min(side, r[2] - bx);
                    int h = Math.min(side, r[3] - by);
                    int[] px = out.getRGB(bx, by, w, h, null, 0, w);
                    long red = 0;
                    long green = 0;
                    long blue = 0;
                    for (int p : px) {
                        red += p >> 16 & 0xFF;
                        green += p >> 8 & 0xFF;
                        blue += p & 0xFF;
                    }
                    int n = px.length;
                    int mean = (int) Math.round((double) red / n) << 16 | (int) Math.round((double) green / n) << 8
                            | (int) Math.round((double) blue / n);
                    Arrays.fill(px, mean);
                    out.setRGB(bx, by, w, h, px, 0, w);
                }
            }
        }
        return out;
    }
}
