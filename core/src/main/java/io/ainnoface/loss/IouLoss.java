package io.ainnoface.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** IoU loss (AInnoFace): {@code −ln IoU(pred, target)} of {@code xyxy} boxes, summed. */
public final class IouLoss {
    private static final double EPS = 1e-6;

    private IouLoss() {}

    /**
     * @param pred (K, 4) xyxy, differentiable
     * @param target (K, 4) xyxy
     * @return scalar sum over the K pairs
     */
    public static NDArray sum(NDArray pred, NDArray target) {
        return losses(pred, target).sum();
    }

    /**
     * @param pred (K, 4) xyxy, differentiable
     * @param target (K, 4) xyxy
     * @return (K) the loss of each pair
     */
    public static NDArray losses(NDArray pred, NDArray target) {
        return iou(pred, target).maximum(EPS).log().neg();
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
