package io.ainnoface.model.neck;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.ainnoface.config.ModelConfig;
import io.ainnoface.model.nn.Layers;
import io.ainnoface.onnx.OnnxExportable;
import io.ainnoface.onnx.OnnxGraph;

import java.util.ArrayList;
import java.util.List;

/**
 * SRN's neck. Input {@code [C2..C5]}; C6 and C7 come from stride-2 3x3 convs on C5 and C6.
 * Output: first, the first-step features of levels {@code minLevel..maxLevel} (1x1 projections
 * of C_l); then the second-step features P_l: a top-down FPN with bilinear (align-corners)
 * upsampling and a 3x3 conv per level, P6 a stride-2 3x3 conv on C5's lateral, P7 one on P6.
 * Level l is {@link ModelConfig#channelsAt} wide; where a level is narrower than the one above,
 * a 1x1 conv ({@code c<l+1>_reduce}) narrows the upper sum before it is upsampled and added.
 */
public class SrnFpn extends AbstractBlock implements OnnxExportable {
    private final int minLevel;
    private final int maxLevel;
    private final Conv2d c6;
    private final Conv2d c7;
    private final List<Conv2d> proj = new ArrayList<>();
    private final List<Conv2d> lateral = new ArrayList<>();
    private final List<Conv2d> output = new ArrayList<>();
    /** By level index below C5: the 1x1 conv that narrows the sum of the level above, or null. */
    private final List<Conv2d> reduce = new ArrayList<>();

