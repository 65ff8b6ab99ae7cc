package dev.bnn.examples.cli;

import dev.bnn.data.fetch.DownloadListener;
import java.io.Console;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Download progress as a progress bar per file (the same library and style as the training
 * epochs' {@link ProgressBarListener}), in MB with the speed. Only on an interactive terminal
 * ({@link #forTerminal}); elsewhere the library's log lines (start, end of each download) suffice.
 * A new attempt at the same file (the next URL) starts a new bar.
 */
final class DownloadBar implements DownloadListener {
    private static final int UPDATE_MILLIS = 250;

    private final Supplier<ProgressBarConsumer> consumer;
    private ProgressBar bar;
    private String file;

    DownloadBar(Supplier<ProgressBarConsumer> consumer) {
        this.consumer = consumer;
    }

    /** A bar on stderr when the console is an interactive terminal, else a listener that does nothing. */
    static DownloadListener forTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal()
                ? new DownloadBar(() -> new ConsoleProgressBarConsumer(System.err)) : DownloadListener.none();
    }

    @Override
    public void progress(String file, long bytes, long totalBytes) {
        if (bar == null || !file.equals(this.file) || bytes < bar.getCurrent()) {
            close();
            this.file = file;
            bar = new ProgressBarBuilder().setTaskName(file).setInitialMax(totalBytes).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(UPDATE_MILLIS).setUnit(" MB", 1_000_000).showSpeed()
                    .setConsumer(consumer.get()).build();
        }
        bar.stepTo(bytes);
        if (bytes >= totalBytes) {
            close();
        }
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
