package io.ainnoface.infer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.ainnoface.anchor.AnchorGenerator;
import io.ainnoface.box.BoxVoting;
import io.ainnoface.box.Boxes;
import io.ainnoface.box.FaceNms;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.config.InferenceConfig;
import io.ainnoface.model.AInnoFace;
import io.ainnoface.model.LevelGeometry;
import io.ainnoface.verify.FaceVerifier;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs the network on images and returns faces in pixels of each original image. Not
 * thread-safe: use one detector per thread (they may share a {@link Model}).
 */
public final class FaceDetector implements Detector {
    /** Which engine runs a model folder's network. */
    public enum Engine {
        /** ONNX Runtime when the folder has {@value ModelFolder#ONNX}, else PyTorch. */
        AUTO,
        PYTORCH,
        ONNXRUNTIME
    }

    private final NetworkRunner net;
    private final DetectorConfig cfg;
    private final PostProcessor post;
    private String name = ModelFolder.NAME;
    private final AnchorCache anchors;
    private final InputBuffer input;
    private final FaceVerifier verifier;
    /** Whether closing this detector closes the network and the verifier ({@link #withInference} views do not). */
    private final boolean owner;

    public FaceDetector(NetworkRunner net, DetectorConfig cfg) {
        this(net, cfg, null);
    }

    /** @param verifier the second stage of test-time augmentation ({@link FaceVerifier}), or null */
    public FaceDetector(NetworkRunner net, DetectorConfig cfg, FaceVerifier verifier) {
        this(net, cfg, verifier, new AnchorCache(cfg.model), new InputBuffer(), true);
    }

    /** A detector on shared parts: {@code anchors} must be of {@code cfg.model}. */
    FaceDetector(NetworkRunner net, DetectorConfig cfg, FaceVerifier verifier, AnchorCache anchors, InputBuffer input,
            boolean owner) {
        this.net = net;
        this.cfg = cfg;
        this.post = new PostProcessor(cfg.model, cfg.inference);
        this.verifier = verifier;
        this.anchors = anchors;
        this.input = input;
        this.owner = owner;
    }

    /**
     * This detector with another inference section (a test-time preset, say), on the same network, verifier, anchors
     * and input buffer: use it where this one is used, never at the same time as this one. Closing it closes nothing;
     * this detector owns what they share.
     */
    public FaceDetector withInference(InferenceConfig inference) {
        DetectorConfig c = new DetectorConfig();
        c.name = cfg.name;
        c.model = cfg.model;
        c.inference = inference;
        c.train = cfg.train;
        c.verifier = cfg.verifier;
        FaceDetector view = new FaceDetector(net, c, verifier, anchors, input, false);
        view.name = name;
        return view;
    }

    /** A detector on a DJL model (PyTorch engine), e.g. one being trained. */
    public FaceDetector(Model model, DetectorConfig cfg, boolean ownsModel) {
        this(new DjlRunner(model, ownsModel), cfg);
    }

    /**
     * Loads a model folder (see {@link ModelFolder}) with {@link Engine#AUTO} and default threads; with its verifier
     * when its config has one.
     */
    public static FaceDetector load(Path dir) throws IOException {
        return load(dir, Engine.AUTO, 0);
    }

    /**
     * Loads a model folder.
     *
     * @param threads ONNX Runtime intra-op threads (0 = one per core); PyTorch uses its global setting
     */
    public static FaceDetector load(Path dir, Engine engine, int threads) throws IOException {
        DetectorConfig cfg = ModelFolder.readConfig(dir);
        FaceVerifier verifier = cfg.verifier == null ? null
                : FaceVerifier.load(dir, cfg.verifier, engine != Engine.PYTORCH, threads);
        NetworkRunner runner;
        try {
            runner = openRunner(dir, engine, threads);
        } catch (IOException | RuntimeException e) {
            if (verifier != null) {
                verifier.close();
            }
            throw e;
        }
        FaceDetector det = new FaceDetector(runner, cfg, verifier);
        det.name = dir.toAbsolutePath().normalize().getFileName().toString();
        return det;
    }

