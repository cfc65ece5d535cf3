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
        Edges p = Edges.of(a);
        Edges q = Edges.of(b);
        NDArray dx = p.x1.add(p.x2).sub(q.x1.add(q.x2)).mul(0.5);
        NDArray dy = p.y1.add(p.y2).sub(q.y1.add(q.y2)).mul(0.5);
        NDArray cw = p.x2.maximum(q.x2).sub(p.x1.minimum(q.x1));
        NDArray ch = p.y2.maximum(q.y2).sub(p.y1.minimum(q.y1));
        return dx.square().add(dy.square()).div(cw.square().add(ch.square()).maximum(EPS));
    }

    /** Element-wise IoU of (K, 4) box pairs, areas (x2 − x1)(y2 − y1). */
    public static NDArray iou(NDArray a, NDArray b) {
        Edges p = Edges.of(a);
        Edges q = Edges.of(b);
        NDArray iw = p.x2.minimum(q.x2).sub(p.x1.maximum(q.x1)).maximum(0);
        NDArray ih = p.y2.minimum(q.y2).sub(p.y1.maximum(q.y1)).maximum(0);
        NDArray inter = iw.mul(ih);
        NDArray areaA = p.x2.sub(p.x1).mul(p.y2.sub(p.y1));
        NDArray areaB = q.x2.sub(q.x1).mul(q.y2.sub(q.y1));
        return inter.div(areaA.add(areaB).sub(inter).maximum(EPS));
    }

    /** The four (K) edge columns of (K, 4) xyxy boxes. */
    private record Edges(NDArray x1, NDArray y1, NDArray x2, NDArray y2) {
        static Edges of(NDArray boxes) {
            return new Edges(boxes.get(new NDIndex(":, 0")), boxes.get(new NDIndex(":, 1")),
                    boxes.get(new NDIndex(":, 2")), boxes.get(new NDIndex(":, 3")));
        }
    }
}
