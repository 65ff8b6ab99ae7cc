package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import java.util.Objects;

/**
 * The right-hand operand of binary GEMM (the weights: n rows of k bits, one row per output
 * column) rearranged so that output columns sit in vector lanes.
 *
 * <p>Columns are grouped into panels of {@link #width()} columns; within a panel the words are
 * word-major: word w of column {@code p * width + j} is at
 * {@code words[(p * wordsPerRow + w) * width + j]}. The last panel is filled up with all-zero
 * columns (rows of +1), whose results the kernels never write. Bit encoding and zero padding as
 * in {@link BitMatrix}.
 *
 * <p>Weights are rearranged once (by {@link BinaryGemm#prepare(BitMatrix)}) and then reused for
 * every batch; in training, where the weights change at every step, {@link
 * BinaryGemm#prepare(BitMatrix, BitPanels)} rearranges them into the same panels again.
 */
public final class BitPanels {
    private final int rows;
    private final int cols;
    private final int width;
    private final int wordsPerRow;
    private final long[] words;

    private BitPanels(int rows, int cols, int width, long[] words) {
        this.rows = rows;
        this.cols = cols;
        this.width = width;
        this.wordsPerRow = BitMatrix.wordsFor(cols);
        this.words = words;
    }

    /** Rearranges {@code m} into panels of {@code width} columns. */
    public static BitPanels of(BitMatrix m, int width) {
        Objects.requireNonNull(m, "m");
        if (width < 1) {
            throw new IllegalArgumentException("panel width must be positive, got " + width);
        }
        int panels = (m.rows() + width - 1) / width;
        long[] words = new long[Math.multiplyExact(Math.multiplyExact(panels, m.wordsPerRow()), width)];
        BitPanels p = new BitPanels(m.rows(), m.cols(), width, words);
        p.rearrange(m);
        return p;
    }

    /**
     * Overwrites the panels with the rows of {@code m}, which has this shape (checked by the
     * caller). The filler columns of the last panel are never written, so they stay zero.
     */
    void rearrange(BitMatrix m) {
        long[] src = m.words();
        for (int r = 0; r < rows; r++) {
            int p = r / width;
            int j = r % width;
            for (int w = 0; w < wordsPerRow; w++) {
                words[(p * wordsPerRow + w) * width + j] = src[r * wordsPerRow + w];
            }
        }
    }

    /** The panels back as a plain row-per-column bit matrix. */
    public BitMatrix toBitMatrix() {
        long[] out = new long[rows * wordsPerRow];
        for (int r = 0; r < rows; r++) {
            for (int w = 0; w < wordsPerRow; w++) {
                out[r * wordsPerRow + w] = words[((r / width) * wordsPerRow + w) * width + r % width];
            }
        }
        return BitMatrix.wrap(out, rows, cols);
    }

    /** Number of weight rows, i.e. output columns n. */
    public int rows() {
        return rows;
    }

    /** Bits per row, k. */
    public int cols() {
        return cols;
    }

    /** Columns per panel. */
    public int width() {
        return width;
    }

    public int wordsPerRow() {
        return wordsPerRow;
    }

    /** The panel words (see the class Javadoc). */
    public long[] words() {
        return words;
    }

    @Override
    public String toString() {
        return "BitPanels[" + rows + " x " + cols + ", width " + width + "]";
    }
}
