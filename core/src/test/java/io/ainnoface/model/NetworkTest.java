package io.ainnoface.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.ainnoface.TestData;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.model.backbone.MobileNetV1;
import io.ainnoface.model.nn.Layers;
import io.ainnoface.model.nn.TorchNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkTest {

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v1", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152"})
    void outputShapesForEveryBackboneAtTwoSizes(String backbone) throws Exception {
        DetectorConfig cfg = new DetectorConfig();
        cfg.model.backbone = backbone;
        cfg.model.fpnChannels = 16;
        cfg.model.headChannels = 16;
        try (Model model = Networks.newModel(cfg); NDManager m = model.getNDManager().newSubManager()) {
            for (int[] hw : new int[][] {{64, 64}, {97, 130}}) {
                NDArray x = m.randomNormal(new Shape(2, 3, hw[0], hw[1]));
                NDList out = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false);
                LevelGeometry g = LevelGeometry.of(cfg.model, hw[0], hw[1]);
                assertEquals(new Shape(2, g.total()), out.get(0).getShape());
                assertEquals(new Shape(2, g.total(), 4), out.get(1).getShape());
                assertEquals(new Shape(2, g.count(cfg.model.stcLevels)), out.get(2).getShape());
                assertEquals(new Shape(2, g.count(cfg.model.strLevels), 4), out.get(3).getShape());
                Shape[] declared = model.getBlock().getOutputShapes(new Shape[] {x.getShape()});
                for (int i = 0; i < 4; i++) {
                    assertEquals(declared[i], out.get(i).getShape());
                }
                // backbone strides 4..32 with C2..C5 channels of the torchvision layout
                NDList c = ((io.ainnoface.model.AInnoFace) model.getBlock()).backbone()
                        .forward(new ParameterStore(m, false), new NDList(x), false);
                assertEquals(g.heights()[0], c.get(0).getShape().get(2));
                assertEquals(g.widths()[3], c.get(3).getShape().get(3));
            }
        }
    }

    @Test
    void mobilenetWeightsLoadByNameAndFirstLayerMatchesHandComputation() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            MobileNetV1 net = new MobileNetV1(0.25f);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            TorchNames.LoadReport r = TorchNames.loadSafetensors(net, "",
                    TestData.shared().resolve("models/pretrained/mobilenet_v1_0.25_imagenet.safetensors"), m,
                    Set.of("fc.weight", "fc.bias"));
            assertTrue(r.missing().isEmpty(), "missing " + r.missing());
            assertTrue(r.unexpected().isEmpty(), "unexpected " + r.unexpected());
            // 27 conv/dw/pw weights + 27 BN x 4 tensors
            assertEquals(27 + 27 * 4, r.loaded());

            Map<String, Parameter> p = TorchNames.parameters(net);
            float[] w = p.get("stage1.0.0.weight").getArray().toFloatArray(); // (8, 3, 3, 3)
            float[] gamma = p.get("stage1.0.1.weight").getArray().toFloatArray();
            float[] beta = p.get("stage1.0.1.bias").getArray().toFloatArray();
            float[] mean = p.get("stage1.0.1.running_mean").getArray().toFloatArray();
            float[] var = p.get("stage1.0.1.running_var").getArray().toFloatArray();
            int h = 6;
            float[] img = new float[3 * h * h];
            java.util.Random rnd = new java.util.Random(7);
            for (int i = 0; i < img.length; i++) {
                img[i] = (float) rnd.nextGaussian();
            }
            NDArray x = m.create(img, new Shape(1, 3, h, h));
            Seq0 seq = new Seq0(net);
            float[] y = seq.first(x).toFloatArray(); // (1, 8, 3, 3)
            // hand: conv 3x3 stride 2 pad 1, BN (eval) eps 1e-5, LeakyReLU 0.1
            for (int o = 0; o < 8; o++) {
                for (int oy = 0; oy < 3; oy++) {
                    for (int ox = 0; ox < 3; ox++) {
                        double s = 0;
                        for (int c = 0; c < 3; c++) {
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = oy * 2 - 1 + ky;
                                    int ix = ox * 2 - 1 + kx;
                                    if (iy < 0 || ix < 0 || iy >= h || ix >= h) {
                                        continue;
                                    }
                                    s += w[((o * 3 + c) * 3 + ky) * 3 + kx] * img[(c * h + iy) * h + ix];
                                }
                            }
                        }
                        double bn = (s - mean[o]) / Math.sqrt(var[o] + 1e-5) * gamma[o] + beta[o];
                        double act = bn >= 0 ? bn : 0.1 * bn;
                        assertEquals(act, y[(o * 3 + oy) * 3 + ox], 1e-4, "channel " + o);
                    }
                }
            }
        }
    }

    /** Runs the first conv_bn layer of a MobileNetV1 in inference mode. */
    private static final class Seq0 {
        private final MobileNetV1 net;

        Seq0(MobileNetV1 net) {
            this.net = net;
        }

        NDArray first(NDArray x) {
            io.ainnoface.model.nn.Seq stage1 = (io.ainnoface.model.nn.Seq) net.getChildren().get(0).getValue();
            return stage1.forwardRange(new ParameterStore(x.getManager(), false), new NDList(x), false, 0, 1).head();
        }
    }

    @Test
    void bilinearUpsampleAlignsCorners() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 2, 4, 6}, new Shape(1, 1, 2, 2));
            // align_corners=True, 2 -> 4: samples at 0, 1/3, 2/3, 1 of the way (align_corners=False
            // would give 0, 0.25, 0.75, 1 after clamping)
            float t = 1 / 3f;
            float[] row0 = {0, 2 * t, 4 * t, 2};
            float[] exp = new float[16];
            for (int y = 0; y < 4; y++) {
                for (int xx = 0; xx < 4; xx++) {
                    exp[y * 4 + xx] = row0[xx] + 4 * y * t;
                }
            }
            assertArrayEquals(exp, Layers.upsampleBilinear(x, 4, 4).toFloatArray(), 1e-5f);
            // 2 x 3 -> 3 x 5 against the closed form on a ramp f(y, x) = 10 y + x
            NDArray r = m.create(new float[] {0, 1, 2, 10, 11, 12}, new Shape(1, 1, 2, 3));
            float[] up = Layers.upsampleBilinear(r, 3, 5).toFloatArray();
            for (int y = 0; y < 3; y++) {
                for (int xx = 0; xx < 5; xx++) {
                    assertEquals(10 * y * 0.5 + xx * 0.5, up[y * 5 + xx], 1e-5);
                }
            }
        }
    }
}
