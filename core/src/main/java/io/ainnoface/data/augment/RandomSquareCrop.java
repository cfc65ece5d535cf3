package io.ainnoface.data.augment;

import java.util.List;
import java.util.Random;

/**
 * SRN's crop: a square of side {@code scale × short side} (scale drawn from a list) at a random
 * position inside the image; up to {@code tries} draws until one contains a face centre.
 */
public final class RandomSquareCrop {
    private RandomSquareCrop() {}

    public static CropPlan plan(int width, int height, float[] boxes, List<Double> scales, int out,
            Random rnd, boolean flip, int tries) {
        int shortSide = Math.min(width, height);
        CropPlan plan = null;
        for (int t = 0; t < tries; t++) {
            double side = Math.max(1, scales.get(rnd.nextInt(scales.size())) * shortSide);
            double x0 = rnd.nextDouble() * (width - side);
            double y0 = rnd.nextDouble() * (height - side);
            plan = new CropPlan(x0, y0, side, out, flip);
            if (boxes.length == 0 || containsCentre(plan, boxes)) {
                return plan;
            }
        }
        return plan;
    }

    static boolean containsCentre(CropPlan p, float[] boxes) {
        for (int i = 0; i < boxes.length; i += 4) {
            double cx = (boxes[i] + boxes[i + 2]) / 2.0;
            double cy = (boxes[i + 1] + boxes[i + 3]) / 2.0;
            if (cx >= p.x0() && cx < p.x0() + p.side() && cy >= p.y0() && cy < p.y0() + p.side()) {
                return true;
            }
        }
        return false;
    }
}
