package io.ainnoface.infer;

import io.ainnoface.TestData;
import io.ainnoface.TestModels;
import io.ainnoface.box.BoxVoting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SRN's test procedure (plus a mirrored shrunken pass), assembled here pass by pass from its
 * definition; mirrored boxes come back in WIDER's inclusive pixel convention (x' = W − 1 − x).
 */
class TtaTest {
    @TempDir
    Path tmp;

    @Test
    void multiScaleFlipAndVotingFollowSrn() throws Exception {
        Path dir = TestModels.untrainedFolder(tmp.resolve("m"), 0.0);
        try (FaceDetector det = FaceDetector.load(dir)) {
            det.config().inference.ttaMaxSize = 900; // 512² image: enlarge floor(log_2.25(3.09)) = 1 time
            det.config().inference.ttaShrinks = List.of(0.5, 0.25);
            det.config().inference.ttaFlippedShrinks = List.of(0.5);
            BufferedImage img = new ImageLoader(1L << 30, 1).load(TestData.sample());
            int w = img.getWidth();
            List<Face> all = new ArrayList<>(pass(det, img, 1.0));
            all.addAll(mirroredPass(det, img, 1.0));
            all.addAll(longerThan(30, pass(det, img, 0.5)));
            all.addAll(longerThan(30, mirroredPass(det, img, 0.5)));
            all.addAll(longerThan(60, pass(det, img, 0.25))); // 15 px at that scale, as 30 px at 0.5x
            all.addAll(narrowerThan(100, pass(det, img, 1.5)));
            all.addAll(narrowerThan(100, pass(det, img, Math.sqrt(900.0 * 900 / (512 * 512)))));
            assertSameFaces(BoxVoting.vote(all, 0.5, 750), det.detectTta(img, 0.0), w, img.getHeight());
        }
    }

    @Test
    void theEnlargementFactorCapStopsTheEnlargedPassesBelowTheAreaCap() throws Exception {
        Path dir = TestModels.untrainedFolder(tmp.resolve("m"), 0.0);
        try (FaceDetector det = FaceDetector.load(dir)) {
            // 512² under 2048²: the area alone allows 1.5x, 2.25x, 3.375x and 4x; a factor cap of 1.8 leaves 1.5x, 1.8x
            det.config().inference.ttaMaxSize = 2048;
            det.config().inference.ttaMaxEnlarge = 1.8;
            det.config().inference.ttaShrinks = List.of(0.5);
            det.config().inference.ttaFlippedShrinks = List.of();
            BufferedImage img = new ImageLoader(1L << 30, 1).load(TestData.sample());
            int w = img.getWidth();
            List<Face> all = new ArrayList<>(pass(det, img, 1.0));
            all.addAll(mirroredPass(det, img, 1.0));
            all.addAll(longerThan(30, pass(det, img, 0.5)));
            for (double s : new double[] {1.5, 1.8}) {
                all.addAll(narrowerThan(100, pass(det, img, s)));
            }
            assertSameFaces(BoxVoting.vote(all, 0.5, 750), det.detectTta(img, 0.0), w, img.getHeight());
        }
    }

    @Test
    void listedEnlargementsReplaceTheLadderUnderTheCapsAndTheMirrorOfTheOneXPassCanBeLeftOut() throws Exception {
        Path dir = TestModels.untrainedFolder(tmp.resolve("m"), 0.0);
        try (FaceDetector det = FaceDetector.load(dir)) {
            // 512² under 900²: the ladder would run 1.5x and 900/512x; listed, 2x is capped to 900/512x and 1.2x runs
            det.config().inference.ttaMaxSize = 900;
            det.config().inference.ttaEnlarges = List.of(2.0, 1.2, 4.0);
            det.config().inference.ttaFlip = false;
            det.config().inference.ttaShrinks = List.of(0.5);
            det.config().inference.ttaFlippedShrinks = List.of();
            BufferedImage img = new ImageLoader(1L << 30, 1).load(TestData.sample());
            List<Face> all = new ArrayList<>(pass(det, img, 1.0));
            all.addAll(longerThan(30, pass(det, img, 0.5)));
            for (double s : new double[] {900.0 / 512, 1.2}) { // 4x capped is 900/512x again: run once
                all.addAll(narrowerThan(100, pass(det, img, s)));
            }
            assertSameFaces(BoxVoting.vote(all, 0.5, 750), det.detectTta(img, 0.0), img.getWidth(), img.getHeight());
        }
    }

