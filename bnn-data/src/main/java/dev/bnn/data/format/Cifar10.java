package dev.bnn.data.format;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reader for the "binary version" of CIFAR-10 (Krizhevsky, "Learning Multiple Layers of
 * Features from Tiny Images", 2009; www.cs.toronto.edu/~kriz/cifar.html): each file
 * ({@code data_batch_1.bin} .. {@code data_batch_5.bin}, {@code test_batch.bin}) is a sequence
 * of 3073-byte records: one label byte in [0, 9], then the 1024 red, 1024 green and 1024 blue
 * bytes of a 32 x 32 image, each plane row-major. There is no header: the number of records is
 * the file size / 3073, and a size that is not a whole number of records is an error.
 */
public final class Cifar10 {
    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int CLASSES = 10;
    /** Bytes of one record: a label and 3 planes of 32 x 32. */
    public static final int RECORD = 1 + SIDE * SIDE * CHANNELS;

    /** Training files in the official order (images 0..49999). */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final List<String> TEST_FILES = List.of("test_batch.bin");

    private Cifar10() {}

    /**
     * Reads the given batch files, in order, as one dataset of N x 32 x 32 x 3 pixel intensities in
     * [0, 255] (channels last: the planes are interleaved).
     *
     * @throws DatasetFormatException if a file is not a whole number of records or has a label
     *     outside [0, 9]
     */
    public static Dataset read(String name, List<Path> files) throws IOException {
        long[] records = new long[files.size()];
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            long size = Files.size(file);
            if (size == 0 || size % RECORD != 0) {
                long lastStart = size / RECORD * RECORD;
                throw new DatasetFormatException(file, lastStart, size == 0 ? "empty file: expected records of "
                        + RECORD + " bytes" : "truncated: the file has " + size + " bytes, not a whole number of "
                        + RECORD + "-byte records; the record starting here has only " + (size - lastStart) + " bytes");
            }
            records[f] = size / RECORD;
            total += records[f];
        }
        if (total * (RECORD - 1) > DataFile.MAX_ARRAY) {
            Path largest = files.get(0);
            for (int f = 1; f < files.size(); f++) {
                largest = records[f] > records[files.indexOf(largest)] ? files.get(f) : largest;
            }
            throw new DatasetFormatException(largest, 0, name + ": " + total + " images of " + (RECORD - 1) + " values in "
                    + files + " do not fit in one tensor (at most " + DataFile.MAX_ARRAY + " values); the largest file, "
                    + largest.getFileName() + ", alone has " + records[files.indexOf(largest)] + " records");
        }
        int n = (int) total;
        float[] x = new float[n * (RECORD - 1)];
        int[] y = new int[n];
        int image = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            byte[] bytes;
            try (DataFile in = DataFile.open(file, false)) {
                bytes = in.readBytes(records[f] * RECORD, records[f] + " CIFAR-10 records");
            }
            for (int r = 0; r < records[f]; r++, image++) {
                int base = r * RECORD;
                y[image] = bytes[base] & 0xFF;
                if (y[image] >= CLASSES) {
                    throw new DatasetFormatException(file, base, "label " + y[image] + " of record " + r
                            + " is outside [0, " + CLASSES + ")");
                }
                planarToInterleaved(bytes, base + 1, x, image * (RECORD - 1));
            }
        }
        return new Dataset(name, Tensor.wrap(x, n, SIDE, SIDE, CHANNELS), y, CLASSES);
    }

    /** Three row-major 32 x 32 planes (R, G, B) at {@code from} to H x W x C at {@code to}. */
    private static void planarToInterleaved(byte[] src, int from, float[] dst, int to) {
        int plane = SIDE * SIDE;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < CHANNELS; c++) {
                dst[to + p * CHANNELS + c] = src[from + c * plane + p] & 0xFF;
            }
        }
    }
}
