package io.ainnoface.util;

import java.io.PrintStream;

/** A one-line progress bar on stderr: {@code [=====>    ] 42/100 12.3 it/s eta 0:05 | extra}. */
public final class Progress implements AutoCloseable {
    private final String label;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final boolean enabled;
    private long lastDraw;
    private long done;

    public Progress(String label, long total) {
        this(label, total, System.err, total > 1);
    }

    public Progress(String label, long total, PrintStream out, boolean enabled) {
        this.label = label;
        this.total = total;
        this.out = out;
        this.enabled = enabled;
    }

    public void step(String extra) {
        advance(1, extra);
    }

    public synchronized void advance(long n, String extra) {
        done += n;
        long now = System.nanoTime();
        if (enabled && (now - lastDraw > 200_000_000L || done >= total)) {
            lastDraw = now;
            out.print("\r" + line(extra));
            out.flush();
        }
    }

    public synchronized String line(String extra) {
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        double rate = done / secs;
        int width = 30;
        int filled = total > 0 ? (int) Math.min(width, width * done / total) : 0;
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < width; i++) {
            bar.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        }
        bar.append(']');
        long eta = rate > 0 && total > done ? (long) ((total - done) / rate) : 0;
        return String.format("%s %s %d/%d %.2f it/s eta %d:%02d%s", label, bar, done, total, rate,
                eta / 60, eta % 60, extra == null || extra.isEmpty() ? "" : " | " + extra);
    }

    @Override
    public void close() {
        if (enabled) {
            out.println();
        }
    }
}
