package io.ainnoface.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.ainnoface.config.ModelConfig;
import io.ainnoface.model.backbone.Backbone;
import io.ainnoface.model.head.SrnHead;
import io.ainnoface.model.neck.SrnFpn;
import io.ainnoface.onnx.OnnxExportable;
import io.ainnoface.onnx.OnnxGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The AInnoFace network: backbone → C2..C7 → SRN neck → one head shared by all levels and both
 * steps (or, with {@code highHeadFromLevel}, a second head for the upper levels, and with
 * {@code lowHeadToLevel} a narrow one for the lowest levels).
 *
 * <p>Input: {@code (B, 3, H, W)} normalized RGB. Output, anchors ordered level by level, then
 * by (y, x, anchor) within a level (see {@link io.ainnoface.anchor.AnchorGenerator}):
 * <ol>
 *   <li>second-step face logits {@code (B, N)} over all levels;</li>
 *   <li>second-step deltas {@code (B, N, 4)};</li>
 *   <li>first-step face logits {@code (B, N_stc)} over the STC levels only;</li>
 *   <li>first-step deltas {@code (B, N_str, 4)} over the STR levels only.</li>
 * </ol>
 */
public class AInnoFace extends AbstractBlock implements OnnxExportable {
    private final ModelConfig cfg;
    private final Backbone backbone;
    private final SrnFpn neck;
    private final SrnHead head;
    private final SrnHead highHead; // null: one head for all levels
    private final SrnHead lowHead; // null: the lowest levels share the head
    private static final String HEAD = "head";
    private static final String HIGH_HEAD = "head_high";
    private static final String LOW_HEAD = "head_low";

    public AInnoFace(ModelConfig cfg) {
        this.cfg = cfg;
        for (List<Integer> set : List.of(cfg.stcLevels, cfg.strLevels, cfg.maxoutLevels)) {
            for (int l : set) {
                if (l < cfg.minLevel || l > cfg.maxLevel) {
                    throw new IllegalArgumentException("model: level " + l + " in stcLevels/strLevels/"
                            + "maxoutLevels is outside minLevel..maxLevel");
                }
            }
        }
        if (cfg.highHeadFromLevel != 0
                && (cfg.highHeadFromLevel <= cfg.minLevel || cfg.highHeadFromLevel > cfg.maxLevel)) {
            throw new IllegalArgumentException("model: highHeadFromLevel " + cfg.highHeadFromLevel
                    + " must be 0 or in minLevel+1..maxLevel");
        }
        if (cfg.mobilenetC5Channels < 0) {
            throw new IllegalArgumentException("model: mobilenetC5Channels " + cfg.mobilenetC5Channels
                    + " must be 0 (the width multiplier's) or positive");
        }
        if (cfg.highHeadChannels < 0 || (cfg.highHeadChannels != 0 && cfg.highHeadFromLevel == 0)) {
            throw new IllegalArgumentException("model: highHeadChannels " + cfg.highHeadChannels
                    + " must be 0, or positive with highHeadFromLevel set");
        }
        if (cfg.lowHeadToLevel != 0 && cfg.highHeadFromLevel != 0 && cfg.highHeadFromLevel <= cfg.lowHeadToLevel) {
            throw new IllegalArgumentException("model: highHeadFromLevel " + cfg.highHeadFromLevel
                    + " must be above lowHeadToLevel " + cfg.lowHeadToLevel);
        }
        backbone = addChildBlock("backbone", Backbone.create(cfg));
        neck = addChildBlock("neck", new SrnFpn(cfg));
        head = addChildBlock(HEAD, newHead(cfg, cfg.headChannels));
        highHead = cfg.highHeadFromLevel == 0 ? null : addChildBlock(HIGH_HEAD, newHead(cfg, cfg.highHeadWidth()));
        lowHead = cfg.lowHeadToLevel == 0 ? null : addChildBlock(LOW_HEAD, newHead(cfg, cfg.lowChannels));
        neck.setInitializer(he(), Parameter.Type.WEIGHT);
    }

