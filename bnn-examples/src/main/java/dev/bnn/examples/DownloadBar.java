package dev.bnn.examples;

import dev.bnn.data.DownloadListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A download progress bar on one terminal line, redrawn at most ten times a second:
 * {@code t10k-images-idx3-ubyte.gz [############------------------]  40%   0.7 / 1.6 MB}. Off a
 * terminal it draws nothing: the library logs each download's start and end.
 */
final class DownloadBar implements DownloadListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final boolean interactive;
    private String current;
    private long lastDraw;

    DownloadBar(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void progress(String file, long bytes, long totalBytes) {
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        boolean done = bytes >= totalBytes;
        if (!done && file.equals(current) && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        current = file;
        lastDraw = now;
        out.print("\r" + line(file, bytes, totalBytes) + (done ? "\n" : ""));
        out.flush();
    }

    /** The bar for {@code bytes} of {@code totalBytes}. */
    static String line(String file, long bytes, long totalBytes) {
        double share = totalBytes <= 0 ? 0 : Math.min(1, (double) bytes / totalBytes);
        int filled = (int) Math.round(share * WIDTH);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %5.1f / %.1f MB", file, "#".repeat(filled),
                "-".repeat(WIDTH - filled), Math.round(share * 100), bytes / 1e6, totalBytes / 1e6);
    }
}
