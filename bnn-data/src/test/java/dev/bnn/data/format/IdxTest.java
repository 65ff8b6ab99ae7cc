package dev.bnn.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bnn.core.Dataset;
import dev.bnn.data.DataDirectory;
import dev.bnn.data.DataFiles;
import dev.bnn.data.DatasetKind;
import dev.bnn.data.fetch.Downloader;
import dev.bnn.data.fetch.RemoteFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    @Test
    void readsRawAndGzipFilesAlike() throws IOException {
        int[] labels = {3, 0, 9, 1, 7};
        for (boolean gz : new boolean[] {false, true}) {
            byte[] img = DataFiles.idxImages(5, 4, 3);
            byte[] lab = DataFiles.idxLabels(labels);
            Path images = DataFiles.write(dir.resolve(gz + "/images"), gz ? DataFiles.gzip(img) : img);
            Path labs = DataFiles.write(dir.resolve(gz + "/labels"), gz ? DataFiles.gzip(lab) : lab);
            Dataset d = Idx.readImagesAndLabels("t", images, labs, 10);
            assertArrayEquals(new int[] {5, 4, 3, 1}, d.inputs().shape());
            assertArrayEquals(labels, d.labels());
            for (int i = 0; i < 5; i++) {
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(DataFiles.pixel(i, r, c), d.inputs().get(i, r, c, 0), "pixel " + i + "," + r + "," + c);
                    }
                }
            }
        }
    }

    @Test
    void wrongMagicSaysWhatWasExpected() throws IOException {
        Path labels = DataFiles.write(dir.resolve("l"), DataFiles.idxLabels(1, 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(labels, Idx.IMAGES_MAGIC));
        assertTrue(e.getMessage().contains("expected 2051") && e.getMessage().contains("found 2049"), e.getMessage());
        assertTrue(e.getMessage().startsWith(labels.toString()), e.getMessage());
        assertEquals(0, e.offset());
    }

    @Test
    void truncatedRawFileNamesTheOffsetBeforeAllocating() throws IOException {
        byte[] full = DataFiles.idxImages(3, 4, 4);
        Path f = DataFiles.write(dir.resolve("img"), Arrays.copyOf(full, full.length - 5));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(f, Idx.IMAGES_MAGIC));
        assertEquals(full.length - 5, e.offset());
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("16..64"), e.getMessage());
    }

    @Test
    void truncatedGzipFileNamesTheDecompressedOffset() throws IOException {
        byte[] raw = DataFiles.idxImages(200, 28, 28);
        byte[] gz = DataFiles.gzip(raw);
        Path f = DataFiles.write(dir.resolve("img.gz"), Arrays.copyOf(gz, gz.length / 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(f, Idx.IMAGES_MAGIC));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.offset() > 16 && e.offset() < raw.length, "offset " + e.offset());
    }

    /** Junk after the end: one byte after a raw file is rejected, and now after a gzip file alike (1 byte or many). */
    @Test
    void bytesAfterTheEndOfAGzipFileAreRejectedLikeAfterARawOne() throws IOException {
        byte[] raw = DataFiles.idxImages(3, 4, 4);
        Path r = DataFiles.write(dir.resolve("raw-junk"), DataFiles.concat(raw, new byte[] {7}));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(r, Idx.IMAGES_MAGIC));
        assertTrue(e.getMessage().contains("unexpected data after the end"), e.getMessage());
        for (int junk : new int[] {1, 30, 100_000}) {
            Path g = DataFiles.write(dir.resolve("gz-junk" + junk), DataFiles.concat(DataFiles.gzip(raw), new byte[junk]));
            DatasetFormatException z = assertThrows(DatasetFormatException.class, () -> Idx.read(g, Idx.IMAGES_MAGIC));
            assertTrue(z.getMessage().contains("follow") && z.getMessage().contains("the end of the gzip data"), z.getMessage());
        }
        Path clean = DataFiles.write(dir.resolve("clean.gz"), DataFiles.gzip(raw));
        assertEquals(3, Idx.read(clean, Idx.IMAGES_MAGIC).dims()[0]);
    }

    /**
     * A gzip file that really inflates past the memory limit (here 8 MB: 20,000 images of zeros, 15 MB,
     * in a file of 15 KB) is refused in one line naming the limit and how to raise it, before the
     * memory runs out; so is a raw file of that size.
     */
    @Test
    void aFileThatWouldTakeMoreThanTheLimitIsRefusedBeforeAllocating() throws IOException {
        byte[] f = DataFiles.concat(DataFiles.idxHeader(Idx.IMAGES_MAGIC, 20_000, 28, 28), new byte[20_000 * 784]);
        Path gz = DataFiles.write(dir.resolve("bomb.gz"), DataFiles.gzip(f));
        Path raw = DataFiles.write(dir.resolve("big"), f);
        String before = System.getProperty(DataLimits.MAX_BYTES_PROPERTY);
        System.setProperty(DataLimits.MAX_BYTES_PROPERTY, Long.toString(8L << 20));
        try {
            for (Path p : new Path[] {gz, raw}) {
                DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(p, Idx.IMAGES_MAGIC));
                assertTrue(e.getMessage().contains("more than the 8 MB one data file may take")
                        && e.getMessage().contains("--max-data-mb"), e.getMessage());
            }
        } finally {
            if (before == null) {
                System.clearProperty(DataLimits.MAX_BYTES_PROPERTY);
            } else {
                System.setProperty(DataLimits.MAX_BYTES_PROPERTY, before);
            }
        }
        assertEquals(20_000, Idx.read(gz, Idx.IMAGES_MAGIC).dims()[0], "within the default limit it loads");
    }

    @Test
    void headerClaimingTwoToTheThirtyOneImagesIsAClearError() throws IOException {
        for (boolean gz : new boolean[] {false, true}) {
            byte[] f = DataFiles.concat(DataFiles.idxHeader(Idx.IMAGES_MAGIC, 1L << 31, 28, 28), new byte[784]);
            Path p = DataFiles.write(dir.resolve("huge" + gz), gz ? DataFiles.gzip(f) : f);
            DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(p, Idx.IMAGES_MAGIC));
            assertTrue(e.getMessage().contains("2147483648 x 28 x 28") && e.getMessage().contains("more than a Java array"),
                    e.getMessage());
        }
    }

    @Test
    void headerClaimingMoreThanTheFileHoldsIsTruncationNotAnAllocation() throws IOException {
        // 2,000,000 images of 28 x 28 would be 1.5 GB; the file has one image.
        byte[] f = DataFiles.concat(DataFiles.idxHeader(Idx.IMAGES_MAGIC, 2_000_000, 28, 28), new byte[784]);
        Path raw = DataFiles.write(dir.resolve("raw"), f);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(raw, Idx.IMAGES_MAGIC));
        assertEquals(16 + 784, e.offset());
        Path gz = DataFiles.write(dir.resolve("gz"), DataFiles.gzip(f));
        e = assertThrows(DatasetFormatException.class, () -> Idx.read(gz, Idx.IMAGES_MAGIC));
        assertEquals(16 + 784, e.offset());
        assertTrue(e.getMessage().contains("decompressed data ends"), e.getMessage());
    }

    @Test
    void dataBeyondTheHeaderIsAnError() throws IOException {
        Path f = DataFiles.write(dir.resolve("l"), DataFiles.concat(DataFiles.idxLabels(1, 2, 3), new byte[] {4}));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Idx.read(f, Idx.LABELS_MAGIC));
        assertEquals(11, e.offset());
        assertTrue(e.getMessage().contains("unexpected data after"), e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesExampleAndOffset() throws IOException {
        Path img = DataFiles.write(dir.resolve("i"), DataFiles.idxImages(3, 2, 2));
        Path lab = DataFiles.write(dir.resolve("l"), DataFiles.idxLabels(1, 10, 3));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Idx.readImagesAndLabels("t", img, lab, 10));
        assertEquals(9, e.offset());
        assertTrue(e.getMessage().contains("label 10 of example 1"), e.getMessage());
    }

    @Test
    void differentCountsInImagesAndLabelsAreAnError() throws IOException {
        Path img = DataFiles.write(dir.resolve("i"), DataFiles.idxImages(3, 2, 2));
        Path lab = DataFiles.write(dir.resolve("l"), DataFiles.idxLabels(1, 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> Idx.readImagesAndLabels("t", img, lab, 10));
        assertTrue(e.getMessage().contains("holds 2 labels but i holds 3 images"), e.getMessage());
    }

    /** The real MNIST test set, where BNN_DATA points at it: official SHA-256 and label histogram. */
    @Test
    void realMnistTestSetHasTheOfficialChecksumAndHistogram() throws Exception {
        String root = System.getenv(DataDirectory.ENV);
        Path folder = root == null ? null : Path.of(root, "mnist");
        assumeTrue(folder != null && Files.isRegularFile(folder.resolve("t10k-labels-idx1-ubyte.gz")),
                "MNIST test files not found under $BNN_DATA/mnist (BNN_DATA=" + root + ")");
        Path labels = folder.resolve("t10k-labels-idx1-ubyte.gz");
        Path images = folder.resolve("t10k-images-idx3-ubyte.gz");
        RemoteFile official = DatasetKind.MNIST.downloads().get(3);
        assertEquals(labels.getFileName().toString(), official.name());
        assertEquals(official.sha256(), HexFormat.of().formatHex(Downloader.sha256().digest(Files.readAllBytes(labels))));
        Dataset test = Idx.readImagesAndLabels("mnist-test", images, labels, 10);
        int[] histogram = new int[10];
        for (int y : test.labels()) {
            histogram[y]++;
        }
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, histogram);
        assertArrayEquals(new int[] {10000, 28, 28, 1}, test.inputs().shape());
    }
}
