package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API binary GEMM with output columns in vector lanes:
 * dot_ij = k - 2 popcount(a_i XOR b_j) (encoding in {@link BitMatrix}).
 *
 * <p>The weights come as {@link BitPanels} of {@link #WIDTH} = {@value #VECTORS} vectors of longs
 * (32 columns at 512 bits, 16 at 256, 8 at 128). The micro-kernel takes {@value #ROWS} rows of A
 * and one panel: for each word w it loads the {@value #VECTORS} panel vectors of word w once,
 * broadcasts word w of each row, and accumulates {@code BIT_COUNT(a XOR b)} into {@value #ROWS} x
 * {@value #VECTORS} independent accumulators (16 of the 32 AVX-512 registers, plus 4 panel vectors
 * and a broadcast). It leaves the popcounts c_ij of the block in a per-thread buffer, and one
 * {@link Output} per form turns them into the result, a vector at a time: int32
 * {@code k - 2c}, float {@code (float) (k - 2c) * scale_j + bias_j}, or sign bits through
 * {@link SignThresholds}. The output step costs a few vector operations per {@code 3 k / 64} of
 * the micro-kernel, so every form runs at the speed of the integer one.
 *
 * <p>Loops: panels outermost (one panel, k/64 * WIDTH words, stays in L1 while every row block of
 * the tile streams past it), then row blocks.
 */
final class PanamaBinaryGemm implements BinaryGemmSupport {
    private static final VectorSpecies<Long> LONGS = PanamaSpecies.LONGS;
    private static final VectorSpecies<Integer> INTS = PanamaSpecies.INTS_PER_LONG;
    private static final VectorSpecies<Float> FLOATS = PanamaSpecies.FLOATS_PER_LONG;
    private static final int LANES = LONGS.length();
    /** Rows of A per micro-kernel block. */
    static final int ROWS = 4;
    /** Vectors of longs per panel. */
    static final int VECTORS = 4;
    /** Columns per panel; divides 64 at every width, so a panel never straddles an output word. */
    static final int WIDTH = VECTORS * LANES;

    /** Popcounts of one block, c_{i+r, panelStart+l} at [r * WIDTH + l]: one buffer per thread. */
    private final ThreadLocal<long[]> popcounts = ThreadLocal.withInitial(() -> new long[ROWS * WIDTH]);

    @Override
    public int panelWidth() {
        return WIDTH;
    }

    @Override
    public void gemm(BitMatrix a, BitPanels b, int[] c, int rowStart, int rowEnd, int colStart, int colEnd) {
        run(a, b, new IntOutput(c, b.rows()), rowStart, rowEnd, colStart, colEnd);
    }

    @Override
    public void gemmScaled(BitMatrix a, BitPanels b, float[] scale, float[] bias, float[] c,
                           int rowStart, int rowEnd, int colStart, int colEnd) {
        run(a, b, new ScaledOutput(scale, bias, c, b.rows()), rowStart, rowEnd, colStart, colEnd);
    }

    @Override
    public void gemmThreshold(BitMatrix a, BitPanels b, SignThresholds thresholds, BitMatrix out,
                              int rowStart, int rowEnd, int colStart, int colEnd) {
        run(a, b, new ThresholdOutput(thresholds, out), rowStart, rowEnd, colStart, colEnd);
    }

    private void run(BitMatrix a, BitPanels b, Output out, int rowStart, int rowEnd, int colStart, int colEnd) {
        long[] pop = popcounts.get();
        int k = a.cols();
        // colStart is a multiple of WIDTH (see BinaryGemmSupport), so panels start at colStart.
        for (int j = colStart; j < colEnd; j += WIDTH) {
            int p = j / WIDTH;
            int end = Math.min(colEnd, j + WIDTH);
            if (rowEnd - rowStart < ROWS) {
                // A tile thinner than a block (a GEMV, a thin thread tile): one row at a time.
                for (int i = rowStart; i < rowEnd; i++) {
                    popcounts1(a, b, p, i, pop);
                    out.write(pop, k, i, 1, j, end);
                }
            } else {
                for (int i = rowStart; i < rowEnd; i += ROWS) {
                    // The last block ends at rowEnd: its first rows, already done, are written again, identically.
                    int r = Math.min(i, rowEnd - ROWS);
                    popcounts4(a, b, p, r, pop);
                    out.write(pop, k, r, ROWS, j, end);
                }
            }
        }
    }

    /**
     * pop[r * WIDTH + l] = popcount(a_{i+r} XOR b_{p WIDTH + l}) for r &lt; {@value #ROWS}. Whole words
     * are XORed, including a partial last word: padding bits are 0 in both operands, so they never
     * count. Columns of the panel past n are all-zero filler; their counts are never written out.
     */
    private static void popcounts4(BitMatrix a, BitPanels b, int p, int i, long[] pop) {
        long[] aw = a.words();
        long[] bw = b.words();
        int wpr = a.wordsPerRow();
        int a0 = i * wpr;
        int a1 = a0 + wpr;
        int a2 = a1 + wpr;
        int a3 = a2 + wpr;
        int bo = p * wpr * WIDTH;
        LongVector c00 = LongVector.zero(LONGS), c01 = c00, c02 = c00, c03 = c00;
        LongVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        LongVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        LongVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int w = 0; w < wpr; w++, bo += WIDTH) {
            LongVector b0 = LongVector.fromArray(LONGS, bw, bo);
            LongVector b1 = LongVector.fromArray(LONGS, bw, bo + LANES);
            LongVector b2 = LongVector.fromArray(LONGS, bw, bo + 2 * LANES);
            LongVector b3 = LongVector.fromArray(LONGS, bw, bo + 3 * LANES);
            LongVector x = LongVector.broadcast(LONGS, aw[a0 + w]);
            c00 = c00.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
            c01 = c01.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
            c02 = c02.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
            c03 = c03.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
            x = LongVector.broadcast(LONGS, aw[a1 + w]);
            c10 = c10.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
            c11 = c11.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
            c12 = c12.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
            c13 = c13.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
            x = LongVector.broadcast(LONGS, aw[a2 + w]);
            c20 = c20.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
            c21 = c21.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
            c22 = c22.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
            c23 = c23.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
            x = LongVector.broadcast(LONGS, aw[a3 + w]);
            c30 = c30.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
            c31 = c31.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
            c32 = c32.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
            c33 = c33.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
        }
        c00.intoArray(pop, 0);
        c01.intoArray(pop, LANES);
        c02.intoArray(pop, 2 * LANES);
        c03.intoArray(pop, 3 * LANES);
        c10.intoArray(pop, WIDTH);
        c11.intoArray(pop, WIDTH + LANES);
        c12.intoArray(pop, WIDTH + 2 * LANES);
        c13.intoArray(pop, WIDTH + 3 * LANES);
        c20.intoArray(pop, 2 * WIDTH);
        c21.intoArray(pop, 2 * WIDTH + LANES);
        c22.intoArray(pop, 2 * WIDTH + 2 * LANES);
        c23.intoArray(pop, 2 * WIDTH + 3 * LANES);
        c30.intoArray(pop, 3 * WIDTH);
        c31.intoArray(pop, 3 * WIDTH + LANES);
        c32.intoArray(pop, 3 * WIDTH + 2 * LANES);
        c33.intoArray(pop, 3 * WIDTH + 3 * LANES);
    }

    /** One row of {@link #popcounts4}: pop[l] = popcount(a_i XOR b_{p WIDTH + l}). */
    private static void popcounts1(BitMatrix a, BitPanels b, int p, int i, long[] pop) {
        long[] aw = a.words();
        long[] bw = b.words();
        int wpr = a.wordsPerRow();
        int a0 = i * wpr;
        int bo = p * wpr * WIDTH;
        LongVector c0 = LongVector.zero(LONGS), c1 = c0, c2 = c0, c3 = c0;
        for (int w = 0; w < wpr; w++, bo += WIDTH) {
            LongVector x = LongVector.broadcast(LONGS, aw[a0 + w]);
            c0 = c0.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(LONGS, bw, bo))
                    .lanewise(VectorOperators.BIT_COUNT));
            c1 = c1.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(LONGS, bw, bo + LANES))
                    .lanewise(VectorOperators.BIT_COUNT));
            c2 = c2.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(LONGS, bw, bo + 2 * LANES))
                    .lanewise(VectorOperators.BIT_COUNT));
            c3 = c3.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(LONGS, bw, bo + 3 * LANES))
                    .lanewise(VectorOperators.BIT_COUNT));
        }
        c0.intoArray(pop, 0);
        c1.intoArray(pop, LANES);
        c2.intoArray(pop, 2 * LANES);
        c3.intoArray(pop, 3 * LANES);
    }

    /** dot = k - 2c for a vector of popcounts. */
    private static LongVector dots(long[] pop, int offset, LongVector k) {
        LongVector c = LongVector.fromArray(LONGS, pop, offset);
        return k.sub(c.add(c));
    }

    /** One output form: writes a block's results from its popcounts. */
    private interface Output {
        /**
         * Writes rows [i, i + rows) x columns [j, end) (end - j &lt;= WIDTH) from pop, where
         * pop[r * WIDTH + l] is the popcount of row i + r and column j + l, and k the row length in bits.
         */
        void write(long[] pop, int k, int i, int rows, int j, int end);
    }

    /** c[i * n + j] = k - 2 c_ij. */
    private record IntOutput(int[] c, int n) implements Output {
        @Override
        public void write(long[] pop, int k, int i, int rows, int j, int end) {
            LongVector kv = LongVector.broadcast(LONGS, k);
            for (int v = 0; v < VECTORS; v++) {
                int col = j + v * LANES;
                // Masked only in the last panel, where n cuts it.
                VectorMask<Integer> in = INTS.indexInRange(col, end);
                for (int r = 0; r < rows; r++) {
                    IntVector dot = (IntVector) dots(pop, r * WIDTH + v * LANES, kv)
                            .convertShape(VectorOperators.L2I, INTS, 0);
                    dot.intoArray(c, (i + r) * n + col, in);
                }
            }
        }
    }

    /** c[i * n + j] = (float) dot_ij * scale_j + bias_j, rounded after the product and after the sum (no FMA). */
    private record ScaledOutput(float[] scale, float[] bias, float[] c, int n) implements Output {
        @Override
        public void write(long[] pop, int k, int i, int rows, int j, int end) {
            LongVector kv = LongVector.broadcast(LONGS, k);
            for (int v = 0; v < VECTORS; v++) {
                int col = j + v * LANES;
                VectorMask<Float> in = FLOATS.indexInRange(col, end);
                FloatVector s = FloatVector.fromArray(FLOATS, scale, col, in);
                FloatVector t = FloatVector.fromArray(FLOATS, bias, col, in);
                for (int r = 0; r < rows; r++) {
                    // |dot| < 2^31, so the long -> float conversion rounds as (float) (int) dot does.
                    FloatVector dot = (FloatVector) dots(pop, r * WIDTH + v * LANES, kv)
                            .convertShape(VectorOperators.L2F, FLOATS, 0);
                    dot.mul(s).add(t).intoArray(c, (i + r) * n + col, in);
                }
            }
        }
    }

    /**
     * Bit (i, j) = (dot_ij &lt; t_j) XOR negate_j. With dot = k - 2c, dot &lt; t iff 2c &gt; k - t iff
     * c &gt; floor((k - t) / 2): one compare of the popcounts per vector, on exact longs.
     */
    private record ThresholdOutput(SignThresholds thresholds, BitMatrix out) implements Output {
        @Override
        public void write(long[] pop, int k, int i, int rows, int j, int end) {
            long[] o = out.words();
            int outWords = out.wordsPerRow();
            int[] t = thresholds.thresholdArray();
            // WIDTH divides 64 and j is a multiple of WIDTH: the whole panel is in output word j / 64.
            long negate = thresholds.negateWords()[j >>> 6] >>> (j & 63);
            LongVector kv = LongVector.broadcast(LONGS, k);
            for (int v = 0; v < VECTORS; v++) {
                int col = j + v * LANES;
                int valid = Math.min(LANES, end - col);
                if (valid <= 0) {
                    break;
                }
                VectorMask<Integer> in = INTS.indexInRange(col, end);
                LongVector limit = kv.sub((LongVector) IntVector.fromArray(INTS, t, col, in)
                        .convertShape(VectorOperators.I2L, LONGS, 0)).lanewise(VectorOperators.ASHR, 1);
                // Bits of columns [col, col + valid) only: the rest of the word may belong to another tile.
                long laneBits = -1L >>> (64 - valid);
                long flip = (negate >>> (v * LANES)) & laneBits;
                int shift = col & 63;
                for (int r = 0; r < rows; r++) {
                    long bits = (LongVector.fromArray(LONGS, pop, r * WIDTH + v * LANES)
                            .compare(VectorOperators.GT, limit).toLong() ^ flip) & laneBits;
                    int w = (i + r) * outWords + (col >>> 6);
                    o[w] = (o[w] & ~(laneBits << shift)) | (bits << shift);
                }
            }
        }
    }
}
