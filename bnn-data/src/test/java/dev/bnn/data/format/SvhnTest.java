package dev.bnn.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Dataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sink;
import us.hebi.matlab.mat.types.Sinks;

class SvhnTest {
    @TempDir
    Path dir;

    /** MATLAB X(r, c, ch, i) of the test files. */
    static int value(int r, int c, int ch, int i) {
        return (r * 3 + c * 5 + ch * 70 + i * 11) % 256;
    }

    /** An SVHN format 2 file written by mfl-core: X uint8 32 x 32 x 3 x n, y double n x 1. */
    static Path writeMat(Path file, int[] labels, boolean compressed) throws IOException {
        int n = labels.length;
        Matrix x = Mat5.newMatrix(new int[] {32, 32, 3, n}, MatlabType.UInt8);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int c = 0; c < 32; c++) {
                    for (int r = 0; r < 32; r++) {
                        x.setByte(new int[] {r, c, ch, i}, (byte) value(r, c, ch, i));
                    }
                }
            }
        }
        Matrix y = Mat5.newMatrix(n, 1);
        for (int i = 0; i < n; i++) {
            y.setDouble(i, labels[i]);
        }
        MatFile mat = Mat5.newMatFile().addArray("X", x).addArray("y", y);
        try (Sink sink = Sinks.newStreamingFile(file.toFile())) {
            Mat5.newWriter(sink).setDeflateLevel(compressed ? 6 : 0).writeMat(mat);
        }
        return file;
    }

    @Test
    void readsCompressedAndUncompressedFilesWithLabelTenAsZero() throws IOException {
        for (boolean compressed : new boolean[] {true, false}) {
            Path f = writeMat(dir.resolve("svhn-" + compressed + ".mat"), new int[] {10, 1, 5}, compressed);
            Dataset d = Svhn.read("s", f);
            assertArrayEquals(new int[] {3, 32, 32, 3}, d.inputs().shape());
            assertArrayEquals(new int[] {0, 1, 5}, d.labels());
            for (int i = 0; i < 3; i++) {
                for (int r = 0; r < 32; r++) {
                    for (int c = 0; c < 32; c++) {
                        for (int ch = 0; ch < 3; ch++) {
                            assertEquals(value(r, c, ch, i), d.inputs().get(i, r, c, ch), "compressed " + compressed);
                        }
                    }
                }
            }
        }
    }

    @Test
    void truncatedFileNamesTheElementAndTheFileEnd() throws IOException {
        for (boolean compressed : new boolean[] {true, false}) {
            Path f = writeMat(dir.resolve("t" + compressed + ".mat"), new int[] {1, 2}, compressed);
            byte[] bytes = Files.readAllBytes(f);
            Files.write(f, Arrays.copyOf(bytes, bytes.length - 40));
            DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Svhn.read("s", f));
            assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("file ends at byte "
                    + (bytes.length - 40)), e.getMessage());
            assertTrue(e.offset() >= 128, "offset " + e.offset());
        }
    }

    @Test
    void wrongEndianIndicatorSaysWhatAMatFileHas() throws IOException {
        Path f = writeMat(dir.resolve("e.mat"), new int[] {1}, true);
        byte[] bytes = Files.readAllBytes(f);
        bytes[126] = 'X';
        Files.write(f, bytes);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Svhn.read("s", f));
        assertEquals(126, e.offset());
        assertTrue(e.getMessage().contains("expected the endian indicator \"IM\" or \"MI\""), e.getMessage());
    }

    @Test
    void labelOutsideOneToTenIsAnError() throws IOException {
        Path f = writeMat(dir.resolve("l.mat"), new int[] {3, 11}, true);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Svhn.read("s", f));
        assertTrue(e.getMessage().contains("label y(2) = 11.0"), e.getMessage());
    }

    @Test
    void missingVariableIsNamed() throws IOException {
        Path f = dir.resolve("m.mat");
        Matrix y = Mat5.newMatrix(1, 1);
        Mat5.writeToFile(Mat5.newMatFile().addArray("y", y), f.toFile());
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Svhn.read("s", f));
        assertTrue(e.getMessage().contains("no variable named X"), e.getMessage());
    }

    /**
     * A hand-built uncompressed MAT-file whose X claims 32 x 32 x 3 x (2^31 - 1) images: rejected
     * from the header, before anything is allocated.
     */
    @Test
    void headerClaimingTwoToTheThirtyOneImagesIsAClearError() throws IOException {
        Path f = dir.resolve("huge.mat");
        Files.write(f, handBuiltMat(new int[] {32, 32, 3, Integer.MAX_VALUE}, 3072));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Svhn.read("s", f));
        assertEquals(128, e.offset());
        assertTrue(e.getMessage().contains("declares") && e.getMessage().contains("needs"), e.getMessage());
    }

    /**
     * A compressed element whose inflated matrix claims 4 GB: more than deflate can produce from
     * the few bytes stored, so it is rejected before anything is inflated or allocated.
     */
    @Test
    void compressedElementClaimingMoreThanDeflateCanHoldIsAClearError() throws IOException {
        byte[] plain = handBuiltMat(new int[] {32, 32, 3, 1}, 3072);
        ByteBuffer inner = ByteBuffer.wrap(Arrays.copyOfRange(plain, 128, plain.length)).order(ByteOrder.LITTLE_ENDIAN);
        inner.putInt(4, 0xFFFFFFF0);
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(inner.array());
        deflater.finish();
        byte[] z = new byte[8192];
        int zn = deflater.deflate(z);
        deflater.end();
        ByteBuffer f = ByteBuffer.allocate(128 + 8 + zn).order(ByteOrder.LITTLE_ENDIAN);
        f.put(plain, 0, 128).putInt(Mat5Index.MI_COMPRESSED).putInt(zn).put(z, 0, zn);
        Path file = Files.write(dir.resolve("bomb.mat"), f.array());
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Svhn.read("s", file));
        assertEquals(128, e.offset());
        assertTrue(e.getMessage().contains("declares a matrix of 4294967280 bytes, more than " + zn
                + " compressed bytes can hold"), e.getMessage());
    }

    /** An uncompressed little-endian MAT-file with one uint8 matrix X of {@code dims} and {@code dataBytes} of data. */
    private static byte[] handBuiltMat(int[] dims, int dataBytes) {
        int dimBytes = (4 * dims.length + 7) / 8 * 8;
        int padded = (dataBytes + 7) / 8 * 8;
        int body = 16 + 8 + dimBytes + 8 + 8 + padded;
        ByteBuffer b = ByteBuffer.allocate(128 + 8 + body).order(ByteOrder.LITTLE_ENDIAN);
        byte[] text = "MATLAB 5.0 MAT-file, hand-built for a test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.put(text);
        while (b.position() < 116) {
            b.put((byte) ' ');
        }
        b.position(124);
        b.putShort((short) 0x0100).put((byte) 'I').put((byte) 'M');
        b.putInt(Mat5Index.MI_MATRIX).putInt(body);
        b.putInt(6).putInt(8).putInt(Mat5Index.MX_UINT8_CLASS).putInt(0);
        b.putInt(5).putInt(4 * dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.position(b.position() + dimBytes - 4 * dims.length);
        b.putShort((short) Mat5Index.MI_INT8).putShort((short) 1).put((byte) 'X').put(new byte[3]);
        b.putInt(2).putInt(dataBytes);
        return b.array();
    }
}
