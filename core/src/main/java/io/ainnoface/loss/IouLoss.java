package io.ainnoface.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * IoU loss (AInnoFace): {@code −ln IoU(pred, target)} of {@code xyxy} boxes; optionally plus DIoU's
 * centre-distance term {@code w · ρ² / c²} (Zheng et al., 2020: ρ the distance between the two boxes' centres, c the
 * diagonal of the smallest box enclosing both), which keeps pulling a box's centre onto its face's.
 */
public final class IouLoss {
    private static final double EPS = 1e-6;

    private IouLoss() {}

    /**
     * @param pred (K, 4) xyxy, differentiable
     * @param target (K, 4) xyxy
     * @return (K) the loss of each pair
     */
    public static NDArray losses(NDArray pred, NDArray target) {
        return iou(pred, target).maximum(EPS).log().neg();
    }

    /**
     * @param pred (K, 4) xyxy, differentiable
     * @param target (K, 4) xyxy
     * @param centerWeight w of the DIoU term; 0 gives {@link #losses(NDArray, NDArray)}
     * @return (K) {@code −ln IoU + w · ρ² / c²} of each pair
     */
    public static NDArray losses(NDArray pred, NDArray target, double centerWeight) {
        NDArray l = losses(pred, target);
        return centerWeight == 0 ? l : l.add(centerDistance(pred, target).mul(centerWeight));
    }

    /** DIoU's {@code ρ² / c²} of (K, 4) xyxy box pairs: squared centre distance over the enclosing box's squared diagonal. */
    public static NDArray centerDistance(NDArray a, NDArray b) {
        NDArray ax1 = a.get(new NDIndex(":, 0"));
        NDArray ay1 = a.get(new NDIndex(":, 1"));
        NDArray ax2 = a.get(new NDIndex(":, 2"));
        NDArray ay2 = a.get(new NDIndex(":, 3"));
        NDArray bx1 = b.get(new NDIndex(":, 0"));
        NDArray by1 = b.get(new NDIndex(":, 1"));
        NDArray bx2 = b.get(new NDIndex(":, 2"));
        NDArray by2 = b.get(new NDIndex(":, 3"));
        NDArray dx = ax1.add(ax2).sub(bx1.add(bx2)).mul(0.5);
        NDArray dy = ay1.add(ay2).sub(by1.add(by2)).mul(0.5);
        NDArray cw = ax2.maximum(bx2).sub(ax1.minimum(bx1));
        NDArray ch = ay2.maximum(by2).sub(ay1.minimum(by1));
        return dx.square().add(dy.square()).div(cw.square().add(ch.square()).maximum(EPS));
    }

    /** Element-wise IoU of (K, 4) box pairs, areas (x2 − x1)(y2 − y1). */
    public static NDArray iou(NDArray a, NDArray b) {
        NDArray ax1 = a.get(new NDIndex(":, 0"));
        NDArray ay1 = a.get(new NDIndex(":, 1"));
        NDArray ax2 = a.get(new NDIndex(":, 2"));
        NDArray ay2 = a.get(new NDIndex(":, 3"));
        NDArray bx1 = b.get(new NDIndex(":, 0"));
        NDArray by1 = b.get(new NDIndex(":, 1"));
        NDArray bx2 = b.get(new NDIndex(":, 2"));
        NDArray by2 = b.get(new NDIndex(":, 3"));
        NDArray iw = ax2.minimum(bx2).sub(ax1.maximum(bx1)).maximum(0);
        NDArray ih = ay2.minimum(by2).sub(ay1.maximum(by1)).maximum(0);
        NDArray inter = iw.mul(ih);
        NDArray areaA = ax2.sub(ax1).mul(ay2.sub(ay1));
        NDArray areaB = bx2.sub(bx1).mul(by2.sub(by1));
        return inter.div(areaA.add(areaB).sub(inter).maximum(EPS));
    }
}
