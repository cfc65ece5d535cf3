package io.ainnoface.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * SRN's box coding, without variances: with an anchor of centre (cx, cy) and size (w, h) where
 * w = x2 − x1, deltas (dx, dy, dw, dh) give centre (cx + dx·w, cy + dy·h) and size
 * (w·e^dw, h·e^dh). Boxes are {@code xyxy}. dw, dh are clamped at ln(1000/16) on decode (as
 * torchvision does) so that an untrained network cannot overflow.
 */
public final class BoxCoder {
    public static final double CLAMP = Math.log(1000.0 / 16);

    private BoxCoder() {}

    /** Decodes {@code deltas} (n·4) against {@code anchors} (n·4, xyxy) into xyxy boxes. */
    public static float[] decode(float[] anchors, int anchorOffset, float[] deltas, int deltaOffset, int n) {
        float[] out = new float[n * 4];
        for (int i = 0; i < n; i++) {
            int a = (anchorOffset + i) * 4;
            int d = (deltaOffset + i) * 4;
            decodeOne(anchors, a, deltas, d, out, i * 4);
        }
        return out;
    }

    /** Decodes one box: {@code anchors[a..a+3]} with {@code deltas[d..d+3]} into {@code out[o..o+3]}. */
    public static void decodeOne(float[] anchors, int a, float[] deltas, int d, float[] out, int o) {
        double w = anchors[a + 2] - anchors[a];
        double h = anchors[a + 3] - anchors[a + 1];
        double cx = anchors[a] + 0.5 * w;
        double cy = anchors[a + 1] + 0.5 * h;
        double pcx = deltas[d] * w + cx;
        double pcy = deltas[d + 1] * h + cy;
        double pw = Math.exp(Math.min(deltas[d + 2], CLAMP)) * w;
        double ph = Math.exp(Math.min(deltas[d + 3], CLAMP)) * h;
        out[o] = (float) (pcx - 0.5 * pw);
        out[o + 1] = (float) (pcy - 0.5 * ph);
        out[o + 2] = (float) (pcx + 0.5 * pw);
        out[o + 3] = (float) (pcy + 0.5 * ph);
    }

    /** Encodes box {@code gt[g..g+3]} against anchor {@code anchors[a..a+3]} into {@code out[o..o+3]}. */
    public static void encodeOne(float[] anchors, int a, float[] gt, int g, float[] out, int o) {
        double w = anchors[a + 2] - anchors[a];
        double h = anchors[a + 3] - anchors[a + 1];
        double cx = anchors[a] + 0.5 * w;
        double cy = anchors[a + 1] + 0.5 * h;
        double gw = gt[g + 2] - gt[g];
        double gh = gt[g + 3] - gt[g + 1];
        double gcx = gt[g] + 0.5 * gw;
        double gcy = gt[g + 1] + 0.5 * gh;
        out[o] = (float) ((gcx - cx) / w);
        out[o + 1] = (float) ((gcy - cy) / h);
        out[o + 2] = (float) Math.log(gw / w);
        out[o + 3] = (float) Math.log(gh / h);
    }

    /**
     * Differentiable decode.
     *
     * @param anchors (..., 4) xyxy
     * @param deltas (..., 4)
     * @return (..., 4) xyxy
     */
    public static NDArray decode(NDArray anchors, NDArray deltas) {
        NDArray x1 = anchors.get(new NDIndex("..., 0"));
        NDArray y1 = anchors.get(new NDIndex("..., 1"));
        NDArray w = anchors.get(new NDIndex("..., 2")).sub(x1);
        NDArray h = anchors.get(new NDIndex("..., 3")).sub(y1);
        NDArray cx = x1.add(w.mul(0.5));
        NDArray cy = y1.add(h.mul(0.5));
        NDArray pcx = deltas.get(new NDIndex("..., 0")).mul(w).add(cx);
        NDArray pcy = deltas.get(new NDIndex("..., 1")).mul(h).add(cy);
        NDArray pw = deltas.get(new NDIndex("..., 2")).minimum(CLAMP).exp().mul(w);
        NDArray ph = deltas.get(new NDIndex("..., 3")).minimum(CLAMP).exp().mul(h);
        return NDArrays.stack(new NDList(
                pcx.sub(pw.mul(0.5)), pcy.sub(ph.mul(0.5)), pcx.add(pw.mul(0.5)), pcy.add(ph.mul(0.5))), -1);
    }
}