    /** The network of a model folder in the chosen engine (see {@link #load(Path, Engine, int)}). */
    public static NetworkRunner openRunner(Path dir, Engine engine, int threads) throws IOException {
        Path onnx = dir.resolve(ModelFolder.ONNX);
        boolean useOnnx = engine == Engine.ONNXRUNTIME || (engine == Engine.AUTO && Files.isRegularFile(onnx));
        return useOnnx ? new OnnxRunner(onnx, threads) : new DjlRunner(loadModel(dir), true);
    }

    /** The engine that runs the network: {@code "pytorch"} or {@code "onnxruntime"}. */
    public String engine() {
        return net.engine();
    }

    /** The network of a model folder with its parameters, for detectors that share it. */
    public static Model loadModel(Path dir) throws IOException {
        DetectorConfig cfg = ModelFolder.readConfig(dir);
        Model model = Model.newInstance(ModelFolder.NAME, Device.cpu(), "PyTorch");
        model.setBlock(new AInnoFace(cfg.model));
        ModelFolder.loadParameters(model, dir);
        return model;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double evalThreshold() {
        return cfg.inference.scoreThreshold;
    }

    public DetectorConfig config() {
        return cfg;
    }

    /**
     * Single-scale detection of a batch in one forward pass, each image scaled down to {@code maxLongSide}; the images
     * whose first pass saw a face too large for it get the second pass of {@link #withLargeFacePasses}, batched too.
     */
    public List<List<Face>> detect(List<BufferedImage> images, double scoreThreshold) {
        double[] scales = new double[images.size()];
        boolean[] check = new boolean[images.size()];
        for (int i = 0; i < scales.length; i++) {
            BufferedImage img = images.get(i);
            scales[i] = ImageTensors.longSideScale(cfg.inference.maxLongSide, img.getWidth(), img.getHeight());
            check[i] = mayTakeSecondPass(cfg, img, scales[i]);
        }
        boolean[] candidate = new boolean[images.size()];
        List<List<Face>> first = detectScaled(images, scales, scoreThreshold, 0, check, candidate);
        return withLargeFacePasses(images, scales, first, candidate, scoreThreshold);
    }

    /**
     * A first-pass candidate scoring at least this, longer than half the largest anchor, calls the second pass. One pass
     * boxes such faces loosely, below the threshold or not at all, but leaves a weak box on them (sessions 47–48,
     * {@code tools/LargeFaceSweep.java}): of 80 train-split faces 250–450 px tall in a 640 × 480 frame it boxed 71–76
     * at IoU 0.5, the second pass 78–80; of the same faces 300–800 px tall in a 768 × 1024 portrait, 21–72 and 72–80.
     * At 0.1 the trigger called the pass on every crop of both and of the Grace Hopper sample's; at 0.5 it would have
     * kept about half the gain.
     */
    private static final double LARGE_CANDIDATE_SCORE = 0.1;

    /**
     * Whether single scale may give an image {@link #withLargeFacePasses}'s second pass: with {@code largeFacePasses},
     * when its short side at the first pass's {@code scale} exceeds the largest anchor, so that it could hold a face
     * larger than any anchor.
     */
    static boolean mayTakeSecondPass(DetectorConfig cfg, BufferedImage img, double scale) {
        return cfg.inference.largeFacePasses && shortSide(img) * scale > AnchorGenerator.largestSide(cfg.model);
    }

    /**
     * The faces of single-scale passes at {@code scales} ({@code first}, in pixels of the originals) completed for faces
     * larger than the network's largest anchor {@code reach} ({@link AnchorGenerator#largestSide}). An image whose short
     * side, as resized, exceeds {@code reach} gets a second pass when its first pass had a {@code candidate} (a box
     * over {@code reach / 2} scoring at least {@link #LARGE_CANDIDATE_SCORE}), at half the scale, or less where the
     * short side exceeds twice {@code reach}, so that any face the image holds is within {@code reach} there. The first
     * pass then keeps its boxes up to {@code reach} (longer side, in its pixels), the second those over {@code reach / 2}
     * in the first pass's pixels, where both passes are in range; the two go through NMS at {@code nmsIou}.
     */
    private List<List<Face>> withLargeFacePasses(List<BufferedImage> images, double[] scales, List<List<Face>> first,
            boolean[] candidate, double scoreThreshold) {
        double reach = AnchorGenerator.largestSide(cfg.model);
        List<Integer> large = new ArrayList<>();
        List<BufferedImage> batch = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (candidate[i]) {
                large.add(i);
                batch.add(images.get(i));
            }
        }
        if (large.isEmpty()) {
            return first;
        }
        double[] second = new double[large.size()];
        for (int j = 0; j < second.length; j++) {
            int i = large.get(j);
            second[j] = scales[i] * Math.min(0.5, reach / (shortSide(images.get(i)) * scales[i]));
        }
        List<List<Face>> found = detectScaled(batch, second, scoreThreshold);
        List<List<Face>> out = new ArrayList<>(first);
        for (int j = 0; j < second.length; j++) {
            int i = large.get(j);
            List<Face> both = sized(first.get(i), 0, reach / scales[i]);
            both.addAll(sized(found.get(j), 0.5 * reach / scales[i], Double.POSITIVE_INFINITY));
            out.set(i, FaceNms.select(both, Double.NEGATIVE_INFINITY, Integer.MAX_VALUE, cfg.inference.nmsIou,
                    cfg.inference.maxDetections));
        }
        return out;
    }

