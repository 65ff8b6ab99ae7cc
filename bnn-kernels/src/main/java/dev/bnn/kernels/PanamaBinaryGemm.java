package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API binary GEMM with output columns in vector lanes:
 * dot_ij = k - 2 * popcount(a_i XOR b_j) (encoding in {@link BitMatrix}).
 *
 * <p>The weights come as {@link BitPanels} of {@link #panelWidth()} = {@value #VECTORS} vectors
 * of longs (32 columns at 512 bits, 16 at 256, 8 at 128). The micro-kernel takes
 * {@value #ROWS} rows of A and one panel: for each word w it loads the {@value #VECTORS} panel
 * vectors of word w once, broadcasts word w of each row, and accumulates
 * {@code BIT_COUNT(a XOR b)} into {@value #ROWS} x {@value #VECTORS} independent accumulators
 * (16 of the 32 AVX-512 registers, plus 4 panel vectors and a broadcast). Rows past the last
 * full block go through the same loop with one row.
 *
 * <p>Both kernels leave the block's dot products in a small per-call buffer; the three output
 * transforms (int32, scaled float, threshold bits) read that buffer, so they share one
 * micro-kernel. The transforms are O(m n), the kernel O(m n k / 64) word operations.
 *
 * <p>Each micro-kernel keeps its vectors inside one method: a vector passed to a method that C2
 * does not inline is boxed, which makes the kernel tens of times slower.
 */
final class PanamaBinaryGemm implements BinaryGemmSupport {
    /** Rows of A per micro-kernel block. */
    static final int ROWS = 4;
    /** Vectors of longs per panel. */
    static final int VECTORS = 4;

    private static final int INT32 = 0;
    private static final int SCALED = 1;
    private static final int THRESHOLD = 2;

    private final VectorSpecies<Long> species;
    private final int lanes;
    private final int width;
    /** One vector of zeros, loaded to start the accumulators (see the class comment on species). */
    private final long[] zeros;

    PanamaBinaryGemm(VectorSpecies<Long> species) {
        this.species = species;
        this.zeros = new long[species.length()];
        this.lanes = species.length();
        this.width = VECTORS * lanes;
    }

    @Override
    public int panelWidth() {
        return width;
    }

    @Override
    public void gemm(BitMatrix a, BitPanels b, int[] c, int rowStart, int rowEnd, int colStart, int colEnd) {
        run(INT32, a, b, c, null, null, null, null, null, rowStart, rowEnd, colStart, colEnd);
    }

    @Override
    public void gemmScaled(BitMatrix a, BitPanels b, float[] scale, float[] bias, float[] c,
                           int rowStart, int rowEnd, int colStart, int colEnd) {
        run(SCALED, a, b, null, scale, bias, c, null, null, rowStart, rowEnd, colStart, colEnd);
    }

    @Override
    public void gemmThreshold(BitMatrix a, BitPanels b, SignThresholds thresholds, BitMatrix out,
                              int rowStart, int rowEnd, int colStart, int colEnd) {
        run(THRESHOLD, a, b, null, null, null, null, thresholds, out, rowStart, rowEnd, colStart, colEnd);
    }

    /**
     * Panels outermost (one panel, k/64 * width words, stays in L1 while every row block of the
     * tile streams past it), then row blocks; each block's dots go through the chosen output.
     */
    private void run(int output, BitMatrix a, BitPanels b, int[] ci, float[] scale, float[] bias, float[] cf,
                     SignThresholds thresholds, BitMatrix out,
                     int rowStart, int rowEnd, int colStart, int colEnd) {
        if (rowStart >= rowEnd || colStart >= colEnd) {
            return;
        }
        long[] dots = new long[ROWS * width];
        int n = b.rows();
        for (int p = colStart / width; p * width < colEnd; p++) {
            int panelStart = p * width;
            // Tile bounds need not be panel bounds: only columns in [colStart, colEnd) are written.
            int j0 = Math.max(colStart, panelStart);
            int j1 = Math.min(colEnd, panelStart + width);
            int i = rowStart;
            for (; i + ROWS <= rowEnd; i += ROWS) {
                dots4(a, b, p, i, dots);
                emit(output, dots, i, ROWS, panelStart, j0, j1, n, ci, scale, bias, cf, thresholds, out);
            }
            // Remainder rows (fewer than ROWS): one row at a time through the same loop shape.
            for (; i < rowEnd; i++) {
                dots1(a, b, p, i, dots);
                emit(output, dots, i, 1, panelStart, j0, j1, n, ci, scale, bias, cf, thresholds, out);
            }
        }
    }

    /**
     * dots[r * width + l] = dot(a_{i+r}, column p * width + l) for r &lt; {@value #ROWS}. Whole words
     * are XORed, including a partial last word: padding bits are 0 in both operands, so they
     * never count. Columns of the panel past n are all-zero filler; their dots are ignored.
     */
    private void dots4(BitMatrix a, BitPanels b, int p, int i, long[] dots) {
        VectorSpecies<Long> s = species;
        int ln = lanes;
        int wd = width;
        long[] aw = a.words();
        long[] bw = b.words();
        int wpr = a.wordsPerRow();
        int a0 = i * wpr;
        int a1 = a0 + wpr;
        int a2 = a1 + wpr;
        int a3 = a2 + wpr;
        int bo = p * wpr * wd;
        LongVector zero = LongVector.fromArray(s, zeros, 0);
        LongVector c00 = zero, c01 = c00, c02 = c00, c03 = c00;
        LongVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        LongVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        LongVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int w = 0; w < wpr; w++, bo += wd) {
            LongVector b0 = LongVector.fromArray(s, bw, bo);
            LongVector b1 = LongVector.fromArray(s, bw, bo + ln);
            LongVector b2 = LongVector.fromArray(s, bw, bo + 2 * ln);
            LongVector b3 = LongVector.fromArray(s, bw, bo + 3 * ln);
            LongVector x = zero.broadcast(aw[a0 + w]);
            c00 = c00.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
            c01 = c01.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
            c02 = c02.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
            c03 = c03.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
            x = zero.broadcast(aw[a1 + w]);
            c10 = c10.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
            c11 = c11.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
            c12 = c12.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
            c13 = c13.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
            x = zero.broadcast(aw[a2 + w]);
            c20 = c20.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
            c21 = c21.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
            c22 = c22.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
            c23 = c23.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
            x = zero.broadcast(aw[a3 + w]);
            c30 = c30.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
            c31 = c31.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
            c32 = c32.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
            c33 = c33.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
        }
        // dot = k - 2 * count, in [-k, k]: the later int conversion is exact.
        LongVector k = zero.broadcast(a.cols());
        k.sub(c00.add(c00)).intoArray(dots, 0);
        k.sub(c01.add(c01)).intoArray(dots, ln);
        k.sub(c02.add(c02)).intoArray(dots, 2 * ln);
        k.sub(c03.add(c03)).intoArray(dots, 3 * ln);
        k.sub(c10.add(c10)).intoArray(dots, wd);
        k.sub(c11.add(c11)).intoArray(dots, wd + ln);
        k.sub(c12.add(c12)).intoArray(dots, wd + 2 * ln);
        k.sub(c13.add(c13)).intoArray(dots, wd + 3 * ln);
        k.sub(c20.add(c20)).intoArray(dots, 2 * wd);
        k.sub(c21.add(c21)).intoArray(dots, 2 * wd + ln);
        k.sub(c22.add(c22)).intoArray(dots, 2 * wd + 2 * ln);
        k.sub(c23.add(c23)).intoArray(dots, 2 * wd + 3 * ln);
        k.sub(c30.add(c30)).intoArray(dots, 3 * wd);
        k.sub(c31.add(c31)).intoArray(dots, 3 * wd + ln);
        k.sub(c32.add(c32)).intoArray(dots, 3 * wd + 2 * ln);
        k.sub(c33.add(c33)).intoArray(dots, 3 * wd + 3 * ln);
    }

    /** One row of {@link #dots4}: dots[l] = dot(a_i, column p * width + l). */
    private void dots1(BitMatrix a, BitPanels b, int p, int i, long[] dots) {
        VectorSpecies<Long> s = species;
        int ln = lanes;
        int wd = width;
        long[] aw = a.words();
        long[] bw = b.words();
        int wpr = a.wordsPerRow();
        int a0 = i * wpr;
        int bo = p * wpr * wd;
        LongVector zero = LongVector.fromArray(s, zeros, 0);
        LongVector c00 = zero, c01 = c00, c02 = c00, c03 = c00;
        for (int w = 0; w < wpr; w++, bo += wd) {
            LongVector x = zero.broadcast(aw[a0 + w]);
            c00 = c00.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(s, bw, bo))
                    .lanewise(VectorOperators.BIT_COUNT));
            c01 = c01.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(s, bw, bo + ln))
                    .lanewise(VectorOperators.BIT_COUNT));
            c02 = c02.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(s, bw, bo + 2 * ln))
                    .lanewise(VectorOperators.BIT_COUNT));
            c03 = c03.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(s, bw, bo + 3 * ln))
                    .lanewise(VectorOperators.BIT_COUNT));
        }
        LongVector k = zero.broadcast(a.cols());
        k.sub(c00.add(c00)).intoArray(dots, 0);
        k.sub(c01.add(c01)).intoArray(dots, ln);
        k.sub(c02.add(c02)).intoArray(dots, 2 * ln);
        k.sub(c03.add(c03)).intoArray(dots, 3 * ln);
    }

    /**
     * Writes the dots of {@code rows} rows starting at row i, columns [j0, j1) of the panel
     * starting at column panelStart, through the chosen output transform.
     */
    private void emit(int output, long[] dots, int i, int rows, int panelStart, int j0, int j1, int n,
                      int[] ci, float[] scale, float[] bias, float[] cf, SignThresholds thresholds, BitMatrix out) {
        int wd = width;
        switch (output) {
            case INT32 -> {
                for (int r = 0; r < rows; r++) {
                    int d = r * wd - panelStart;
                    int o = (i + r) * n;
                    for (int j = j0; j < j1; j++) {
                        ci[o + j] = (int) dots[d + j];
                    }
                }
            }
            case SCALED -> {
                for (int r = 0; r < rows; r++) {
                    int d = r * wd - panelStart;
                    int o = (i + r) * n;
                    for (int j = j0; j < j1; j++) {
                        // Exactly the reference formula: float conversion, multiply, add (no FMA).
                        cf[o + j] = (float) (int) dots[d + j] * scale[j] + bias[j];
                    }
                }
            }
            default -> {
                int[] threshold = thresholds.threshold();
                boolean[] negate = thresholds.negate();
                long[] o = out.words();
                int outWords = out.wordsPerRow();
                for (int r = 0; r < rows; r++) {
                    int d = r * wd - panelStart;
                    int rowBase = (i + r) * outWords;
                    // Assemble each touched output word from the bits of columns [j0, j1) only and
                    // replace just those bits: other columns of the word may belong to another
                    // panel or another thread's tile. Bits past n are never set (padding stays 0).
                    for (int ws = j0; ws < j1; ) {
                        int we = Math.min(j1, (ws & ~63) + 64);
                        long bits = 0;
                        long mask = 0;
                        for (int j = ws; j < we; j++) {
                            long bit = 1L << j;
                            mask |= bit;
                            if (((int) dots[d + j] < threshold[j]) ^ negate[j]) {
                                bits |= bit;
                            }
                        }
                        int w = rowBase + (ws >>> 6);
                        o[w] = (o[w] & ~mask) | bits;
                        ws = we;
                    }
                }
            }
        }
    }
}