    @Test
    void mirroredEnlargedPassesVoteWithTheOthers() throws Exception {
        Path dir = TestModels.untrainedFolder(tmp.resolve("m"), 0.0);
        try (FaceDetector det = FaceDetector.load(dir)) {
            det.config().inference.ttaMaxSize = 900; // 512²: enlarged 1.5x and 900/512x, each also mirrored
            det.config().inference.ttaShrinks = List.of(0.5);
            det.config().inference.ttaFlippedShrinks = List.of();
            det.config().inference.ttaFlippedEnlarges = true;
            BufferedImage img = new ImageLoader(1L << 30, 1).load(TestData.sample());
            int w = img.getWidth();
            List<Face> all = new ArrayList<>(pass(det, img, 1.0));
            all.addAll(mirroredPass(det, img, 1.0));
            all.addAll(longerThan(30, pass(det, img, 0.5)));
            for (double s : new double[] {1.5, 900.0 / 512}) {
                all.addAll(narrowerThan(100, pass(det, img, s)));
                all.addAll(narrowerThan(100, mirroredPass(det, img, s)));
            }
            assertSameFaces(BoxVoting.vote(all, 0.5, 750), det.detectTta(img, 0.0), w, img.getHeight());
        }
    }

    @Test
    void flipMeanPairsEachPassWithItsMirrorAndFlipMeanEnlargedOnlyTheEnlargedOnes() throws Exception {
        Path dir = TestModels.untrainedFolder(tmp.resolve("m"), 0.0);
        try (FaceDetector det = FaceDetector.load(dir)) {
            det.config().inference.ttaMaxSize = 900; // 512²: enlarged 1.5x and 900/512x
            det.config().inference.ttaShrinks = List.of(0.5);
            det.config().inference.ttaFlippedShrinks = List.of(0.5);
            det.config().inference.ttaFlippedEnlarges = true;
            BufferedImage img = new ImageLoader(1L << 30, 1).load(TestData.sample());
            for (String score : new String[] {"flip-mean", "flip-mean-enlarged"}) {
                det.config().inference.ttaScore = score;
                boolean own = score.equals("flip-mean-enlarged");
                TtaPasses p = new TtaPasses();
                p.add(pass(det, img, 1.0), f -> true);
                p.addVariant(mirroredPass(det, img, 1.0), own);
                Predicate<Face> longer = f -> Math.max(f.width(), f.height()) > 30;
                p.add(pass(det, img, 0.5), longer);
                p.addVariant(mirroredPass(det, img, 0.5), own);
                Predicate<Face> narrower = f -> Math.min(f.width(), f.height()) < 100;
                for (double s : new double[] {1.5, 900.0 / 512}) {
                    p.add(pass(det, img, s), narrower);
                    p.addVariant(mirroredPass(det, img, s), false);
                }
                assertSameFaces(p.vote(0.5, 750, score), det.detectTta(img, 0.0), img.getWidth(), img.getHeight());
            }
        }
    }

    @Test
    void aShiftedPassSeesTheResizedImageOnAMeanCanvasAndShiftsItsBoxesBack() throws Exception {
        Path dir = TestModels.untrainedFolder(tmp.resolve("m"), 0.0);
        try (FaceDetector det = FaceDetector.load(dir)) {
            BufferedImage img = new ImageLoader(1L << 30, 1).load(TestData.sample());
            double s = 1.5;
            int ws = ImageTensors.scaledSide(img.getWidth(), s);
            int hs = ImageTensors.scaledSide(img.getHeight(), s);
            // by hand: the resized image drawn at (4, 4) on the ImageNet mean (124, 116, 104), run at 1x
            BufferedImage canvas = new BufferedImage(ws + 4, hs + 4, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = canvas.createGraphics();
            g.setColor(new Color(124, 116, 104));
            g.fillRect(0, 0, ws + 4, hs + 4);
            g.drawImage(ImageTensors.resize(img, ws, hs), 4, 4, null);
            g.dispose();
            List<Face> expected = new ArrayList<>();
            for (Face f : det.detectScaled(List.of(canvas), new double[] {1.0}, -1).get(0)) {
                Face m = new Face(f.x1() - 4, f.y1() - 4, f.x2() - 4, f.y2() - 4, f.score()).clipped(ws, hs)
                        .scaled(img.getWidth() / (double) ws, img.getHeight() / (double) hs);
                if (m.spansAPixel()) {
                    expected.add(m);
                }
            }
            List<Face> got = det.detectScaled(List.of(img), new double[] {s}, -1, 4).get(0);
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(expected.get(i).x1(), got.get(i).x1(), 1e-3);
                assertEquals(expected.get(i).y2(), got.get(i).y2(), 1e-3);
                assertEquals(expected.get(i).score(), got.get(i).score(), 1e-6);
            }
        }
    }