    private static int shortSide(BufferedImage img) {
        return Math.min(img.getWidth(), img.getHeight());
    }

    /** The faces whose longer side, in original pixels, is above {@code above} and at most {@code atMost}. */
    private static List<Face> sized(List<Face> faces, double above, double atMost) {
        List<Face> out = new ArrayList<>();
        for (Face f : faces) {
            double side = Math.max(f.width(), f.height());
            if (side > above && side <= atMost) {
                out.add(f);
            }
        }
        return out;
    }

    /** Single-scale batched detection, or test-time augmentation image by image. */
    @Override
    public List<List<Face>> detect(List<BufferedImage> images, double scoreThreshold, boolean tta) {
        if (images.isEmpty()) {
            return new ArrayList<>();
        }
        if (!tta) {
            return detect(images, scoreThreshold);
        }
        List<List<Face>> out = new ArrayList<>(images.size());
        for (BufferedImage img : images) {
            out.add(detectTta(img, scoreThreshold));
        }
        return out;
    }

    public List<Face> detect(BufferedImage image, double scoreThreshold) {
        return detect(List.of(image), scoreThreshold).get(0);
    }

    /**
     * Reads an image file ({@value ImageLoader#FORMATS}; EXIF orientation applied) within the model's limits
     * ({@code inference.maxPixels}, {@code inference.minSide}) and detects its faces at single scale.
     *
     * @return {@code xyxy} boxes in pixels of the upright image, by descending score
     * @throws ImageLoadException naming the file, when it is missing, not an image, truncated or outside the limits
     */
    public List<Face> detect(Path image, double scoreThreshold) throws ImageLoadException {
        return detect(new ImageLoader(cfg.inference.maxPixels, cfg.inference.minSide).load(image), scoreThreshold);
    }

    /**
     * Detects each image resized by its own scale, all padded into one batch.
     *
     * @return faces in pixels of the original images, clipped to them
     */
    public List<List<Face>> detectScaled(List<BufferedImage> images, double[] scales, double scoreThreshold) {
        return detectScaled(images, scales, scoreThreshold, 0);
    }

    /**
     * As {@link #detectScaled(List, double[], double)}, each resized image placed {@code shift} pixels right of and
     * below the input's corner, on the normalization's mean (zero after it).
     */
    List<List<Face>> detectScaled(List<BufferedImage> images, double[] scales, double scoreThreshold, int shift) {
        return detectScaled(images, scales, scoreThreshold, shift, null, null);
    }

