package dev.bnn.data.fetch;

import dev.bnn.core.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads {@link RemoteFile}s over HTTP(S), checking the exact size and SHA-256, and writes
 * them atomically: bytes go to a temporary file in the target folder, which is synced and then
 * renamed to the final name only when size and checksum match. A checksum mismatch, a cut
 * connection or an error status leaves no file under the final name (the temporary file is
 * deleted). URLs are tried in order until one succeeds.
 */
public final class Downloader {
    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);
    private static final int CHUNK = 1 << 16;

    private final HttpClient client;
    private final DownloadListener listener;

    /** A downloader with a default HTTP client (20 s connect timeout, following redirects). */
    public Downloader(DownloadListener listener) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), listener);
    }

    public Downloader(HttpClient client, DownloadListener listener) {
        this.client = Objects.requireNonNull(client, "client");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Downloads {@code file} into {@code folder} (created if needed) and returns its path.
     *
     * @throws IOException naming every URL tried and why it failed (unreachable, HTTP status,
     *     size or SHA-256 mismatch, connection cut)
     */
    public Path fetch(RemoteFile file, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(file.name());
        List<IOException> failures = new ArrayList<>();
        StringBuilder reasons = new StringBuilder();
        for (URI url : file.urls()) {
            try {
                fetchFrom(url, file, target);
                return target;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                LOG.warn("download of {} from {} failed: {}", file.name(), url, e.toString());
                failures.add(e);
                String m = e.getMessage();
                reasons.append(reasons.isEmpty() ? "" : "; ")
                        .append(m != null && m.startsWith(url.toString()) ? m : url + ": " + e);
            }
        }
        IOException failure = new IOException("could not download " + file.name() + " (" + reasons + ")");
        failures.forEach(failure::addSuppressed);
        throw failure;
    }

    private void fetchFrom(URI url, RemoteFile file, Path target) throws IOException {
        LOG.info("downloading {} ({} bytes) from {}", file.name(), file.size(), url);
        HttpResponse<InputStream> response = send(url);
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(url + ": HTTP status " + response.statusCode());
            }
            AtomicFile.writeStream(target, out -> copyVerified(url, file, in, out));
        }
        LOG.info("downloaded {} (SHA-256 verified)", target);
    }

    /** Copies the body to {@code out}; throws (abandoning the file) unless size and SHA-256 match. */
    private void copyVerified(URI url, RemoteFile file, InputStream in, OutputStream out) throws IOException {
        MessageDigest sha = sha256();
        long got = 0;
        byte[] buf = new byte[CHUNK];
        for (int r; (r = in.read(buf)) >= 0; ) {
            got += r;
            if (got > file.size()) {
                throw new IOException(url + ": more than the expected " + file.size() + " bytes");
            }
            out.write(buf, 0, r);
            sha.update(buf, 0, r);
            listener.progress(file.name(), got, file.size());
        }
        if (got != file.size()) {
            throw new IOException(url + ": received " + got + " of " + file.size() + " bytes (connection cut?)");
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(file.sha256())) {
            throw new IOException(url + ": SHA-256 mismatch: expected " + file.sha256() + " but the download has " + actual);
        }
    }

    private HttpResponse<InputStream> send(URI url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + url);
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
