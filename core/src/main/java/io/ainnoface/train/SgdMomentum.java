package io.ainnoface.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum and decoupled-from-BatchNorm weight decay, with PyTorch's semantics:
 * {@code g ← g + λ·w} (conv/linear weights only, not BatchNorm or biases), {@code v ← μ·v + g},
 * {@code w ← w − η·v}. The momentum buffers are exposed for checkpoints.
 */
public final class SgdMomentum {
    private final Map<String, Parameter> params;
    private final Map<String, NDArray> velocity = new LinkedHashMap<>();
    private final NDManager manager;
    private final double weightDecay;

    /** @param params trainable parameters by name */
    public SgdMomentum(Map<String, Parameter> params, NDManager manager, double weightDecay) {
        this.params = params;
        this.manager = manager;
        this.weightDecay = weightDecay;
    }

    public static boolean decays(Parameter p) {
        return p.getType() == Parameter.Type.WEIGHT;
    }

    /**
     * Applies one update with the current gradients, then zeroes them. With {@code clipNorm > 0}
     * the gradients are first scaled so that their global L2 norm is at most {@code clipNorm}. A
     * gradient holding NaN or infinity (one exploded box makes −ln IoU's gradient NaN while the
     * loss stays finite) changes nothing: neither weights nor momentum; it is only zeroed.
     *
     * @return the global gradient norm before clipping; not finite when the update was skipped
     */
    public double step(double lr, double momentum, double clipNorm) {
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager tmp = manager.newSubManager()) {
            NDArray sq = null;
            for (Parameter p : params.values()) {
                NDArray g = p.getArray().getGradient();
                g.attach(tmp);
                NDArray s = g.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).pow(2).sum();
                s.attach(tmp);
                sq = sq == null ? s : sq.add(s);
                sq.attach(tmp);
            }
            double norm = sq == null ? 0 : Math.sqrt(sq.getDouble());
            if (!Double.isFinite(norm)) {
                for (Parameter p : params.values()) {
                    p.getArray().getGradient().set(new ai.djl.ndarray.index.NDIndex("..."), 0); // NaN·0 is NaN
                }
                return norm;
            }
            double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray w = e.getValue().getArray();
                NDArray g = w.getGradient();
                g.attach(tmp);
                NDArray d = scale == 1 ? g.duplicate() : g.mul(scale);
                d.attach(tmp);
                if (weightDecay > 0 && decays(e.getValue())) {
                    NDArray wd = w.mul(weightDecay);
                    wd.attach(tmp);
                    d.addi(wd);
                }
                NDArray v = velocity.get(e.getKey());
                if (v == null) {
                    v = d.duplicate();
                    v.attach(manager);
                    velocity.put(e.getKey(), v);
                } else {
                    v.muli(momentum).addi(d);
                }
                NDArray upd = v.mul(lr);
                upd.attach(tmp);
                w.subi(upd);
                g.muli(0);
            }
            return norm;
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    /** Momentum buffers by parameter name (absent until a parameter's first step). */
    public Map<String, NDArray> velocity() {
        return velocity;
    }

    public void setVelocity(String name, NDArray v) {
        NDArray old = velocity.put(name, v);
        if (old != null) {
            old.close();
        }
    }
}
