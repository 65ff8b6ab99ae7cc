package dev.bnn.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny MNIST in the official IDX files: 28 x 28 grey images whose class is easy to learn (a
 * bright bar at a row band that depends on the class, over seeded noise), labels i mod 10.
 */
final class TinyMnist {
    private TinyMnist() {}

    /** Writes {@code train} training and {@code test} test examples, gzipped, into {@code dataDir}/mnist; returns {@code dataDir}. */
    static Path write(Path dataDir, int train, int test) throws IOException {
        Path folder = dataDir.resolve("mnist");
        writeSplit(folder, "train", train, 1, true);
        writeSplit(folder, "t10k", test, 2, true);
        return dataDir;
    }

    /**
     * One split's two files, {@code PREFIX-images-idx3-ubyte} and {@code PREFIX-labels-idx1-ubyte},
     * with {@code .gz} when {@code gzip}.
     */
    static void writeSplit(Path folder, String prefix, int n, long seed, boolean gzip) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom rng = new SplittableRandom(seed);
        ByteBuffer images = ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28).putInt(28);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            labels.put((byte) label);
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean bar = r >= 4 + 2 * label && r < 6 + 2 * label && c >= 4 && c < 24;
                    images.put((byte) (bar ? 255 - rng.nextInt(40) : rng.nextInt(60)));
                }
            }
        }
        String ext = gzip ? ".gz" : "";
        write(folder.resolve(prefix + "-images-idx3-ubyte" + ext), images.array(), gzip);
        write(folder.resolve(prefix + "-labels-idx1-ubyte" + ext), labels.array(), gzip);
    }

    private static void write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