    /**
     * As {@link #detectScaled(List, double[], double, int)}; for each image marked in {@code check}, also sets in
     * {@code candidate} whether the pass had a box longer than half the largest anchor (in the pass's pixels) scoring
     * at least {@link #LARGE_CANDIDATE_SCORE}, decoded from the same network output.
     */
    private List<List<Face>> detectScaled(List<BufferedImage> images, double[] scales, double scoreThreshold, int shift,
            boolean[] check, boolean[] candidate) {
        int b = images.size();
        int[] ws = new int[b];
        int[] hs = new int[b];
        int padW = 1;
        int padH = 1;
        for (int i = 0; i < b; i++) {
            ws[i] = ImageTensors.scaledSide(images.get(i).getWidth(), scales[i]);
            hs[i] = ImageTensors.scaledSide(images.get(i).getHeight(), scales[i]);
            padW = Math.max(padW, ws[i] + shift);
            padH = Math.max(padH, hs[i] + shift);
        }
        float[] data = input.atLeast(b * 3 * padH * padW);
        for (int i = 0; i < b; i++) {
            int at = i * 3 * padH * padW;
            if (shift > 0) {
                BufferedImage r = shifted(ImageTensors.resize(images.get(i), ws[i], hs[i]), shift);
                ImageTensors.writeChw(r, data, at, padH, padW, cfg.model.mean, cfg.model.std);
            } else {
                ImageTensors.writeResizedChw(images.get(i), ws[i], hs[i], data, at, padH, padW, cfg.model.mean,
                        cfg.model.std);
            }
        }
        float[][] out = forward(data, new Shape(b, 3, padH, padW));
        return decode(images, ws, hs, padH, padW, shift, out, scoreThreshold, check, candidate);
    }

    /**
     * {@link #detect(BufferedImage, double)} on an image whose first pass has already run: {@code first} holds the
     * network's outputs ({@link NetworkRunner}) for the image resized as {@code detect} resizes it, unpadded. Decodes
     * them and runs only the second pass, when the first saw a large face. A DJL predictor has run that pass itself.
     */
    List<Face> detectAfterFirstPass(BufferedImage img, float[][] first, double scoreThreshold) {
        List<BufferedImage> one = List.of(img);
        double[] scales = {ImageTensors.longSideScale(cfg.inference.maxLongSide, img.getWidth(), img.getHeight())};
        int[] ws = {ImageTensors.scaledSide(img.getWidth(), scales[0])};
        int[] hs = {ImageTensors.scaledSide(img.getHeight(), scales[0])};
        boolean[] check = {mayTakeSecondPass(cfg, img, scales[0])};
        boolean[] candidate = new boolean[1];
        List<List<Face>> faces = decode(one, ws, hs, hs[0], ws[0], 0, first, scoreThreshold, check, candidate);
        return withLargeFacePasses(one, scales, faces, candidate, scoreThreshold).get(0);
    }

