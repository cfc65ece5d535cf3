package io.ainnoface.util;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Minimal line charts rendered to PNG with Java2D (training curves, PR curves). */
public final class LinePlot {
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)
    };

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> names = new ArrayList<>();
    private final List<double[]> xs = new ArrayList<>();
    private final List<double[]> ys = new ArrayList<>();
    private Double yMin;
    private Double yMax;

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LinePlot series(String name, double[] x, double[] y) {
        names.add(name);
        xs.add(x);
        ys.add(y);
        return this;
    }

    public LinePlot yRange(double min, double max) {
        yMin = min;
        yMax = max;
        return this;
    }

    public void write(Path file) throws IOException {
        Font legend = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        int l = 80;
        int r = Math.max(200, 45 + widest(legend)); // the legend's column fits its longest name
        int w = 700 + r;
        int h = 560;
        int t = 50;
        int b = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double x0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int s = 0; s < xs.size(); s++) {
            for (int i = 0; i < xs.get(s).length; i++) {
                double yv = ys.get(s)[i];
                if (!Double.isFinite(yv)) {
                    continue;
                }
                x0 = Math.min(x0, xs.get(s)[i]);
                x1 = Math.max(x1, xs.get(s)[i]);
                y0 = Math.min(y0, yv);
                y1 = Math.max(y1, yv);
            }
        }
        if (x0 > x1) {
            x0 = 0;
            x1 = 1;
            y0 = 0;
            y1 = 1;
        }
        if (yMin != null) {
            y0 = yMin;
            y1 = yMax;
        }
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        if (y1 == y0) {
            y1 = y0 + 1;
        }
        int pw = w - l - r;
        int ph = h - t - b;
        g.setColor(new Color(230, 230, 230));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k <= 5; k++) {
            int yy = t + ph - ph * k / 5;
            int xx = l + pw * k / 5;
            g.setColor(new Color(230, 230, 230));
            g.drawLine(l, yy, l + pw, yy);
            g.drawLine(xx, t, xx, t + ph);
            g.setColor(Color.DARK_GRAY);
            g.drawString(fmt(y0 + (y1 - y0) * k / 5), 5, yy + 4);
            g.drawString(fmt(x0 + (x1 - x0) * k / 5), xx - 15, t + ph + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(l, t, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, l, 30);
        g.setFont(legend);
        g.drawString(xLabel, l + pw / 2 - 30, h - 15);
        g.drawString(yLabel, 5, t - 10);
        g.setStroke(new BasicStroke(1.6f));
        for (int s = 0; s < xs.size(); s++) {
            g.setColor(PALETTE[s % PALETTE.length]);
            double[] xv = xs.get(s);
            double[] yv = ys.get(s);
            int px = -1;
            int py = -1;
            for (int i = 0; i < xv.length; i++) {
                if (!Double.isFinite(yv[i])) {
                    continue;
                }
                int cx = l + (int) Math.round((xv[i] - x0) / (x1 - x0) * pw);
                int cy = t + ph - (int) Math.round((Math.max(y0, Math.min(y1, yv[i])) - y0) / (y1 - y0) * ph);
                if (px >= 0) {
                    g.drawLine(px, py, cx, cy);
                }
                px = cx;
                py = cy;
            }
            g.fillRect(l + pw + 15, t + 10 + 20 * s, 14, 4);
            g.drawString(names.get(s), l + pw + 35, t + 16 + 20 * s);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    /** Width in pixels of the longest series name in {@code font}. */
    int widest(Font font) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        int max = 0;
        for (String n : names) {
            max = Math.max(max, g.getFontMetrics(font).stringWidth(n));
        }
        g.dispose();
        return max;
    }

    private static String fmt(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 0.01 || a >= 100000)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        String f = String.format(Locale.ROOT, a >= 100 ? "%.0f" : "%.3f", v);
        return f.contains(".") ? f.replaceAll("0+$", "").replaceAll("\\.$", "") : f; // 5.400 -> 5.4, 1.000 -> 1
    }
}
