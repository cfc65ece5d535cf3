package io.ainnoface.infer;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image files into upright RGB images, or fails with a one-line reason naming the file.
 * Reads JPEG, PNG, WebP, BMP, GIF and TIFF. Handles grayscale, alpha (composited over white), CMYK/YCCK JPEGs, EXIF
 * orientation, truncated data (refused), and refuses images above a pixel limit before decoding them.
 */
public final class ImageLoader {
    /** Formats {@link #decode} reads, as in its "not an image" message. */
    public static final String FORMATS = "JPEG, PNG, WebP, BMP, GIF or TIFF";

    static {
        // registered by hand: ImageIO's class-path scan sees only the class loader of its first use, which on a Spark
        // executor or in a servlet container need not be ours
        IIORegistry.getDefaultInstance().registerServiceProvider(new WebPImageReaderSpi());
    }

    private final long maxPixels;
    private final int minSide;

    public ImageLoader(long maxPixels, int minSide) {
        this.maxPixels = maxPixels;
        this.minSide = minSide;
    }

    public BufferedImage load(Path file) throws ImageLoadException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(file, ImageLoadException.Kind.UNREADABLE, "file not found");
        } catch (IOException e) {
            throw new ImageLoadException(file, "cannot read file: " + e.getMessage(), e);
        }
        return decode(file, bytes);
    }

    /** Decodes {@code bytes}; {@code name} is used in messages only. */
    public BufferedImage decode(Path name, byte[] bytes) throws ImageLoadException {
        if (bytes.length == 0) {
            throw new ImageLoadException(name, "empty file");
        }
        // our own in-memory stream: ImageIO's choice for an InputStream depends on the class path, and TwelveMonkeys'
        // (a dependency, for WebP) reads through an interruptible channel, so on a thread with its interrupt flag set
        // every image failed as "not an image" (a training data loader closed mid-batch, a cancelled request)
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageLoadException(name, ImageLoadException.Kind.NOT_AN_IMAGE, "not an image (no " + FORMATS + " header)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((src, msg) -> warnings.add(msg));
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if ((long) w * h > maxPixels) {
                    throw new ImageLoadException(name, ImageLoadException.Kind.TOO_LARGE, String.format("image is %dx%d = %,d pixels, over the"
                            + " limit of %,d pixels", w, h, (long) w * h, maxPixels));
                }
                if (w < minSide || h < minSide) {
                    throw new ImageLoadException(name, ImageLoadException.Kind.TOO_SMALL, String.format("image is %dx%d px, smaller than the"
                            + " minimum of %d px per side", w, h, minSide));
                }
                BufferedImage img;
                try {
                    img = reader.read(0);
                } catch (javax.imageio.IIOException e) {
                    if (!"jpeg".equalsIgnoreCase(reader.getFormatName()) || !isColorTypeProblem(e)) {
                        throw e;
                    }
                    img = cmykToRgb(reader.readRaster(0, null), Jpeg.hasAdobeMarker(bytes));
                }
                if (!warnings.isEmpty()) {
                    throw new ImageLoadException(name, "truncated or corrupt image data (" + warnings.get(0) + ")");
                }
                img = toRgb(img);
                if ("jpeg".equalsIgnoreCase(reader.getFormatName())) {
                    img = orient(img, Jpeg.exifOrientation(bytes));
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (ImageLoadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ImageLoadException(name, "cannot decode image (" + msg.split("\n")[0] + ")", e);
        }
    }

    private static boolean isColorTypeProblem(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Unsupported Image Type") || m.contains("Unsupported color conversion");
    }

    /** Any image as TYPE_INT_RGB; alpha is composited over white. */
    public static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }

    /** A 4-channel JPEG raster (CMYK, Adobe-inverted when the APP14 marker is present). */
    static BufferedImage cmykToRgb(Raster raster, boolean inverted) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        if (raster.getNumBands() != 4) {
            throw new IllegalArgumentException("unsupported colour layout with " + raster.getNumBands() + " channels");
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x, y, px);
                float c = px[0] / 255f;
                float m = px[1] / 255f;
                float ye = px[2] / 255f;
                float k = px[3] / 255f;
                if (inverted) {
                    c = 1 - c;
                    m = 1 - m;
                    ye = 1 - ye;
                    k = 1 - k;
                }
                int r = Math.round(255 * (1 - c) * (1 - k));
                int g = Math.round(255 * (1 - m) * (1 - k));
                int b = Math.round(255 * (1 - ye) * (1 - k));
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** Applies an EXIF orientation (1..8) so that the image is upright. */
    static BufferedImage orient(BufferedImage img, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        AffineTransform t = new AffineTransform();
        boolean swap = orientation >= 5;
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { }
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        return new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(img, out);
    }

}
