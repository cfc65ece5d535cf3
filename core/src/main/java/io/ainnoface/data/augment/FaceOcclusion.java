package io.ainnoface.data.augment;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Occludes part of a face with a patch of the same sample: one band along a random side of the
 * face box (top, bottom, left or right) covering a fraction in [{@link #MIN_FRACTION},
 * {@link #MAX_FRACTION}] of the face's height or width is overwritten by an equally sized region
 * copied from a random place of the image, so the occluder has a natural texture (a hand, hair,
 * another head, a cap's peak) rather than a flat colour the network could learn to ignore. The
 * face keeps its label and box: WIDER annotates occluded faces with their full extent.
 */
public final class FaceOcclusion {
    static final double MIN_FRACTION = 0.2;
    static final double MAX_FRACTION = 0.5;

    private FaceOcclusion() {}

    /** The region that was overwritten and where it was copied from (pixels, {@code x, y, w, h}). */
    public record Patch(int x, int y, int w, int h, int srcX, int srcY) {}

    /**
     * Occludes each face ({@code xyxy}, n·4) whose shorter side is at least {@code minFaceSize}
     * pixels with probability {@code prob}; returns the patches in face order.
     */
    public static List<Patch> apply(BufferedImage img, float[] boxes, double prob, double minFaceSize,
                                   Random rnd) {
        List<Patch> done = new ArrayList<>();
        int iw = img.getWidth();
        int ih = img.getHeight();
        for (int i = 0; i < boxes.length; i += 4) {
            int x1 = (int) Math.floor(boxes[i]);
            int y1 = (int) Math.floor(boxes[i + 1]);
            int x2 = Math.min(iw, (int) Math.ceil(boxes[i + 2]));
            int y2 = Math.min(ih, (int) Math.ceil(boxes[i + 3]));
            if (Math.min(x2 - x1, y2 - y1) < minFaceSize || rnd.nextDouble() >= prob) {
                continue;
            }
            int side = rnd.nextInt(4);
            double f = MIN_FRACTION + rnd.nextDouble() * (MAX_FRACTION - MIN_FRACTION);
            int x = x1, y = y1, w = x2 - x1, h = y2 - y1;
            if (side < 2) {
                int band = Math.max(1, (int) Math.round(f * h));
                y = side == 0 ? y1 : y2 - band;
                h = band;
            } else {
                int band = Math.max(1, (int) Math.round(f * w));
                x = side == 2 ? x1 : x2 - band;
                w = band;
            }
            int sx = rnd.nextInt(iw - w + 1);
            int sy = rnd.nextInt(ih - h + 1);
            int[] px = img.getRGB(sx, sy, w, h, null, 0, w);
            img.setRGB(x, y, w, h, px, 0, w);
            done.add(new Patch(x, y, w, h, sx, sy));
        }
        return done;
    }
}
