package io.ainnoface.loss;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ainnoface.anchor.AnchorGenerator;
import io.ainnoface.box.BoxCoder;
import io.ainnoface.config.ModelConfig;
import io.ainnoface.config.TrainConfig;
import io.ainnoface.model.LevelGeometry;
import io.ainnoface.train.TargetAssigner;
import io.ainnoface.train.Targets;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** STC and STR target selection with hand-set network outputs. */
class AInnoFaceLossTest {
    static final double NEG = Math.log(2) * 0.25 * 0.75; // focal loss of logit 0 on a negative
    static final double POS = Math.log(2) * 0.25 * 0.25; // ... on a positive

    @Test
    void stcIgnoresNegativesTheFirstStepRejectsAndStrMatchesRefinedAnchors() {
        ModelConfig m = io.ainnoface.TestModels.tinyTwoLevels();
        TrainConfig t = new TrainConfig();
        LevelGeometry g = LevelGeometry.of(m, 64, 64);
        float[] anchors = AnchorGenerator.all(m, g);
        // a face exactly on P4 anchor 5 and far from every P5 anchor's own placement
        float[] face = Arrays.copyOfRange(anchors, 20, 24);
        Targets tg = new TargetAssigner(m, t, g, anchors).assign(face);
        assertEquals(1f, tg.cls1()[5]);
        assertEquals(1f, tg.cls2()[5]);

        // first step: P4 rejects everything (logit -10 = background 0.99995) except anchors 5 and 6
        float[] cls1 = new float[16];
        Arrays.fill(cls1, -10);
        cls1[5] = 1;
        cls1[6] = 1;
        // first-step deltas move P5 anchor 0 exactly onto the face
        float[] box1 = new float[16];
        BoxCoder.encodeOne(anchors, 16 * 4, face, 0, box1, 0);
        int pos2BeforeStr = count(tg.cls2(), 1);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDList out = new NDList(nd.zeros(new Shape(1, 20)), nd.zeros(new Shape(1, 20, 4)),
                    nd.create(cls1, new Shape(1, 16)), nd.create(box1, new Shape(1, 4, 4)));
            AInnoFaceLoss.Terms terms = new AInnoFaceLoss(m, t, g, anchors).compute(out, List.of(tg), nd);
            // STR: the refined P5 anchor 0 now coincides with the face -> positive in step 2
            assertEquals(1f, tg.cls2()[16]);
            assertEquals(1f, tg.reg2Pos()[16]);
            int pos2 = count(tg.cls2(), 1);
            assertEquals(pos2BeforeStr + 1, pos2);
            // STC: of P4's negatives only anchor 6 (not rejected) counts; P5 negatives all count
            int p4Neg = tg.cls2()[6] == 0 ? 1 : 0;
            int p5Neg = 0;
            for (int i = 16; i < 20; i++) {
                p5Neg += tg.cls2()[i] == 0 ? 1 : 0;
            }
            double expected = (pos2 * POS + (p4Neg + p5Neg) * NEG) / pos2;
            assertEquals(expected, terms.cls2().getFloat(), 1e-5);
            // second-step IoU loss with zero deltas: -ln IoU(anchor, face) averaged over positives,
            // where P5 anchors are the refined ones
            float[] refined = anchors.clone();
            BoxCoder.decodeOne(anchors, 16 * 4, box1, 0, refined, 16 * 4);
            double reg2 = 0;
            for (int i = 0; i < 20; i++) {
                if (tg.reg2Pos()[i] > 0) {
                    reg2 += -Math.log(io.ainnoface.box.Boxes.iou(refined, 4 * i, face, 0));
                }
            }
            assertEquals(reg2 / pos2, terms.reg2().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat(), 1e-4);
            // first step: the focal term covers every labelled P4 anchor (no filtering in step 1)
            int pos1 = count(tg.cls1(), 1);
            int neg1 = count(tg.cls1(), 0);
            double c1 = 0;
            for (int i = 0; i < 16; i++) {
                double x = cls1[i];
                double p = 1 / (1 + Math.exp(-x));
                if (tg.cls1()[i] == 1) {
                    c1 += -Math.log(p) * Math.pow(1 - p, 2) * 0.25;
                } else if (tg.cls1()[i] == 0) {
                    c1 += -Math.log(1 - p) * Math.pow(p, 2) * 0.75;
                }
            }
            assertEquals(c1 / Math.max(1, pos1), terms.cls1().getFloat(), 1e-5);
            assertEquals(16 - pos1 - count(tg.cls1(), -1), neg1);
        }
    }

    @Test
    void qualityTargetsScoreEachPositiveByItsRegressedBox() {
        ModelConfig m = io.ainnoface.TestModels.tinyTwoLevels();
        TrainConfig t = new TrainConfig();
        t.qualityFullIou = 0.8;
        LevelGeometry g = LevelGeometry.of(m, 64, 64);
        float[] anchors = AnchorGenerator.all(m, g);
        float[] face = Arrays.copyOfRange(anchors, 20, 24);
        Targets tg = new TargetAssigner(m, t, g, anchors).assign(face);
        // no STC rejection (background 0.27), no STR refinement (zero first-step deltas)
        float[] cls1 = new float[16];
        Arrays.fill(cls1, 1);
        // anchor 5 lies on the face; its deltas shift it right by a quarter of its width: IoU 0.75 / 1.25 = 0.6
        float[] box2 = new float[20 * 4];
        box2[5 * 4] = 0.25f;
        try (NDManager nd = NDManager.newBaseManager()) {
            NDList out = new NDList(nd.zeros(new Shape(1, 20)), nd.create(box2, new Shape(1, 20, 4)),
                    nd.create(cls1, new Shape(1, 16)), nd.zeros(new Shape(1, 4, 4)));
            AInnoFaceLoss.Terms terms = new AInnoFaceLoss(m, t, g, anchors).compute(out, List.of(tg), nd);
            // at logit 0 each term is ln 2 · α_t · |target − 0.5|², the target min(1, IoU / 0.8)
            double sum = 0;
            int pos = 0;
            for (int i = 0; i < 20; i++) {
                if (tg.cls2()[i] == 1) {
                    double iou = i == 5 ? 0.6 : io.ainnoface.box.Boxes.iou(anchors, 4 * i, face, 0);
                    double q = Math.min(1, iou / 0.8);
                    sum += Math.log(2) * 0.25 * (q - 0.5) * (q - 0.5);
                    pos++;
                } else if (tg.cls2()[i] == 0) {
                    sum += NEG;
                }
            }
            assertEquals(1f, tg.cls2()[5]);
            assertEquals(sum / pos, terms.cls2().getFloat(), 1e-6);
            // without quality targets each positive's term is POS, as before
            t.qualityFullIou = 0;
            double binary = new AInnoFaceLoss(m, t, g, anchors).compute(out, List.of(tg), nd).cls2().getFloat();
            assertEquals((pos * POS + count(tg.cls2(), 0) * NEG) / pos, binary, 1e-6);
        }
    }

    @Test
    void perFaceBoxLossGivesEveryFaceOneShare() {
        ModelConfig m = io.ainnoface.TestModels.tinyTwoLevels();
        TrainConfig t = new TrainConfig();
        LevelGeometry g = LevelGeometry.of(m, 64, 64);
        float[] anchors = AnchorGenerator.all(m, g);
        float[] faces = twoFaces(anchors);
        Targets tg = new TargetAssigner(m, t, g, anchors).assign(faces);
        float[] cls1 = new float[16];
        Arrays.fill(cls1, 1); // no STC rejection, and zero deltas everywhere: every prediction is its anchor
        try (NDManager nd = NDManager.newBaseManager()) {
            NDList out = new NDList(nd.zeros(new Shape(1, 20)), nd.zeros(new Shape(1, 20, 4)),
                    nd.create(cls1, new Shape(1, 16)), nd.zeros(new Shape(1, 4, 4)));
            double perAnchor = reg2(new AInnoFaceLoss(m, t, g, anchors).compute(out, List.of(tg), nd));
            t.regPerFace = true;
            double perFace = reg2(new AInnoFaceLoss(m, t, g, anchors).compute(out, List.of(tg), nd));
            // the box positives of each face, found by their target box
            double[] sum = new double[2];
            int[] n = new int[2];
            for (int i = 0; i < 20; i++) {
                if (tg.reg2Pos()[i] > 0) {
                    int f = tg.reg2Box()[4 * i] == faces[0] && tg.reg2Box()[4 * i + 1] == faces[1] ? 0 : 1;
                    sum[f] += -Math.log(io.ainnoface.box.Boxes.iou(anchors, 4 * i, faces, 4 * f));
                    n[f]++;
                }
            }
            assertEquals(1, n[0]);
            assertEquals(2, n[1]);
            assertEquals(0.0, sum[0], 1e-9);
            double iouB = io.ainnoface.box.Boxes.iou(anchors, 40, faces, 4);
            assertEquals(iouB, io.ainnoface.box.Boxes.iou(anchors, 44, faces, 4), 1e-6);
            assertEquals(-2 * Math.log(iouB), sum[1], 1e-6);
            assertEquals((sum[0] + sum[1]) / 3, perAnchor, 1e-5);
            assertEquals((sum[0] / n[0] + sum[1] / n[1]) / 2, perFace, 1e-5);
        }
    }

    @Test
    void countsTheBoxPositivesWhoseBoxMissesItsFace() {
        ModelConfig m = io.ainnoface.TestModels.tinyTwoLevels();
        TrainConfig t = new TrainConfig();
        LevelGeometry g = LevelGeometry.of(m, 64, 64);
        float[] anchors = AnchorGenerator.all(m, g);
        float[] faces = twoFaces(anchors); // three box positives
        Targets tg = new TargetAssigner(m, t, g, anchors).assign(faces);
        float[] cls1 = new float[16];
        Arrays.fill(cls1, 1);
        float[] box2 = new float[20 * 4];
        try (NDManager nd = NDManager.newBaseManager()) {
            AInnoFaceLoss loss = new AInnoFaceLoss(m, t, g, anchors);
            AInnoFaceLoss.Terms onFaces = loss.compute(new NDList(nd.zeros(new Shape(1, 20)),
                    nd.create(box2, new Shape(1, 20, 4)), nd.create(cls1, new Shape(1, 16)),
                    nd.zeros(new Shape(1, 4, 4))), List.of(tg), nd);
            int positives = count(tg.reg2Pos(), 1) + count(tg.reg1Pos(), 1);
            assertEquals(3, positives);
            assertEquals(positives, onFaces.boxPositives());
            assertEquals(0f, onFaces.missed().getFloat());
            // anchor 0's box moved one and a half widths right: it no longer touches face A (IoU 0)
            box2[0] = 1.5f;
            AInnoFaceLoss.Terms moved = loss.compute(new NDList(nd.zeros(new Shape(1, 20)),
                    nd.create(box2, new Shape(1, 20, 4)), nd.create(cls1, new Shape(1, 16)),
                    nd.zeros(new Shape(1, 4, 4))), List.of(tg), nd);
            assertEquals(1f, moved.missed().getFloat());
            assertEquals(3, moved.boxPositives());
        }
    }

    /** Face A on P4 anchor 0; face B half-way between anchors 10 and 11, at the same IoU (above 0.5) with each. */
    private static float[] twoFaces(float[] anchors) {
        float[] faces = new float[8];
        System.arraycopy(anchors, 0, faces, 0, 4);
        System.arraycopy(anchors, 40, faces, 4, 4);
        faces[4] += 8;
        faces[6] += 8;
        return faces;
    }

    private static double reg2(AInnoFaceLoss.Terms terms) {
        return terms.reg2().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
    }

    private static int count(float[] a, float v) {
        int n = 0;
        for (float x : a) {
            n += x == v ? 1 : 0;
        }
        return n;
    }
}
