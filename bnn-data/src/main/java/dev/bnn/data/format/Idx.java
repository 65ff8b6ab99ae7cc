package dev.bnn.data.format;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST (LeCun et al., "THE MNIST DATABASE of
 * handwritten digits", yann.lecun.com/exdb/mnist): a big-endian header of a 32-bit magic number
 * {@code 0x0000TTRR} (TT the element type, 0x08 = unsigned byte; RR the number of dimensions),
 * RR big-endian 32-bit sizes, then the elements in row-major order. Image files have magic 2051
 * (0x00000803: N x rows x cols), label files 2049 (0x00000801: N). Files may be gzip-compressed
 * (the official {@code .gz} files) or raw.
 */
public final class Idx {
    /** Magic number of an unsigned-byte IDX file with one dimension (labels). */
    public static final int LABELS_MAGIC = 0x0801;
    /** Magic number of an unsigned-byte IDX file with three dimensions (images). */
    public static final int IMAGES_MAGIC = 0x0803;

    private Idx() {}

    /** An IDX array of unsigned bytes: its dimensions and its elements in row-major order. */
    public record UnsignedBytes(int[] dims, byte[] data) {}

    /**
     * Reads an unsigned-byte IDX file whose magic number must be {@code expectedMagic}.
     *
     * @throws DatasetFormatException on a wrong magic number, a header that does not match the
     *     file's size (too short, or with data left over), or a truncated or corrupt file
     */
    public static UnsignedBytes read(Path file, int expectedMagic) throws IOException {
        try (DataFile in = DataFile.open(file)) {
            int magic = in.readInt("the IDX magic number");
            if (magic != expectedMagic) {
                throw in.error(0, "wrong IDX magic number: expected " + expectedMagic + " (0x"
                        + String.format("%08x", expectedMagic) + ", unsigned bytes in " + (expectedMagic & 0xFF)
                        + " dimensions) but found " + magic + " (0x" + String.format("%08x", magic) + ")");
            }
            int rank = expectedMagic & 0xFF;
            long[] sizes = new long[rank];
            long count = 1;
            for (int d = 0; d < rank; d++) {
                sizes[d] = Integer.toUnsignedLong(in.readInt("the size of dimension " + d));
                count = sizes[d] == 0 || count <= DataFile.MAX_ARRAY ? count * sizes[d] : count;
            }
            String what = describe(sizes);
            for (int d = 0; d < rank; d++) {
                if (sizes[d] > DataFile.MAX_ARRAY) {
                    throw in.error(4 + 4 * d, what + ": dimension " + d + " claims more than a Java array holds (at most "
                            + DataFile.MAX_ARRAY + "): the header is corrupt");
                }
            }
            byte[] data = in.readBytes(count, what);
            in.expectEnd(what);
            int[] dims = new int[rank];
            for (int d = 0; d < rank; d++) {
                dims[d] = (int) sizes[d];
            }
            return new UnsignedBytes(dims, data);
        }
    }

    private static String describe(long[] sizes) {
        StringBuilder s = new StringBuilder("the data of ");
        for (int d = 0; d < sizes.length; d++) {
            s.append(d == 0 ? "" : " x ").append(sizes[d]);
        }
        return s.append(sizes.length == 1 ? " labels" : " unsigned bytes (header)").toString();
    }

    /**
     * Reads an MNIST-style pair of files (images magic 2051, labels magic 2049) as a dataset of
     * N x rows x cols x 1 pixel intensities in [0, 255] (0 is background), as stored. Scaling is a
     * separate step ({@link PixelScale}).
     *
     * @param classes labels must lie in [0, classes)
     * @throws DatasetFormatException if either file is malformed, a label is out of range, or the
     *     files hold different numbers of examples
     */
    public static Dataset readImagesAndLabels(String name, Path images, Path labels, int classes) throws IOException {
        UnsignedBytes lab = read(labels, LABELS_MAGIC);
        UnsignedBytes img = read(images, IMAGES_MAGIC);
        int n = img.dims()[0];
        if (lab.dims()[0] != n) {
            throw new DatasetFormatException(labels, 4, "holds " + lab.dims()[0] + " labels but " + images.getFileName()
                    + " holds " + n + " images");
        }
        int[] y = new int[n];
        byte[] lb = lab.data();
        for (int i = 0; i < n; i++) {
            y[i] = lb[i] & 0xFF;
            if (y[i] >= classes) {
                throw new DatasetFormatException(labels, 8 + i, "label " + y[i] + " of example " + i
                        + " is outside [0, " + classes + ")");
            }
        }
        byte[] px = img.data();
        float[] x = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            x[i] = px[i] & 0xFF;
        }
        return new Dataset(name, Tensor.wrap(x, n, img.dims()[1], img.dims()[2], 1), y, classes);
    }
}
