package dev.bnn.data.format;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reader for SVHN format 2, the cropped 32 x 32 digits (Netzer et al., "Reading Digits in Natural
 * Images with Unsupervised Feature Learning", NIPS workshop 2011; ufldl.stanford.edu/housenumbers):
 * {@code train_32x32.mat} (73,257 digits) and {@code test_32x32.mat} (26,032), MATLAB v5 MAT-files
 * holding {@code X}, a uint8 array of 32 x 32 x 3 x N (row, column, RGB channel, image; MATLAB's
 * column-major order), and {@code y}, N x 1 labels 1..10 where 10 stands for the digit 0. The
 * labels returned are the digits (0..9).
 *
 * <p>The file's structure and every declared size are checked first ({@link Mat5Index}); the data
 * is then read with mfl-core (us.hebi.matlab.mat).
 */
public final class Svhn {
    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int CLASSES = 10;
    public static final String TRAIN_FILE = "train_32x32.mat";
    public static final String TEST_FILE = "test_32x32.mat";

    private Svhn() {}

    /**
     * Reads one SVHN format 2 file as N x 32 x 32 x 3 pixel intensities in [0, 255] (channels
     * last) with labels 0..9.
     *
     * @throws DatasetFormatException if the file is not a MATLAB v5 file with a uint8 {@code X} of
     *     32 x 32 x 3 x N and an N x 1 {@code y} of integers in 1..10, or a size does not fit the file
     */
    public static Dataset read(String name, Path file) throws IOException {
        List<Mat5Index.Variable> vars = Mat5Index.read(file);
        Mat5Index.Variable xv = find(file, vars, "X");
        Mat5Index.Variable yv = find(file, vars, "y");
        long[] d = xv.dims();
        if (xv.mxClass() != Mat5Index.MX_UINT8_CLASS || d.length != 4 || d[0] != SIDE || d[1] != SIDE || d[2] != CHANNELS) {
            throw new DatasetFormatException(file, xv.offset(), "expected X to be a uint8 array of 32 x 32 x 3 x N"
                    + " but found class " + xv.mxClass() + " with dimensions " + Arrays.toString(d));
        }
        long n = d[3];
        if (n * SIDE * SIDE * CHANNELS > DataFile.MAX_ARRAY) {
            throw new DatasetFormatException(file, xv.offset(), "X declares " + n + " images, more than one tensor holds");
        }
        if (yv.elements() != n || yv.dims().length != 2 || Math.min(yv.dims()[0], yv.dims()[1]) != 1) {
            throw new DatasetFormatException(file, yv.offset(), "expected y to be " + n + " x 1 (one label per image)"
                    + " but found dimensions " + Arrays.toString(yv.dims()));
        }
        int count = (int) n;
        float[] x = new float[count * SIDE * SIDE * CHANNELS];
        int[] y = new int[count];
        try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
            Matrix mx = mat.getMatrix("X");
            Matrix my = mat.getMatrix("y");
            toChannelsLast(mx, count, x);
            for (int i = 0; i < count; i++) {
                double label = my.getDouble(i);
                if (label != Math.rint(label) || label < 1 || label > CLASSES) {
                    throw new DatasetFormatException(file, yv.offset(), "label y(" + (i + 1) + ") = " + label
                            + " is not an integer in 1..10");
                }
                y[i] = (int) label % CLASSES;
            }
        } catch (RuntimeException e) {
            throw new DatasetFormatException(file, -1, "the MAT-file could not be read: " + e, e);
        }
        return new Dataset(name, Tensor.wrap(x, count, SIDE, SIDE, CHANNELS), y, CLASSES);
    }

    private static Mat5Index.Variable find(Path file, List<Mat5Index.Variable> vars, String name)
            throws DatasetFormatException {
        for (Mat5Index.Variable v : vars) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw new DatasetFormatException(file, -1, "no variable named " + name + " (found "
                + vars.stream().map(Mat5Index.Variable::name).toList() + "); expected X and y of SVHN format 2");
    }

    /** MATLAB's X(r, c, ch, i), column-major, to H x W x C row-major: x[((i * 32 + r) * 32 + c) * 3 + ch]. */
    private static void toChannelsLast(Matrix mx, int n, float[] x) {
        int plane = SIDE * SIDE;
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < CHANNELS; ch++) {
                int src = (i * CHANNELS + ch) * plane;
                for (int c = 0; c < SIDE; c++) {
                    for (int r = 0; r < SIDE; r++) {
                        x[((i * SIDE + r) * SIDE + c) * CHANNELS + ch] = mx.getByte(src + c * SIDE + r) & 0xFF;
                    }
                }
            }
        }
    }
}
