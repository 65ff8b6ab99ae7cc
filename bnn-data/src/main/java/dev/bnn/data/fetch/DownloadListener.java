package dev.bnn.data.fetch;

/**
 * Receives download progress, e.g. to draw a progress bar; {@link Downloader} itself only logs.
 * Called on the downloading thread, after every chunk (about 64 KiB): implementations should
 * be cheap and throttle their own output.
 */
@FunctionalInterface
public interface DownloadListener {

    /**
     * @param file the file's name
     * @param bytes bytes received so far for the current attempt
     * @param totalBytes the expected size
     */
    void progress(String file, long bytes, long totalBytes);

    /** A listener that ignores progress. */
    static DownloadListener none() {
        return (file, bytes, totalBytes) -> { };
    }
}