    public SrnFpn(ModelConfig cfg) {
        if (cfg.minLevel < 2 || cfg.minLevel > 5 || cfg.maxLevel < 5 || cfg.maxLevel > 7) {
            throw new IllegalArgumentException("model.minLevel must be in 2..5 and model.maxLevel in"
                    + " 5..7, got " + cfg.minLevel + ".." + cfg.maxLevel);
        }
        minLevel = cfg.minLevel;
        maxLevel = cfg.maxLevel;
        if (cfg.lowHeadToLevel != 0 && (cfg.lowHeadToLevel < minLevel || cfg.lowHeadToLevel > 4
                || cfg.lowChannels <= 0)) {
            throw new IllegalArgumentException("model.lowHeadToLevel " + cfg.lowHeadToLevel
                    + " must be 0 or in minLevel..4, with model.lowChannels positive (got " + cfg.lowChannels + ")");
        }
        c6 = maxLevel >= 6 ? addChildBlock("layer5", Layers.conv(cfg.c6Channels, 3, 2, true)) : null;
        c7 = maxLevel >= 7 ? addChildBlock("layer6", Layers.conv(cfg.c7Channels, 3, 2, true)) : null;
        for (int l = minLevel; l <= maxLevel; l++) {
            proj.add(addChildBlock("c" + l + "_conv", Layers.conv(cfg.channelsAt(l), 1, 1, true)));
        }
        for (int l = minLevel; l <= 5; l++) {
            lateral.add(addChildBlock("c" + l + "_lateral", Layers.conv(cfg.channelsAt(l), 1, 1, true)));
        }
        for (int l = minLevel; l < 5; l++) {
            int w = cfg.channelsAt(l);
            reduce.add(w == cfg.channelsAt(l + 1) ? null
                    : addChildBlock("c" + (l + 1) + "_reduce", Layers.conv(w, 1, 1, true)));
        }
        for (int l = minLevel; l <= maxLevel; l++) {
            output.add(addChildBlock("p" + l + "_conv", Layers.conv(cfg.channelsAt(l), 3, l >= 6 ? 2 : 1, true)));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        List<NDArray> c = new ArrayList<>();
        for (int l = minLevel; l <= 5; l++) {
            c.add(inputs.get(l - 2));
        }
        NDArray prev = inputs.get(3);
        for (Conv2d extra : new Conv2d[] {c6, c7}) {
            if (extra != null) {
                prev = extra.forward(ps, new NDList(prev), training).head();
                c.add(prev);
            }
        }
        NDList out = new NDList(2 * c.size());
        for (int i = 0; i < c.size(); i++) {
            out.add(proj.get(i).forward(ps, new NDList(c.get(i)), training).head());
        }
        int n5 = 5 - minLevel;
        NDArray[] sums = new NDArray[n5 + 1];
        sums[n5] = lateral.get(n5).forward(ps, new NDList(c.get(n5)), training).head();
        for (int i = n5 - 1; i >= 0; i--) {
            NDArray lat = lateral.get(i).forward(ps, new NDList(c.get(i)), training).head();
            Shape s = lat.getShape();
            NDArray upper = reduce.get(i) == null ? sums[i + 1]
                    : reduce.get(i).forward(ps, new NDList(sums[i + 1]), training).head();
            sums[i] = Layers.upsampleBilinear(upper, s.get(2), s.get(3)).add(lat);
        }
        NDArray p = null;
        for (int i = 0; i < output.size(); i++) {
            NDArray src = i <= n5 ? sums[i] : (i == n5 + 1 ? sums[n5] : p);
            p = output.get(i).forward(ps, new NDList(src), training).head();
            out.add(p);
        }
        return out;
    }

    @Override
    public String[] exportOnnx(OnnxGraph g, String... inputs) {
        List<String> c = new ArrayList<>();
        for (int l = minLevel; l <= 5; l++) {
            c.add(inputs[l - 2]);
        }
        String prev = inputs[3];
        for (Conv2d extra : new Conv2d[] {c6, c7}) {
            if (extra != null) {
                prev = g.conv(extra, prev);
                c.add(prev);
            }
        }
        List<String> out = new ArrayList<>(2 * c.size());
        for (int i = 0; i < c.size(); i++) {
            out.add(g.conv(proj.get(i), c.get(i)));
        }
        int n5 = 5 - minLevel;
        String[] sums = new String[n5 + 1];
        sums[n5] = g.conv(lateral.get(n5), c.get(n5));
        for (int i = n5 - 1; i >= 0; i--) {
            String lat = g.conv(lateral.get(i), c.get(i));
            String upper = reduce.get(i) == null ? sums[i + 1] : g.conv(reduce.get(i), sums[i + 1]);
            sums[i] = g.add(g.resizeBilinearLike(upper, lat), lat);
        }
        String p = null;
        for (int i = 0; i < output.size(); i++) {
            String src = i <= n5 ? sums[i] : (i == n5 + 1 ? sums[n5] : p);
            p = g.conv(output.get(i), src);
            out.add(p);
        }
        return out.toArray(String[]::new);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        List<Shape> c = new ArrayList<>();
        for (int l = minLevel; l <= 5; l++) {
            c.add(inputShapes[l - 2]);
        }
        Shape prev = inputShapes[3];
        for (Conv2d extra : new Conv2d[] {c6, c7}) {
            if (extra != null) {
                prev = Layers.init(extra, manager, dataType, prev)[0];
                c.add(prev);
            }
        }
        Shape[] mid = new Shape[c.size()];
        for (int i = 0; i < c.size(); i++) {
            mid[i] = Layers.init(proj.get(i), manager, dataType, c.get(i))[0];
        }
        for (int i = 0; i < lateral.size(); i++) {
            lateral.get(i).initialize(manager, dataType, c.get(i));
        }
        for (int i = 0; i < reduce.size(); i++) {
            if (reduce.get(i) != null) {
                reduce.get(i).initialize(manager, dataType, mid[i + 1]);
            }
        }
        for (int i = 0; i < output.size(); i++) {
            // P6 and P7 take C5's lateral and P6, both at the width of the levels above the low ones
            output.get(i).initialize(manager, dataType, mid[Math.min(i, 5 - minLevel)]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int n = maxLevel - minLevel + 1;
        Shape[] out = new Shape[2 * n];
        Shape c2 = inputShapes[0];
        long h = c2.get(2);
        long w = c2.get(3);
        for (int l = 2; l < minLevel; l++) {
            h = Layers.half(h);
            w = Layers.half(w);
        }
        for (int i = 0; i < n; i++) {
            long ch = proj.get(i).getOutputShapes(new Shape[] {c2})[0].get(1);
            out[i] = new Shape(c2.get(0), ch, h, w);
            out[n + i] = out[i];
            h = Layers.half(h);
            w = Layers.half(w);
        }
        return out;
    }
}
