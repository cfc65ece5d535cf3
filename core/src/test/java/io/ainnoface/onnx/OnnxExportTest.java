package io.ainnoface.onnx;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.ainnoface.TestData;
import io.ainnoface.config.ConfigLoader;
import io.ainnoface.config.DetectorConfig;
import io.ainnoface.infer.DjlRunner;
import io.ainnoface.infer.Face;
import io.ainnoface.infer.FaceDetector;
import io.ainnoface.infer.ImageLoader;
import io.ainnoface.infer.ImageTensors;
import io.ainnoface.infer.ModelFolder;
import io.ainnoface.infer.OnnxRunner;
import io.ainnoface.model.AInnoFace;
import io.ainnoface.model.Networks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ONNX export computes what the DJL network computes, in ONNX Runtime. */
class OnnxExportTest {

    @Test
    void protoEncodingMatchesTheProtobufDocumentationExamples() {
        // developers.google.com/protocol-buffers/docs/encoding: field 1 = 150 → 08 96 01;
        // field 2 = "testing" → 12 07 74 65 73 74 69 6e 67
        assertArrayEquals(new byte[] {0x08, (byte) 0x96, 0x01}, new Proto().varint(1, 150).toByteArray());
        assertArrayEquals(new byte[] {0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67},
                new Proto().string(2, "testing").toByteArray());
        // fixed32 (wire type 5) of 1.0f, little-endian IEEE 754: 0x3f800000
        assertArrayEquals(new byte[] {0x0d, 0x00, 0x00, (byte) 0x80, 0x3f}, new Proto().fixed32(1, 1f).toByteArray());
        // a negative int64 is ten bytes of two's complement
        assertEquals(11, new Proto().varint(1, -1).toByteArray().length);
    }

    @Test
    void shippedModelGivesTheSameOutputsAndFacesInBothEngines(@TempDir Path tmp) throws Exception {
        Path dir = TestData.bundled();
        DetectorConfig cfg = ModelFolder.readConfig(dir);
        BufferedImage img = new ImageLoader(Long.MAX_VALUE, 1).load(TestData.sample());
        // an odd size exercises the dynamic shapes and the FPN's resize to uneven levels
        int w = 333;
        int h = 250;
        float[] data = new float[3 * h * w];
        ImageTensors.writeChw(ImageTensors.resize(img, w, h), data, 0, h, w, cfg.model.mean, cfg.model.std);
        Model model = FaceDetector.loadModel(dir);
        Path onnx = tmp.resolve("m.onnx");
        OnnxExport.write((AInnoFace) model.getBlock(), onnx);
        try (DjlRunner djl = new DjlRunner(model, true); OnnxRunner ort = new OnnxRunner(onnx, 1)) {
            assertSameOutputs(djl.run(data, new long[] {1, 3, h, w}), ort.run(data, new long[] {1, 3, h, w}));
        }
        // whole detector: the export inside a saved folder, chosen by the AUTO engine
        Files.copy(onnx, tmp.resolve(ModelFolder.ONNX));
        for (String f : TestData.bundledFiles()) {
            if (!f.equals(ModelFolder.ONNX)) {
                Files.copy(dir.resolve(f), tmp.resolve(f));
            }
        }
        try (FaceDetector pt = FaceDetector.load(tmp, FaceDetector.Engine.PYTORCH, 0);
                FaceDetector ox = FaceDetector.load(tmp, FaceDetector.Engine.AUTO, 0)) {
            assertEquals("pytorch", pt.engine());
            assertEquals("onnxruntime", ox.engine());
            List<Face> a = pt.detect(img, 0.3);
            List<Face> b = ox.detect(img, 0.3);
            assertEquals(a.size(), b.size());
            assertTrue(!a.isEmpty());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).score(), b.get(i).score(), 1e-4);
                assertEquals(a.get(i).x1(), b.get(i).x1(), 0.05);
                assertEquals(a.get(i).y2(), b.get(i).y2(), 0.05);
            }
        }
    }

    /**
     * Random networks of other shapes: P2–P7 with max-out on P2 (the CPU recipe), and a ResNet-18
     * with separate towers, no RFE, no C7, no STC levels (the empty first-step output) and a second,
     * wider head for P5-P6.
     */
    @Test
    void otherVariantsGiveTheSameOutputsAtBatchTwo(@TempDir Path tmp) throws Exception {
        DetectorConfig p2 = ConfigLoader.load(TestData.root().resolve("configs/cpu_mobilenet.yaml"));
        p2.model.pretrained = null;
        DetectorConfig resnet = new DetectorConfig();
        resnet.model.backbone = "resnet18";
        resnet.model.resnetBaseWidth = 8;
        resnet.model.fpnChannels = 16;
        resnet.model.headChannels = 16;
        resnet.model.sharedTower = false;
        resnet.model.rfe = false;
        resnet.model.maxLevel = 6;
        resnet.model.stcLevels = List.of();
        resnet.model.strLevels = List.of(5, 6);
        resnet.model.highHeadFromLevel = 5;
        resnet.model.highHeadChannels = 24;
        int h = 97;
        int w = 130;
        Random rnd = new Random(3);
        float[] data = new float[2 * 3 * h * w];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        // a narrow P2 with a head of its own: the reduce conv before the top-down sum, three heads
        DetectorConfig narrowP2 = ConfigLoader.load(TestData.root().resolve("configs/cpu_mobilenet.yaml"));
        narrowP2.model.pretrained = null;
        narrowP2.model.lowHeadToLevel = 2;
        narrowP2.model.lowChannels = 8;
        narrowP2.model.highHeadFromLevel = 5;
        List<DetectorConfig> configs = List.of(p2, resnet, narrowP2);
        for (int k = 0; k < configs.size(); k++) {
            DetectorConfig cfg = configs.get(k);
            Model model = Networks.newModel(cfg);
            Path onnx = tmp.resolve(k + ".onnx");
            OnnxExport.write((AInnoFace) model.getBlock(), onnx);
            try (DjlRunner djl = new DjlRunner(model, true); OnnxRunner ort = new OnnxRunner(onnx, 1)) {
                long[] shape = new Shape(2, 3, h, w).getShape();
                assertSameOutputs(djl.run(data, shape), ort.run(data, shape));
            }
        }
    }

    private static void assertSameOutputs(float[][] expected, float[][] actual) {
        for (int o = 0; o < 4; o++) {
            assertEquals(expected[o].length, actual[o].length, "length of output " + OnnxExport.OUTPUTS[o]);
            for (int i = 0; i < expected[o].length; i++) {
                float e = expected[o][i];
                assertEquals(e, actual[o][i], 1e-3 + 1e-4 * Math.abs(e), OnnxExport.OUTPUTS[o] + "[" + i + "]");
            }
        }
    }
}