    private static SrnHead newHead(ModelConfig cfg, int channels) {
        SrnHead h = new SrnHead(channels, cfg.rfe, cfg.anchorsPerPosition(),
                cfg.maxoutLevels.isEmpty() ? 0 : cfg.maxoutBackground, cfg.sharedTower);
        // He-normal for the towers (SRN's N(0, 0.01) shrinks the signal of narrow variants by ~10x
        // per layer), N(0, 0.01) for the predictors as in SRN/RetinaNet
        h.setInitializer(he(), Parameter.Type.WEIGHT);
        h.setPredictorInitializer(new NormalInitializer(0.01f));
        return h;
    }

    private static Initializer he() {
        return new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);
    }

    /** The head that serves {@code level}. */
    private SrnHead headFor(int level) {
        if (lowHead != null && level <= cfg.lowHeadToLevel) {
            return lowHead;
        }
        return highHead != null && level >= cfg.highHeadFromLevel ? highHead : head;
    }

    private List<SrnHead> heads() {
        List<SrnHead> out = new ArrayList<>(List.of(head));
        if (highHead != null) {
            out.add(highHead);
        }
        if (lowHead != null) {
            out.add(lowHead);
        }
        return out;
    }

    /**
     * Whether {@code name} may keep its initialization when a run starts from a network that lacks
     * it: the narrow low levels' head and neck ({@code model.lowHeadToLevel}), which a network
     * without those levels, or with them at the common width, has no weights for.
     */
    public boolean startsFresh(String name) {
        if (cfg.lowHeadToLevel == 0) {
            return false;
        }
        if (name.startsWith(LOW_HEAD + ".")) {
            return true;
        }
        for (int l = cfg.minLevel; l <= cfg.lowHeadToLevel; l++) {
            for (String part : new String[] {"c" + l + "_conv.", "c" + l + "_lateral.", "p" + l + "_conv.",
                    "c" + (l + 1) + "_reduce."}) {
                if (name.startsWith("neck." + part)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The parameters of a narrower network that {@code name} starts from when a checkpoint lacks it,
     * in order of preference: a head's class and box towers start as copies of a shared tower
     * ({@code model.sharedTower}), the upper levels' head as a copy of the shared head
     * ({@code model.highHeadFromLevel}), or both. Empty for any other parameter.
     */
    public static List<String> initSources(String name) {
        List<String> out = new ArrayList<>();
        String tower = name.replaceFirst("^(" + HEAD + "|" + HIGH_HEAD + ")\\.(cls|box)_subnet\\.", "$1.subnet.");
        if (!tower.equals(name)) {
            out.add(tower);
        }
        String prefix = HIGH_HEAD + ".";
        if (name.startsWith(prefix)) {
            out.add(HEAD + "." + name.substring(prefix.length()));
            if (!tower.equals(name)) {
                out.add(HEAD + "." + tower.substring(prefix.length()));
            }
        }
        return out;
    }

    /**
     * The parameter {@code name} is read from in a checkpoint that has the names {@code present}
     * accepts: {@code name} itself, else the first of its {@link #initSources} there, else null.
     */
    public static String initSource(String name, Predicate<String> present) {
        if (present.test(name)) {
            return name;
        }
        for (String alt : initSources(name)) {
            if (present.test(alt)) {
                return alt;
            }
        }
        return null;
    }

    public ModelConfig config() {
        return cfg;
    }

    public Backbone backbone() {
        return backbone;
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        boolean fresh = !isInitialized();
        super.initialize(manager, dataType, inputShapes);
        if (fresh) {
            for (SrnHead h : heads()) {
                NDArray bias = h.clsPredictor().getParameters().get("bias").getArray();
                bias.muli(0).addi((float) -Math.log((1 - cfg.initPrior) / cfg.initPrior));
            }
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList c = backbone.forward(ps, inputs, training);
        NDList f = neck.forward(ps, c, training);
        int n = cfg.numLevels();
        long b = inputs.head().getShape().get(0);
        NDList cls2 = new NDList(n);
        NDList box2 = new NDList(n);
        NDList cls1 = new NDList();
        NDList box1 = new NDList();
        for (int i = 0; i < n; i++) {
            int level = cfg.minLevel + i;
            boolean maxout = cfg.maxoutLevels.contains(level);
            NDArray first = f.get(i);
            NDArray second = f.get(n + i);
            boolean stc = cfg.stcLevels.contains(level);
            boolean str = cfg.strLevels.contains(level);
            SrnHead head = headFor(level);
            if (cfg.sharedTower && (stc || str)) {
                // one tower serves both steps: run them as one batch (half the calls)
                NDArray[] o = head.apply(ps, NDArrays.concat(new NDList(second, first), 0), training, true, true,
                        maxout);
                cls2.add(o[0].get("0:{}", b));
                box2.add(o[1].get("0:{}", b));
                if (stc) {
                    cls1.add(o[0].get("{}:", b));
                }
                if (str) {
                    box1.add(o[1].get("{}:", b));
                }
                continue;
            }
            NDArray[] s2 = head.apply(ps, second, training, true, true, maxout);
            cls2.add(s2[0]);
            box2.add(s2[1]);
            if (stc || str) {
                NDArray[] s1 = head.apply(ps, first, training, stc, str, maxout);
                if (stc) {
                    cls1.add(s1[0]);
                }
                if (str) {
                    box1.add(s1[1]);
                }
            }
        }
        NDManager m = inputs.head().getManager();
        return new NDList(
                NDArrays.concat(cls2, 1),
                NDArrays.concat(box2, 1),
                cls1.isEmpty() ? m.zeros(new Shape(b, 0)) : NDArrays.concat(cls1, 1),
                box1.isEmpty() ? m.zeros(new Shape(b, 0, 4)) : NDArrays.concat(box1, 1));
    }

    /** The same four outputs as {@link #forwardInternal}, as ONNX values. */
    @Override
    public String[] exportOnnx(OnnxGraph g, String... inputs) {
        String[] f = neck.exportOnnx(g, backbone.exportOnnx(g, inputs[0]));
        int n = cfg.numLevels();
        List<String> cls2 = new ArrayList<>();
        List<String> box2 = new ArrayList<>();
        List<String> cls1 = new ArrayList<>();
        List<String> box1 = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int level = cfg.minLevel + i;
            boolean maxout = cfg.maxoutLevels.contains(level);
            boolean stc = cfg.stcLevels.contains(level);
            boolean str = cfg.strLevels.contains(level);
            SrnHead head = headFor(level);
            String[] s2 = head.exportApply(g, f[n + i], true, true, maxout);
            cls2.add(s2[0]);
            box2.add(s2[1]);
            if (stc || str) {
                String[] s1 = head.exportApply(g, f[i], stc, str, maxout);
                if (stc) {
                    cls1.add(s1[0]);
                }
                if (str) {
                    box1.add(s1[1]);
                }
            }
        }
        String c2 = g.concat(1, cls2.toArray(String[]::new));
        String b2 = g.concat(1, box2.toArray(String[]::new));
        return new String[] {
            c2,
            b2,
            cls1.isEmpty() ? g.slice(c2, 1, 0, 0) : g.concat(1, cls1.toArray(String[]::new)),
            box1.isEmpty() ? g.slice(b2, 1, 0, 0) : g.concat(1, box1.toArray(String[]::new))
        };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] c = backbone.getOutputShapes(inputShapes);
        neck.initialize(manager, dataType, c);
        Shape[] f = neck.getOutputShapes(c);
        head.initialize(manager, dataType, f[cfg.lowHeadToLevel == 0 ? 0 : cfg.lowHeadToLevel + 1 - cfg.minLevel]);
        if (highHead != null) {
            highHead.initialize(manager, dataType, f[cfg.highHeadFromLevel - cfg.minLevel]);
        }
        if (lowHead != null) {
            lowHead.initialize(manager, dataType, f[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        LevelGeometry g = LevelGeometry.of(cfg, in.get(2), in.get(3));
        long b = in.get(0);
        return new Shape[] {
            new Shape(b, g.total()),
            new Shape(b, g.total(), 4),
            new Shape(b, g.count(cfg.stcLevels)),
            new Shape(b, g.count(cfg.strLevels), 4)
        };
    }
}
