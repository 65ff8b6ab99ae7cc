package dev.bnn.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A matrix of ±1 values packed one bit each, row by row, into {@code long} words.
 *
 * <h2>The encoding (written down here once; every kernel relies on it)</h2>
 * <ul>
 *   <li>Bit 1 means -1, bit 0 means +1. Packing ({@code dev.bnn.kernels.BitPacking}, the one
 *       public packer) takes the sign of a float with sign(0) = +1, so a value x packs to 1
 *       exactly when x &lt; 0 (and -0.0f and NaN pack to 0).</li>
 *   <li>Column c of row r is bit {@code c % 64} (least significant first) of word
 *       {@code r * wordsPerRow + c / 64}. Each row starts on a fresh word:
 *       {@code wordsPerRow = ceil(cols / 64)}.</li>
 *   <li><b>Padding bits are always 0</b>: the bits past column {@code cols - 1} in a row's last
 *       word. Constructors and mutators keep this invariant and {@link #checkPadding()} asserts it;
 *       popcount routines rely on it so that they can treat every row as whole words.</li>
 *   <li>For rows a and b of K bits, with x = popcount(a XOR b) the number of positions where the
 *       signs differ: dot(a, b) = (K - x) - x = <b>K - 2 * popcount(a XOR b)</b>. Padding bits are
 *       0 in both rows, so their XOR is 0 and they do not count.</li>
 * </ul>
 */
public final class BitMatrix {
    private final int rows;
    private final int cols;
    private final int wordsPerRow;
    private final long[] words;

    /** A rows x cols matrix of +1 (all bits 0). */
    public BitMatrix(int rows, int cols) {
        this(rows, cols, new long[checkedWordCount(rows, cols)]);
    }

    private BitMatrix(int rows, int cols, long[] words) {
        this.rows = rows;
        this.cols = cols;
        this.wordsPerRow = wordsFor(cols);
        this.words = words;
    }

    /**
     * A matrix over existing words (no copy).
     *
     * @throws IllegalArgumentException if the array length does not fit the shape or a padding
     *     bit is set
     */
    public static BitMatrix wrap(long[] words, int rows, int cols) {
        Objects.requireNonNull(words, "words");
        int expected = checkedWordCount(rows, cols);
        if (words.length != expected) {
            throw new IllegalArgumentException("wrap: a " + rows + " x " + cols + " bit matrix needs "
                    + expected + " words but the array has " + words.length);
        }
        BitMatrix m = new BitMatrix(rows, cols, words);
        int row = m.firstRowWithPaddingBits();
        if (row >= 0) {
            throw new IllegalArgumentException("wrap: " + m.paddingMessage(row));
        }
        return m;
    }

    /** Number of 64-bit words that hold {@code bits} bits: ceil(bits / 64). */
    public static int wordsFor(int bits) {
        if (bits < 0) {
            throw new IllegalArgumentException("negative bit count " + bits);
        }
        return (bits + 63) >>> 6;
    }

    /** The mask of the valid bits in a row's last word (all ones when cols is a multiple of 64). */
    public static long lastWordMask(int cols) {
        return -1L >>> (-cols & 63);
    }

    /**
     * The ±1 values as a new rows x cols tensor (packing is {@code dev.bnn.kernels.BitPacking}).
     *
     * @throws IllegalStateException if rows * cols is more than a tensor holds
     */
    public Tensor unpack() {
        long values = (long) rows * cols;
        if (values > Tensor.MAX_SIZE) {
            throw new IllegalStateException("unpack: a " + rows + " x " + cols + " bit matrix has " + values
                    + " values, more than a tensor holds (" + Tensor.MAX_SIZE + ")");
        }
        Tensor out = Tensor.zeros(rows, cols);
        unpack(out);
        return out;
    }

    /** Writes the ±1 values into {@code out}, a tensor (or view) of rows * cols entries, row-major. */
    public void unpack(Tensor out) {
        if ((long) rows * cols != out.size()) {
            throw new ShapeMismatchException("unpack: a " + rows + " x " + cols + " bit matrix does not fit a tensor of shape "
                    + ShapeMismatchException.format(out.shape()));
        }
        float[] d = out.data();
        int at = out.offset();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                d[at++] = 1 - 2 * (int) (words[r * wordsPerRow + (c >>> 6)] >>> c & 1L);
            }
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int wordsPerRow() {
        return wordsPerRow;
    }

    /** The backing words, row-major (see the class Javadoc); writes must keep padding bits 0. */
    public long[] words() {
        return words;
    }

    /** Index in {@link #words()} of the first word of {@code row}. */
    public int rowOffset(int row) {
        return Objects.checkIndex(row, rows) * wordsPerRow;
    }

    /** The value at (row, col): +1 or -1. */
    public int get(int row, int col) {
        return 1 - 2 * (int) (words[wordIndex(row, col)] >>> col & 1L);
    }

    /** Sets (row, col) to sign(value), with sign(0) = +1. */
    public void set(int row, int col, float value) {
        int w = wordIndex(row, col);
        if (value < 0f) {
            words[w] |= 1L << col;
        } else {
            words[w] &= ~(1L << col);
        }
    }

    /**
     * dot(row of this, row of other) over the K = cols columns of both:
     * K - 2 * popcount(a XOR b). Relies on zero padding bits.
     */
    public int dot(int row, BitMatrix other, int otherRow) {
        if (other.cols != cols) {
            throw new ShapeMismatchException("dot: rows of " + cols + " and " + other.cols + " bits");
        }
        int a = rowOffset(row);
        int b = other.rowOffset(otherRow);
        int differing = 0;
        for (int w = 0; w < wordsPerRow; w++) {
            differing += Long.bitCount(words[a + w] ^ other.words[b + w]);
        }
        return cols - 2 * differing;
    }

    /**
     * Checks the zero-padding invariant; returns true so that kernels can write
     * {@code assert out.checkPadding();} after writing packed words (as Lucene's
     * {@code FixedBitSet.verifyGhostBitsClear}).
     *
     * @throws IllegalStateException naming the first row whose padding bits are not all 0
     */
    public boolean checkPadding() {
        int row = firstRowWithPaddingBits();
        if (row >= 0) {
            throw new IllegalStateException(paddingMessage(row));
        }
        return true;
    }

    /** The first row whose padding bits are not all 0, or -1. */
    private int firstRowWithPaddingBits() {
        long padding = ~lastWordMask(cols);
        if (padding == 0 || wordsPerRow == 0) {
            return -1;
        }
        for (int r = 0; r < rows; r++) {
            if ((words[r * wordsPerRow + wordsPerRow - 1] & padding) != 0) {
                return r;
            }
        }
        return -1;
    }

    private String paddingMessage(int row) {
        long last = words[row * wordsPerRow + wordsPerRow - 1];
        return "padding bits set in row " + row + " of a " + rows + " x " + cols + " bit matrix: last word "
                + Long.toHexString(last) + ", valid mask " + Long.toHexString(lastWordMask(cols));
    }

    public BitMatrix copy() {
        return new BitMatrix(rows, cols, words.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitMatrix m && m.rows == rows && m.cols == cols && Arrays.equals(words, m.words);
    }

    @Override
    public int hashCode() {
        return (31 * rows + cols) * 31 + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "BitMatrix[" + rows + " x " + cols + "]";
    }

    private int wordIndex(int row, int col) {
        return Objects.checkIndex(row, rows) * wordsPerRow + (Objects.checkIndex(col, cols) >>> 6);
    }

    private static int checkedWordCount(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative bit matrix shape " + rows + " x " + cols);
        }
        long n = (long) rows * wordsFor(cols);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + rows + " x " + cols + " bit matrix is too large");
        }
        return (int) n;
    }
}
