package io.ainnoface.infer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Draws faces (box and score) on a copy of an image. */
public final class FaceDrawer {
    private FaceDrawer() {}

    public static BufferedImage draw(BufferedImage img, List<Face> faces) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float stroke = Math.max(1.5f, Math.max(img.getWidth(), img.getHeight()) / 400f);
        g.setStroke(new BasicStroke(stroke));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, Math.round(stroke * 6))));
        FontMetrics fm = g.getFontMetrics();
        for (Face f : faces) {
            g.setColor(new Color(0, 220, 0));
            int x = Math.round(f.x1());
            int y = Math.round(f.y1());
            g.drawRect(x, y, Math.round(f.width()), Math.round(f.height()));
            String label = String.format("%.2f", f.score());
            int tw = fm.stringWidth(label) + 4;
            int th = fm.getAscent() + 2;
            int ty = y - th >= 0 ? y - th : y;
            g.fillRect(x, ty, tw, th);
            g.setColor(Color.BLACK);
            g.drawString(label, x + 2, ty + fm.getAscent());
        }
        g.dispose();
        return out;
    }
}
