package dev.bnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bnn.core.Dataset;
import dev.bnn.data.fetch.DownloadListener;
import dev.bnn.data.fetch.Downloader;
import dev.bnn.data.fetch.RemoteFile;
import dev.bnn.data.fetch.TarGz;
import dev.bnn.data.format.DatasetFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads against an HTTP server on the loopback address that the test runs. */
class DownloaderTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private URI base;
    /** Path -> body; a path in {@link #cut} sends half its body under the full Content-Length, then closes. */
    private final Map<String, byte[]> files = new HashMap<>();
    private final List<String> cut = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        synchronized (requests) {
            requests.add(path);
        }
        byte[] body = files.get(path);
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        if (cut.contains(path)) {
            out.write(body, 0, body.length / 2);
            out.flush();
            // Closing the exchange before Content-Length bytes were sent drops the connection.
            ex.close();
            return;
        }
        out.write(body);
        out.close();
    }

    private static byte[] content(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + i / 251);
        }
        return b;
    }

    private static String sha(byte[] b) {
        return HexFormat.of().formatHex(Downloader.sha256().digest(b));
    }

    private RemoteFile remote(String name, byte[] expected, String... paths) {
        return new RemoteFile(name, Stream.of(paths).map(p -> base.resolve(p)).toList(), expected.length, sha(expected),
                List.of());
    }

    /** Files in {@code folder} (the final name and any temporary leftovers). */
    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsVerifiesAndReportsProgress() throws IOException {
        byte[] body = content(300_000);
        files.put("/a/data.bin", body);
        List<long[]> progress = new ArrayList<>();
        Downloader d = new Downloader((f, bytes, total) -> progress.add(new long[] {bytes, total}));
        Path got = d.fetch(remote("data.bin", body, "a/data.bin"), dir.resolve("out"));
        assertArrayEquals(body, Files.readAllBytes(got));
        assertEquals(List.of("data.bin"), listing(dir.resolve("out")));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(got)),
                "readable like a directly written file, not private like a temporary one");
        assertTrue(progress.size() >= 2, "progress calls: " + progress.size());
        assertArrayEquals(new long[] {body.length, body.length}, progress.get(progress.size() - 1));
    }

    @Test
    void checksumMismatchLeavesNoFile() throws IOException {
        byte[] body = content(100_000);
        byte[] tampered = body.clone();
        tampered[5000] ^= 1;
        files.put("/x.bin", tampered);
        Path out = dir.resolve("out");
        IOException e = assertThrows(IOException.class, () -> new Downloader(DownloadListener.none())
                .fetch(remote("x.bin", body, "x.bin"), out));
        assertTrue(e.getSuppressed()[0].getMessage().contains("SHA-256 mismatch: expected " + sha(body)),
                e.getSuppressed()[0].getMessage());
        assertEquals(List.of(), listing(out));
    }

    @Test
    void connectionCutMidFileLeavesNoFile() throws IOException {
        byte[] body = content(2_000_000);
        files.put("/big.bin", body);
        cut.add("/big.bin");
        Path out = dir.resolve("out");
        IOException e = assertThrows(IOException.class, () -> new Downloader(DownloadListener.none())
                .fetch(remote("big.bin", body, "big.bin"), out));
        assertEquals(1, e.getSuppressed().length, e.toString());
        assertEquals(List.of(), listing(out));
    }

    @Test
    void triesTheNextUrlAfterAFailure() throws IOException {
        byte[] body = content(10_000);
        files.put("/mirror2/f.bin", body);
        Path got = new Downloader(DownloadListener.none())
                .fetch(remote("f.bin", body, "mirror1/f.bin", "mirror2/f.bin"), dir);
        assertArrayEquals(body, Files.readAllBytes(got));
        assertEquals(List.of("/mirror1/f.bin", "/mirror2/f.bin"), requests);
    }

    @Test
    void offlineLoadListsTheFilesAndTheFolder() {
        Datasets data = Datasets.offline(new DataDirectory(dir, "test"));
        MissingDatasetException e = assertThrows(MissingDatasetException.class,
                () -> data.load(DatasetKind.MNIST, Split.TEST));
        assertEquals(dir.resolve("mnist"), e.folder());
        assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"), e.files());
        String m = e.getMessage();
        assertTrue(m.contains("Put these files into " + dir.resolve("mnist")) && m.contains("t10k-images-idx3-ubyte.gz")
                && m.contains("(or the decompressed t10k-labels-idx1-ubyte)") && m.contains("BNN_DATA"), m);
    }

    /** Found where Debian's package installs it; where it is not installed, the message says how to get it. */
    @Test
    void fashionMnistIsFoundInTheDebianFolderOrTheMessageNamesThePackage() throws IOException {
        Datasets data = Datasets.offline(new DataDirectory(dir, "test"));
        if (Files.isRegularFile(Path.of("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"))) {
            Dataset test = data.load(DatasetKind.FASHION_MNIST, Split.TEST);
            assertEquals(10000, test.size());
            assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), data.locate(DatasetKind.FASHION_MNIST, Split.TEST));
        } else {
            MissingDatasetException e = assertThrows(MissingDatasetException.class,
                    () -> data.load(DatasetKind.FASHION_MNIST, Split.TEST));
            assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        }
    }

    @Test
    void unreachableSourceListsTheFilesToo() {
        // Nothing is served: every URL answers 404, as an unreachable host would fail.
        Datasets data = Datasets.offline(new DataDirectory(dir, "test"))
                .withDownloads(new Downloader(DownloadListener.none())).withMirror(base);
        MissingDatasetException e = assertThrows(MissingDatasetException.class,
                () -> data.load(DatasetKind.SVHN, Split.TRAIN));
        assertEquals(List.of("train_32x32.mat"), e.files());
        assertTrue(e.getMessage().contains("the download failed"), e.getMessage());
    }

    /** The whole path: a missing archive is fetched from a mirror, verified, extracted, removed, and read. */
    @Test
    void datasetsDownloadsExtractsAndReadsAMissingDataset() throws IOException {
        byte[] train = DataFiles.cifarRecords(1, 2);
        byte[] test = DataFiles.cifarRecords(7);
        byte[] archive = DataFiles.tarGz("cifar-10-batches-bin/test_batch.bin", test,
                "cifar-10-batches-bin/data_batch_1.bin", train);
        files.put("/cifar10/c.tar.gz", archive);
        List<String> members = List.of("cifar-10-batches-bin/data_batch_1.bin", "cifar-10-batches-bin/test_batch.bin");
        // The official table, with the test archive's size and checksum in place of the real one's.
        RemoteFile table = new RemoteFile("c.tar.gz", List.of(URI.create("https://unused.invalid/c.tar.gz")),
                archive.length, sha(archive), members);
        List<long[]> progress = new ArrayList<>();
        Datasets data = Datasets.offline(new DataDirectory(dir, "test"))
                .withDownloads(new Downloader((f, bytes, total) -> progress.add(new long[] {bytes, total})))
                .withMirror(base).withSources(kind -> List.of(table));
        Dataset d = data.load(DatasetKind.CIFAR10, Split.TEST);
        assertArrayEquals(new int[] {7}, d.labels());
        assertEquals("cifar10-test", d.name());
        assertEquals(List.of("data_batch_1.bin", "test_batch.bin"), listing(dir.resolve("cifar10")));
        assertArrayEquals(new long[] {archive.length, archive.length}, progress.get(progress.size() - 1));
        assertEquals(List.of("/cifar10/c.tar.gz"), requests);
    }

    /** Files served with the wrong content under the official names fail the official checksums. */
    @Test
    void officialChecksumsRejectOtherContent() throws IOException {
        files.put("/mnist/t10k-images-idx3-ubyte.gz", DataFiles.gzip(DataFiles.idxImages(4, 28, 28)));
        files.put("/mnist/t10k-labels-idx1-ubyte.gz", DataFiles.gzip(DataFiles.idxLabels(1, 2, 3, 4)));
        Datasets data = Datasets.offline(new DataDirectory(dir, "test"))
                .withDownloads(new Downloader(DownloadListener.none())).withMirror(base);
        MissingDatasetException e = assertThrows(MissingDatasetException.class,
                () -> data.load(DatasetKind.MNIST, Split.TEST));
        assertTrue(e.getCause().getSuppressed()[0].getMessage().contains("of 1648877 bytes"),
                e.getCause().getSuppressed()[0].getMessage());
        assertFalse(Files.exists(dir.resolve("mnist/t10k-images-idx3-ubyte.gz")));
    }

    @Test
    void archiveMembersAreExtractedAndTheArchiveRemoved() throws IOException {
        byte[] train = DataFiles.cifarRecords(1, 2);
        byte[] test = DataFiles.cifarRecords(3);
        byte[] archive = DataFiles.tarGz("cifar-10-batches-bin/readme.html", new byte[700],
                "cifar-10-batches-bin/data_batch_1.bin", train, "cifar-10-batches-bin/test_batch.bin", test);
        files.put("/c.tar.gz", archive);
        RemoteFile r = new RemoteFile("c.tar.gz", List.of(base.resolve("c.tar.gz")), archive.length, sha(archive),
                List.of("cifar-10-batches-bin/data_batch_1.bin", "cifar-10-batches-bin/test_batch.bin"));
        Path got = new Downloader(DownloadListener.none()).fetch(r, dir);
        TarGz.extract(got, r.members(), dir);
        assertArrayEquals(train, Files.readAllBytes(dir.resolve("data_batch_1.bin")));
        assertArrayEquals(test, Files.readAllBytes(dir.resolve("test_batch.bin")));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> TarGz.extract(got, List.of("cifar-10-batches-bin/data_batch_2.bin"), dir));
        assertTrue(e.getMessage().contains("lacks [cifar-10-batches-bin/data_batch_2.bin]"), e.getMessage());
    }
}