    @Test
    void shiftedEnlargedPassesJoinTheirPassesView() throws Exception {
        Path dir = TestModels.untrainedFolder(tmp.resolve("m"), 0.0);
        try (FaceDetector det = FaceDetector.load(dir)) {
            det.config().inference.ttaMaxSize = 900; // 512²: enlarged 1.5x and 900/512x
            det.config().inference.ttaShrinks = List.of(0.5);
            det.config().inference.ttaFlippedShrinks = List.of();
            det.config().inference.ttaFlippedEnlarges = true;
            det.config().inference.ttaShiftedEnlarges = true;
            det.config().inference.ttaScore = "flip-mean";
            BufferedImage img = new ImageLoader(1L << 30, 1).load(TestData.sample());
            TtaPasses p = new TtaPasses();
            p.add(pass(det, img, 1.0), f -> true);
            p.addVariant(mirroredPass(det, img, 1.0), false);
            p.add(pass(det, img, 0.5), f -> Math.max(f.width(), f.height()) > 30);
            for (double s : new double[] {1.5, 900.0 / 512}) {
                p.add(pass(det, img, s), f -> Math.min(f.width(), f.height()) < 100);
                p.addVariant(mirroredPass(det, img, s), false);
                // half the lowest level's stride (this folder's lowest level is P2: stride 4, shift 2)
                assertEquals(2, det.config().model.minLevel);
                p.addVariant(det.detectScaled(List.of(img), new double[] {s}, -1, 2).get(0), false);
            }
            assertSameFaces(p.vote(0.5, 750, "flip-mean"), det.detectTta(img, 0.0), img.getWidth(), img.getHeight());
        }
    }

    @Test
    void imagesOverTheTtaSizeAreShrunkInsteadOfEnlarged() throws Exception {
        Path dir = TestModels.untrainedFolder(tmp.resolve("m"), 0.0);
        try (FaceDetector det = FaceDetector.load(dir)) {
            det.config().inference.ttaMaxSize = 400; // 512² > 400²: every pass at r = 400/512 of the image
            det.config().inference.ttaLargeImageShrinks = List.of(0.5);
            BufferedImage img = new ImageLoader(1L << 30, 1).load(TestData.sample());
            int w = img.getWidth();
            double r = 400.0 / 512;
            List<Face> all = new ArrayList<>(pass(det, img, r));
            all.addAll(mirroredPass(det, img, r));
            all.addAll(longerThan(30, pass(det, img, r * 0.5)));
            assertSameFaces(BoxVoting.vote(all, 0.5, 750), det.detectTta(img, 0.0), w, img.getHeight());
        }
    }

    @Test
    void meanMaxScoresTheSameVotedBoxesBetweenHalfTheirBestAndTheirBest() throws Exception {
        Path dir = TestModels.untrainedFolder(tmp.resolve("m"), 0.0);
        try (FaceDetector det = FaceDetector.load(dir)) {
            det.config().inference.ttaMaxSize = 900;
            det.config().inference.ttaShrinks = List.of(0.5, 0.25);
            BufferedImage img = new ImageLoader(1L << 30, 1).load(TestData.sample());
            List<Face> max = det.detectTta(img, 0.0);
            det.config().inference.ttaScore = "mean-max";
            List<Face> meanMax = det.detectTta(img, 0.0);
            assertEquals(max.size(), meanMax.size());
            int lower = 0;
            for (int i = 0; i < max.size(); i++) {
                Face a = max.get(i);
                Face b = meanMax.get(i);
                assertEquals(a.x1(), b.x1(), 1e-4);
                assertEquals(a.y2(), b.y2(), 1e-4);
                // half the best plus a mean of scores that are each at most the best (and at least 0)
                assertTrue(b.score() <= a.score() + 1e-6, a + " vs " + b);
                assertTrue(b.score() >= 0.5 * a.score() - 1e-6, a + " vs " + b);
                lower += b.score() < a.score() - 1e-4 ? 1 : 0;
            }
            assertTrue(lower > 0, "some face was not found by every pass that applies");
        }
    }

    /** The faces whose longer side exceeds {@code px}: a shrunken pass's rule. */
    private static List<Face> longerThan(double px, List<Face> faces) {
        return faces.stream().filter(f -> Math.max(f.width(), f.height()) > px).toList();
    }

    /** The faces whose shorter side is under {@code px}: an enlarged pass's rule. */
    private static List<Face> narrowerThan(double px, List<Face> faces) {
        return faces.stream().filter(f -> Math.min(f.width(), f.height()) < px).toList();
    }

    private static void assertSameFaces(List<Face> expected, List<Face> got, int w, int h) {
        assertTrue(!got.isEmpty());
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            Face e = expected.get(i).clipped(w, h);
            assertEquals(e.x1(), got.get(i).x1(), 1e-3);
            assertEquals(e.y2(), got.get(i).y2(), 1e-3);
            assertEquals(e.score(), got.get(i).score(), 1e-6);
        }
    }

    private static List<Face> pass(FaceDetector det, BufferedImage img, double scale) {
        return det.detectScaled(List.of(img), new double[] {scale}, -1).get(0);
    }

    /** The pass on the mirrored image, its boxes mirrored back in WIDER's inclusive convention. */
    private static List<Face> mirroredPass(FaceDetector det, BufferedImage img, double scale) {
        int w = img.getWidth();
        List<Face> out = new ArrayList<>();
        for (Face f : pass(det, FaceDetector.flip(img), scale)) {
            out.add(new Face(w - 1 - f.x2(), f.y1(), w - 1 - f.x1(), f.y2(), f.score()));
        }
        return out;
    }
}
