package io.ainnoface.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinePlotTest {
    @TempDir
    Path tmp;

    @Test
    void theLegendColumnWidensToItsLongestName() throws Exception {
        double[] x = {0, 0.5, 1};
        double[] y = {1, 0.8, 0.2};
        Path shortNames = tmp.resolve("short.png");
        new LinePlot("t", "recall", "precision").series("a 0.5", x, y).write(shortNames);
        assertEquals(900, ImageIO.read(shortNames.toFile()).getWidth());

        String longName = "ours, a test-time augmentation with a long name 0.673";
        Path longNames = tmp.resolve("long.png");
        new LinePlot("t", "recall", "precision").series("a 0.5", x, y).series(longName, x, y).write(longNames);
        BufferedImage img = ImageIO.read(longNames.toFile());
        assertTrue(img.getWidth() > 900, "width " + img.getWidth());
        // the name's last glyph is drawn, and white space follows it to the image's edge
        int rightmost = -1;
        for (int px = 0; px < img.getWidth(); px++) {
            for (int py = 50; py < 120; py++) {
                if ((img.getRGB(px, py) & 0xffffff) != 0xffffff) {
                    rightmost = px;
                }
            }
        }
        assertTrue(rightmost > 900 && rightmost < img.getWidth() - 5, "rightmost ink at " + rightmost + " of " + img.getWidth());
    }
}