    /**
     * The faces of a batch's network outputs {@code out} (input {@code padH × padW}, image {@code i} resized to
     * {@code ws[i] × hs[i]} and placed {@code shift} pixels from the corner), in pixels of the originals; sets
     * {@code candidate} as {@link #detectScaled(List, double[], double, int, boolean[], boolean[])} says.
     */
    private List<List<Face>> decode(List<BufferedImage> images, int[] ws, int[] hs, int padH, int padW, int shift,
            float[][] out, double scoreThreshold, boolean[] check, boolean[] candidate) {
        int b = images.size();
        LevelGeometry g = LevelGeometry.of(cfg.model, padH, padW);
        float[] anchors = this.anchors.get(padH, padW, g);
        int n = g.total();
        int nStc = g.count(cfg.model.stcLevels);
        int nStr = g.count(cfg.model.strLevels);
        // the candidate check, the same for every image of the batch: the size it looks for, and whether the caller's
        // threshold leaves the weak boxes out so that they need a decode of their own
        double half = check == null ? 0 : 0.5 * AnchorGenerator.largestSide(cfg.model);
        double applied = scoreThreshold >= 0 ? scoreThreshold : cfg.inference.scoreThreshold;
        boolean ownDecode = applied > LARGE_CANDIDATE_SCORE;
        List<List<Face>> result = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            float[] cls = slice(out[0], i * n, n);
            float[] reg = slice(out[1], i * n * 4, n * 4);
            float[] stcCls = slice(out[2], i * nStc, nStc);
            float[] strReg = slice(out[3], i * nStr * 4, nStr * 4);
            List<Face> faces = post.process(g, anchors, cls, reg, stcCls, strReg, scoreThreshold);
            if (check != null && check[i]) {
                List<Face> weak = ownDecode ? post.process(g, anchors, cls, reg, stcCls, strReg, LARGE_CANDIDATE_SCORE)
                        : faces;
                for (Face f : weak) {
                    Face c = f.clipped(ws[i], hs[i]);
                    candidate[i] |= f.score() >= LARGE_CANDIDATE_SCORE && Math.max(c.width(), c.height()) > half;
                }
            }
            double sx = images.get(i).getWidth() / (double) ws[i];
            double sy = images.get(i).getHeight() / (double) hs[i];
            List<Face> mapped = new ArrayList<>(faces.size());
            for (Face f : faces) {
                Face m = new Face(f.x1() - shift, f.y1() - shift, f.x2() - shift, f.y2() - shift, f.score())
                        .clipped(ws[i], hs[i]).scaled(sx, sy);
                if (m.spansAPixel()) {
                    mapped.add(m);
                }
            }
            result.add(mapped);
        }
        return result;
    }

    /**
     * Test-time augmentation as in SRN's test procedure: the original, its mirror, shrunken passes
     * ({@code ttaShrinks}, SRN: 0.5x keeping boxes wider than {@code ttaSmallMinSize}; those also in
     * {@code ttaFlippedShrinks} run mirrored too) and enlarged passes up to
     * {@code ttaMaxSize²} pixels and {@code ttaMaxEnlarge} times the image's size (keeping boxes narrower than
     * {@code ttaLargeMaxSize}; mirrored too with {@code ttaFlippedEnlarges}, shifted by half the lowest level's
     * stride too with {@code ttaShiftedEnlarges}, each such variant in its pass's view); images
     * already larger get shrunken passes instead. All boxes are merged by {@link BoxVoting} and
     * scored as {@code ttaScore} says ({@link TtaPasses}), then re-scored by the verifier when there is one.
     */
    public List<Face> detectTta(BufferedImage img, double scoreThreshold) {
        InferenceConfig inf = cfg.inference;
        int w = img.getWidth();
        int h = img.getHeight();
        double largest = (double) inf.ttaMaxSize * inf.ttaMaxSize;
        TtaPasses passes = new TtaPasses();
        // flip-mean-enlarged: a mirrored pass other than an enlarged one is a view of its own
        boolean own = inf.ttaScore.equals(InferenceConfig.TTA_SCORE_FLIP_MEAN_ENLARGED);
        BufferedImage flipped = flip(img);
        Predicate<Face> any = f -> true;
        if ((double) w * h < largest) {
            passes.add(at(img, 1.0), any);
            if (inf.ttaFlip) {
                passes.addVariant(mirrored(flipped, 1.0), own);
            }
            for (double s : inf.ttaShrinks) {
                Predicate<Face> longer = longerThan(inf.ttaSmallMinSize * 0.5 / s);
                passes.add(at(img, s), longer);
                if (inf.ttaFlippedShrinks.contains(s)) {
                    passes.addVariant(mirrored(flipped, s), own);
                }
            }
            Predicate<Face> small = f -> Math.min(f.width(), f.height()) < inf.ttaLargeMaxSize;
            // area factor of the largest enlarged pass
            double area = largest / w / h;
            if (inf.ttaMaxEnlarge > 0) {
                area = Math.min(area, inf.ttaMaxEnlarge * inf.ttaMaxEnlarge);
            }
            List<Double> enlarges = new ArrayList<>();
            if (inf.ttaEnlarges.isEmpty()) {
                int enlarge = (int) Math.floor(Math.log(area) / Math.log(2.25));
                for (int t = 1; t <= enlarge; t++) {
                    enlarges.add(Math.pow(1.5, t));
                }
                enlarges.add(Math.sqrt(area));
            } else {
                for (double s : inf.ttaEnlarges) {
                    double capped = Math.min(s, Math.sqrt(area));
                    if (capped > 1 && !enlarges.contains(capped)) {
                        enlarges.add(capped);
                    }
                }
            }
            int shift = 1 << (cfg.model.minLevel - 1);
            for (double s : enlarges) {
                passes.add(at(img, s), small);
                if (inf.ttaFlippedEnlarges) {
                    passes.addVariant(mirrored(flipped, s), false);
                }
                if (inf.ttaShiftedEnlarges) {
                    passes.addVariant(detectScaled(List.of(img), new double[] {s}, -1, shift).get(0), false);
                }
            }
        } else {
            double r = ttaFirstScale(inf, w, h);
            passes.add(at(img, r), any);
            if (inf.ttaFlip) {
                passes.addVariant(mirrored(flipped, r), own);
            }
            for (double s : inf.ttaLargeImageShrinks) {
                passes.add(at(img, r * s), longerThan(inf.ttaSmallMinSize));
            }
        }
        List<Face> voted = passes.vote(inf.voteIou, inf.maxDetections, inf.ttaScore);
        if (verifier != null) {
            voted = verifier.rescore(img, voted);
        }
        List<Face> out = new ArrayList<>();
        for (Face f : voted) {
            Face c = f.clipped(w, h);
            if (f.score() > scoreThreshold && c.spansAPixel()) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The scale of {@link #detectTta}'s first pass on a {@code w × h} photo: 1, or for a photo of {@code ttaMaxSize²}
     * pixels or more the scale that brings it down to that.
     */
    static double ttaFirstScale(InferenceConfig inf, int w, int h) {
        double largest = (double) inf.ttaMaxSize * inf.ttaMaxSize;
        return (double) w * h < largest ? 1.0 : Math.sqrt(largest / w / h);
    }

    /** The faces found in the mirrored image at {@code scale}, mirrored back. */
    private List<Face> mirrored(BufferedImage flipped, double scale) {
        List<Face> out = new ArrayList<>();
        for (Face f : at(flipped, scale)) {
            out.add(mirror(f, flipped.getWidth()));
        }
        return out;
    }

    /** Keeps the faces whose longer side exceeds {@code minSide} original pixels. */
    private static Predicate<Face> longerThan(double minSide) {
        return f -> Math.max(f.width(), f.height()) > minSide;
    }

    private List<Face> at(BufferedImage img, double scale) {
        return detectScaled(List.of(img), new double[] {scale}, -1).get(0);
    }

    /** Mirrors a box of the flipped image back, in WIDER's inclusive pixel convention ({@link Boxes#MIRROR_OFFSET}). */
    private static Face mirror(Face f, int w) {
        double m = w - Boxes.MIRROR_OFFSET;
        return new Face((float) (m - f.x2()), f.y1(), (float) (m - f.x1()), f.y2(), f.score());
    }

    /** {@code img} drawn {@code shift} pixels right of and below the corner of a canvas of the model's mean colour. */
    private BufferedImage shifted(BufferedImage img, int shift) {
        BufferedImage out = new BufferedImage(img.getWidth() + shift, img.getHeight() + shift, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        List<Float> m = cfg.model.mean;
        g.setColor(new Color(Math.round(255 * m.get(0)), Math.round(255 * m.get(1)), Math.round(255 * m.get(2))));
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(img, shift, shift, null);
        g.dispose();
        return out;
    }

    static BufferedImage flip(BufferedImage img) {
        AffineTransform t = AffineTransform.getScaleInstance(-1, 1);
        t.translate(-img.getWidth(), 0);
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        return new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(img, out);
    }

    /** Runs the network (no gradients); returns the four outputs as flat arrays ({@link NetworkRunner}). */
    public float[][] forward(float[] data, Shape shape) {
        return net.run(data, shape.getShape());
    }

    /** How many input sizes' anchors are held now. */
    int anchorSizesHeld() {
        return anchors.sizesHeld();
    }

    private static float[] slice(float[] a, int from, int len) {
        float[] out = new float[len];
        System.arraycopy(a, from, out, 0, len);
        return out;
    }

    /** The verifier that re-scores the test-time augmentation's boxes, or null. */
    public FaceVerifier verifier() {
        return verifier;
    }

    @Override
    public void close() {
        if (!owner) {
            return;
        }
        net.close();
        if (verifier != null) {
            verifier.close();
        }
    }
}
