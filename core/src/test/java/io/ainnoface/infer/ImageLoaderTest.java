package io.ainnoface.infer;

import io.ainnoface.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad and unusual inputs, each made here from real encoders (or real bytes) so the test needs no fixtures. */
public class ImageLoaderTest {
    @TempDir
    Path tmp;

    final ImageLoader loader = new ImageLoader(100_000_000L, 8);

    static BufferedImage colourBars(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x < w / 2 ? (y < h / 2 ? 0xFF0000 : 0x00FF00) : (y < h / 2 ? 0x0000FF : 0xFFFFFF));
            }
        }
        return img;
    }

    @Test
    void missingFileAndTextFileAndEmptyFile() throws IOException {
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(tmp.resolve("nope.jpg")));
        assertEquals(tmp.resolve("nope.jpg") + ": file not found", e.getMessage());
        Path txt = Files.writeString(tmp.resolve("notes.jpg"), "this is not an image\n");
        e = assertThrows(ImageLoadException.class, () -> loader.load(txt));
        assertTrue(e.getMessage().startsWith(txt + ": not an image"), e.getMessage());
        Path empty = Files.write(tmp.resolve("empty.png"), new byte[0]);
        assertEquals(empty + ": empty file", assertThrows(ImageLoadException.class, () -> loader.load(empty)).getMessage());
    }

    /**
     * A thread whose interrupt flag is set (a data loader being closed, a cancelled request) reads and decodes an image
     * as any thread does, and keeps its flag. Through the stream ImageIO picks from the class path (TwelveMonkeys', an
     * interruptible channel) every image failed there as "not an image".
     */
    @Test
    void anInterruptedThreadStillLoadsImages() throws IOException {
        Path jpg = TestData.sample();
        byte[] bytes = Files.readAllBytes(jpg);
        BufferedImage expected = loader.decode(jpg, bytes);
        Thread.currentThread().interrupt();
        try {
            BufferedImage img = loader.decode(jpg, bytes);
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(512, img.getWidth());
            int[] want = expected.getRGB(0, 0, 512, 512, null, 0, 512);
            assertTrue(Arrays.equals(want, img.getRGB(0, 0, 512, 512, null, 0, 512)));
            assertTrue(Arrays.equals(want, loader.load(jpg).getRGB(0, 0, 512, 512, null, 0, 512)));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    static Path resource(String name) throws Exception {
        return Path.of(ImageLoaderTest.class.getResource("/images/" + name).toURI());
    }

    /** The fixtures' gradient (tools/make_webp_fixtures.py): pixel (x, y) = (5x, 7y, 3(x + y)). */
    static int gradient(int x, int y) {
        return (5 * x) << 16 | (7 * y) << 8 | 3 * (x + y);
    }

    @Test
    void losslessWebpDecodesExactly() throws Exception {
        BufferedImage img = loader.load(resource("gradient-lossless.webp"));
        assertEquals(48, img.getWidth());
        assertEquals(32, img.getHeight());
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                assertEquals(gradient(x, y), img.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void webpAlphaIsCompositedOverWhite() throws Exception {
        BufferedImage img = loader.load(resource("gradient-alpha.webp"));
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                // left half transparent, right half opaque
                assertEquals(x < 24 ? 0xFFFFFF : gradient(x, y), img.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
    }

    /** Per channel (red, green, blue): mean absolute and mean signed difference of two images of one size. */
    static double[][] channelDifferences(BufferedImage a, BufferedImage b) {
        assertEquals(b.getWidth(), a.getWidth());
        assertEquals(b.getHeight(), a.getHeight());
        double[][] out = new double[2][3];
        double n = (double) a.getWidth() * a.getHeight();
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                for (int c = 0; c < 3; c++) {
                    int d = (a.getRGB(x, y) >> (16 - 8 * c) & 0xFF) - (b.getRGB(x, y) >> (16 - 8 * c) & 0xFF);
                    out[0][c] += Math.abs(d) / n;
                    out[1][c] += d / n;
                }
            }
        }
        return out;
    }

    @Test
    void lossyWebpDecodesAsLibwebpDoes() throws Exception {
        BufferedImage ours = loader.load(resource("sample-lossy.webp"));
        BufferedImage libwebp = loader.load(resource("sample-lossy-libwebp.png"));
        BufferedImage input = loader.load(resource("sample-128.png"));
        double[][] decoders = channelDifferences(ours, libwebp);
        double[][] codec = channelDifferences(libwebp, input);
        for (int c = 0; c < 3; c++) {
            // the two decoders upsample and convert the chroma planes with different rounding (here 1.4-3.2 levels
            // apart), but they must differ by less than the codec's own error (2.6-5.1) and shift no colour; swapped
            // channels or a wrong YUV conversion are tens of levels off
            assertTrue(decoders[0][c] < codec[0][c], "channel " + c + ": decoders " + decoders[0][c] + ", codec " + codec[0][c]);
            assertEquals(0, decoders[1][c], 1.0, "channel " + c + " shifted");
        }
    }

    @Test
    void truncatedJpegIsRefused() throws IOException {
        byte[] full = Files.readAllBytes(TestData.sample());
        Path cut = Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(full, full.length / 2));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(cut));
        assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("cannot decode"), e.getMessage());
    }

    @Test
    void pngWithAlphaIsCompositedOverWhite() throws IOException {
        BufferedImage argb = new BufferedImage(20, 10, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00000000); // fully transparent
        argb.setRGB(1, 0, 0xFF102030); // opaque
        Path f = tmp.resolve("alpha.png");
        ImageIO.write(argb, "png", f.toFile());
        BufferedImage img = loader.load(f);
        assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        assertEquals(0xFFFFFF, img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x102030, img.getRGB(1, 0) & 0xFFFFFF);
    }

    @Test
    void grayscaleJpegBecomesRgb() throws IOException {
        BufferedImage g = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(3, 3, 0, 200);
        Path f = tmp.resolve("gray.jpg");
        ImageIO.write(g, "jpg", f.toFile());
        BufferedImage img = loader.load(f);
        int p = img.getRGB(8, 8);
        assertEquals((p >> 16) & 0xff, p & 0xff);
        assertEquals(16, img.getWidth());
    }

    @Test
    void cmykJpegIsConverted() throws IOException {
        // a 4-channel JPEG as Adobe applications write it (APP14 "Adobe" marker, inverted values):
        // C=255 (cyan) on the left, K=255 (black) on the right
        java.awt.image.WritableRaster r = java.awt.image.Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                r.setPixel(x, y, x < 8 ? new int[] {0, 255, 255, 255} : new int[] {255, 255, 255, 0});
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var out = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(out);
            var p = w.getDefaultWriteParam();
            p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(1f);
            w.write(null, new IIOImage(r, null, null), p);
        }
        byte[] jpg = bytes.toByteArray();
        // APP14 "Adobe", version 100, flags 0/0, transform 0 (CMYK), right after SOI
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] withMarker = new byte[jpg.length + app14.length];
        System.arraycopy(jpg, 0, withMarker, 0, 2);
        System.arraycopy(app14, 0, withMarker, 2, app14.length);
        System.arraycopy(jpg, 2, withMarker, 2 + app14.length, jpg.length - 2);
        assertTrue(Jpeg.hasAdobeMarker(withMarker));
        Path f = Files.write(tmp.resolve("cmyk.jpg"), withMarker);
        BufferedImage img = loader.load(f);
        int cyan = img.getRGB(3, 8);
        int black = img.getRGB(12, 8);
        assertTrue(((cyan >> 16) & 0xff) < 60 && (cyan & 0xff) > 190, Integer.toHexString(cyan));
        assertTrue((black & 0xffffff) != 0xffffff && ((black >> 8) & 0xff) < 60, Integer.toHexString(black));
    }

    @Test
    void exifOrientationIsApplied() throws IOException {
        BufferedImage src = colourBars(40, 20, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(src, "jpg", bytes);
        byte[] jpg = bytes.toByteArray();
        // APP1 Exif, big-endian TIFF, IFD0 with one entry: Orientation (0x0112) SHORT = 6 (rotate 90 CW)
        byte[] app1 = {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
        byte[] out = new byte[jpg.length + app1.length];
        System.arraycopy(jpg, 0, out, 0, 2);
        System.arraycopy(app1, 0, out, 2, app1.length);
        System.arraycopy(jpg, 2, out, 2 + app1.length, jpg.length - 2);
        Path f = Files.write(tmp.resolve("rotated.jpg"), out);
        BufferedImage img = loader.load(f);
        assertEquals(20, img.getWidth());
        assertEquals(40, img.getHeight());
        // rotate 90 CW: the source's top-left (red) ends at the top-right
        assertTrue(((img.getRGB(15, 5) >> 16) & 0xff) > 200 && ((img.getRGB(15, 5) >> 8) & 0xff) < 60);
    }

    @Test
    void tinyImageIsRefused() throws IOException {
        Path f = tmp.resolve("one.png");
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(f));
        assertEquals(f + ": image is 1x1 px, smaller than the minimum of 8 px per side", e.getMessage());
    }

    @Test
    void hugeImageIsRefusedBeforeDecoding() throws IOException {
        Path f = Files.write(tmp.resolve("huge.png"), hugePngHeader(30000, 20000));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(f));
        assertTrue(e.getMessage().startsWith(f + ": image is 30000x20000 = 600,000,000 pixels, over the limit"),
                e.getMessage());
    }

    /** A PNG signature and IHDR chunk (with a correct CRC) declaring a huge image, no pixel data. */
    public static byte[] hugePngHeader(int w, int h) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 25);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        b.putInt(13);
        int crcStart = b.position();
        b.put(new byte[] {'I', 'H', 'D', 'R'});
        b.putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), crcStart, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
