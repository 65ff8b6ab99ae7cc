package dev.bnn.data;

import dev.bnn.data.format.Cifar10;
import dev.bnn.data.format.Idx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small dataset files in the real formats for the tests. */
public final class DataFiles {
    private DataFiles() {}

    /** An IDX header: magic, then the dimension sizes (each big-endian 32-bit; sizes given as unsigned). */
    public static byte[] idxHeader(int magic, long... sizes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * sizes.length);
        b.putInt(magic);
        for (long s : sizes) {
            b.putInt((int) s);
        }
        return b.array();
    }

    /** An IDX images file of n images of rows x cols with pixel (i, r, c) = (i * 31 + r * 7 + c) % 256. */
    public static byte[] idxImages(int n, int rows, int cols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(idxHeader(Idx.IMAGES_MAGIC, n, rows, cols));
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out.write(pixel(i, r, c));
                }
            }
        }
        return out.toByteArray();
    }

    public static int pixel(int i, int r, int c) {
        return (i * 31 + r * 7 + c) % 256;
    }

    public static byte[] idxLabels(int... labels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(idxHeader(Idx.LABELS_MAGIC, labels.length));
        for (int l : labels) {
            out.write(l);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    public static Path write(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, data);
    }

    /** CIFAR-10 records: label labels[i], channel value (i * 13 + ch * 5 + p) % 256 at plane position p. */
    public static byte[] cifarRecords(int... labels) {
        byte[] b = new byte[labels.length * Cifar10.RECORD];
        for (int i = 0; i < labels.length; i++) {
            int base = i * Cifar10.RECORD;
            b[base] = (byte) labels[i];
            for (int ch = 0; ch < 3; ch++) {
                for (int p = 0; p < 1024; p++) {
                    b[base + 1 + ch * 1024 + p] = (byte) cifarValue(i, ch, p);
                }
            }
        }
        return b;
    }

    public static int cifarValue(int i, int ch, int p) {
        return (i * 13 + ch * 5 + p) % 256;
    }

    /**
     * A POSIX ustar archive, gzip-compressed, holding the given (name, content) pairs in order.
     * Only what {@link TarGz} reads is filled in: name, octal size, type '0', the ustar magic.
     */
    public static byte[] tarGz(Object... namesAndContents) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (int k = 0; k < namesAndContents.length; k += 2) {
            String name = (String) namesAndContents[k];
            byte[] content = (byte[]) namesAndContents[k + 1];
            byte[] h = new byte[512];
            byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(n, 0, h, 0, n.length);
            byte[] size = String.format("%011o", content.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(size, 0, h, 124, size.length);
            h[156] = '0';
            System.arraycopy("ustar".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, h, 257, 5);
            tar.writeBytes(h);
            tar.writeBytes(content);
            tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
        }
        tar.writeBytes(new byte[1024]);
        return gzip(tar.toByteArray());
    }
}
