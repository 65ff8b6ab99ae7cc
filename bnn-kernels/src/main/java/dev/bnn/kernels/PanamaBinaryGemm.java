package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
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
 * and a broadcast). At the end it narrows each pair of long accumulators into one vector of int
 * dots k - 2c (one two-vector lane selection instead of two narrowing conversions) and leaves them
 * in a per-thread buffer. One {@link Output} per form writes them out, a vector at a time: the
 * ints as they are, {@code (float) dot * scale_j + bias_j}, or sign bits through {@link
 * SignThresholds}. An output step costs a few vector operations per 3 k / 64 of the micro-kernel,
 * so every form runs at about the speed of the integer one.
 *
 * <p>Loops: panels outermost (one panel, k/64 * WIDTH words, stays in L1 while every row block of
 * the tile streams past it), then row blocks.
 */
final class PanamaBinaryGemm implements BinaryGemmSupport {
    private static final VectorSpecies<Long> LONGS = PanamaSpecies.LONGS;
    private static final VectorSpecies<Integer> INTS = PanamaSpecies.INTS;
    private static final VectorSpecies<Float> FLOATS = PanamaSpecies.FLOATS;
    private static final int LANES = LONGS.length();
    /** Int lanes: one int vector holds the dots of two long accumulators. */
    private static final int INT_LANES = INTS.length();
    /** Rows of A per micro-kernel block. */
    static final int ROWS = 4;
    /** Vectors of longs per panel (even: accumulators are narrowed in pairs). */
    static final int VECTORS = 4;
    /** Columns per panel; divides 64 at every width, so a panel never straddles an output word. */
    static final int WIDTH = VECTORS * LANES;

    /**
     * Int lanes 0, 2, 4, ... of one vector, then of a second (indices past the lane count select
     * from the second): the low halves of the longs of two vectors, in order.
     */
    private static final VectorShuffle<Integer> LOW_HALVES = VectorShuffle.fromOp(INTS, l -> 2 * l);

    /** Dots of one block, dot_{i+r, j+l} at [r * WIDTH + l]: one buffer per thread. */
    private final ThreadLocal<int[]> blockDots = ThreadLocal.withInitial(() -> new int[ROWS * WIDTH]);

    @Override
    public int panelWidth() {
        return WIDTH;
    }

    @Override
    public void gemm(BitMatrix a, BitPanels b, int[] c, int rowStart, int rowEnd, int colStart, int colEnd) {
        run(a, b, new IntOutput(c, b.rows()), rowStart, rowEnd, colStart, colEnd);
    }

    @Override
    public void gemmScaled(BitMatrix a, BitPanels b, float[] scale, float[] bias, float[] c, int cOffset,
                           int rowStart, int rowEnd, int colStart, int colEnd) {
        run(a, b, new ScaledOutput(scale, bias, c, cOffset, b.rows()), rowStart, rowEnd, colStart, colEnd);
    }

    @Override
    public void gemmThreshold(BitMatrix a, BitPanels b, SignThresholds thresholds, BitMatrix out,
                              int rowStart, int rowEnd, int colStart, int colEnd) {
        run(a, b, new ThresholdOutput(thresholds, out), rowStart, rowEnd, colStart, colEnd);
    }

    private void run(BitMatrix a, BitPanels b, Output out, int rowStart, int rowEnd, int colStart, int colEnd) {
        int[] dots = blockDots.get();
        // colStart is a multiple of WIDTH (see BinaryGemmSupport), so panels start at colStart.
        for (int j = colStart; j < colEnd; j += WIDTH) {
            int p = j / WIDTH;
            int end = Math.min(colEnd, j + WIDTH);
            if (rowEnd - rowStart < ROWS) {
                // A tile thinner than a block (a GEMV, a thin thread tile): one row at a time.
                for (int i = rowStart; i < rowEnd; i++) {
                    dots1(a, b, p, i, dots);
                    out.write(dots, i, 1, j, end);
                }
            } else {
                for (int i = rowStart; i < rowEnd; i += ROWS) {
                    // The last block ends at rowEnd: its first rows, already done, are written again, identically.
                    int r = Math.min(i, rowEnd - ROWS);
                    dots4(a, b, p, r, dots);
                    out.write(dots, r, ROWS, j, end);
                }
            }
        }
    }

    /**
     * dots[r * WIDTH + l] = dot(a_{i+r}, b_{p WIDTH + l}) for r &lt; {@value #ROWS}. Whole words are
     * XORed, including a partial last word: padding bits are 0 in both operands, so they never
     * count. Columns of the panel past n are all-zero filler; their dots are never written out.
     */
    private static void dots4(BitMatrix a, BitPanels b, int p, int i, int[] dots) {
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
        // Pairs of accumulators narrowed to dots k - 2c (exact: 0 <= c <= k < 2^31). Written out here,
        // not in a helper: a helper too large for C2 to inline would box its vector arguments.
        // reinterpretShape with the constant species, not reinterpretAsInts: C2 then knows the class.
        IntVector k = IntVector.broadcast(INTS, a.cols());
        IntVector c;
        c = ((IntVector) c00.reinterpretShape(INTS, 0)).rearrange(LOW_HALVES, (IntVector) c01.reinterpretShape(INTS, 0));
        k.sub(c.add(c)).intoArray(dots, 0);
        c = ((IntVector) c02.reinterpretShape(INTS, 0)).rearrange(LOW_HALVES, (IntVector) c03.reinterpretShape(INTS, 0));
        k.sub(c.add(c)).intoArray(dots, INT_LANES);
        c = ((IntVector) c10.reinterpretShape(INTS, 0)).rearrange(LOW_HALVES, (IntVector) c11.reinterpretShape(INTS, 0));
        k.sub(c.add(c)).intoArray(dots, WIDTH);
        c = ((IntVector) c12.reinterpretShape(INTS, 0)).rearrange(LOW_HALVES, (IntVector) c13.reinterpretShape(INTS, 0));
        k.sub(c.add(c)).intoArray(dots, WIDTH + INT_LANES);
        c = ((IntVector) c20.reinterpretShape(INTS, 0)).rearrange(LOW_HALVES, (IntVector) c21.reinterpretShape(INTS, 0));
        k.sub(c.add(c)).intoArray(dots, 2 * WIDTH);
        c = ((IntVector) c22.reinterpretShape(INTS, 0)).rearrange(LOW_HALVES, (IntVector) c23.reinterpretShape(INTS, 0));
        k.sub(c.add(c)).intoArray(dots, 2 * WIDTH + INT_LANES);
        c = ((IntVector) c30.reinterpretShape(INTS, 0)).rearrange(LOW_HALVES, (IntVector) c31.reinterpretShape(INTS, 0));
        k.sub(c.add(c)).intoArray(dots, 3 * WIDTH);
        c = ((IntVector) c32.reinterpretShape(INTS, 0)).rearrange(LOW_HALVES, (IntVector) c33.reinterpretShape(INTS, 0));
        k.sub(c.add(c)).intoArray(dots, 3 * WIDTH + INT_LANES);
    }

    /** One row of {@link #dots4}: dots[l] = dot(a_i, b_{p WIDTH + l}). */
    private static void dots1(BitMatrix a, BitPanels b, int p, int i, int[] dots) {
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
        // Pairs of accumulators narrowed to dots k - 2c (exact: 0 <= c <= k < 2^31). Written out here,
        // not in a helper: a helper too large for C2 to inline would box its vector arguments.
        // reinterpretShape with the constant species, not reinterpretAsInts: C2 then knows the class.
        IntVector k = IntVector.broadcast(INTS, a.cols());
        IntVector c;
        c = ((IntVector) c0.reinterpretShape(INTS, 0)).rearrange(LOW_HALVES, (IntVector) c1.reinterpretShape(INTS, 0));
        k.sub(c.add(c)).intoArray(dots, 0);
        c = ((IntVector) c2.reinterpretShape(INTS, 0)).rearrange(LOW_HALVES, (IntVector) c3.reinterpretShape(INTS, 0));
        k.sub(c.add(c)).intoArray(dots, INT_LANES);
    }


    /** One output form: writes a block's dots. */
    private interface Output {
        /**
         * Writes rows [i, i + rows) x columns [j, end) (end - j &lt;= WIDTH) from dots, where
         * dots[r * WIDTH + l] is the dot of row i + r and column j + l.
         */
        void write(int[] dots, int i, int rows, int j, int end);
    }

    /** c[i * n + j] = dot_ij. */
    private record IntOutput(int[] c, int n) implements Output {
        @Override
        public void write(int[] dots, int i, int rows, int j, int end) {
            for (int h = 0; h < WIDTH; h += INT_LANES) {
                // Masked only in the last panel, where n cuts it.
                VectorMask<Integer> in = INTS.indexInRange(j + h, end);
                for (int r = 0; r < rows; r++) {
                    IntVector.fromArray(INTS, dots, r * WIDTH + h).intoArray(c, (i + r) * n + j + h, in);
                }
            }
        }
    }

    /** c[offset + i * n + j] = (float) dot_ij * scale_j + bias_j, rounded after the product and after the sum (no FMA). */
    private record ScaledOutput(float[] scale, float[] bias, float[] c, int offset, int n) implements Output {
        @Override
        public void write(int[] dots, int i, int rows, int j, int end) {
            for (int h = 0; h < WIDTH; h += INT_LANES) {
                VectorMask<Float> in = FLOATS.indexInRange(j + h, end);
                FloatVector s = FloatVector.fromArray(FLOATS, scale, j + h, in);
                FloatVector t = FloatVector.fromArray(FLOATS, bias, j + h, in);
                for (int r = 0; r < rows; r++) {
                    FloatVector dot = (FloatVector) IntVector.fromArray(INTS, dots, r * WIDTH + h)
                            .convert(VectorOperators.I2F, 0);
                    dot.mul(s).add(t).intoArray(c, offset + (i + r) * n + j + h, in);
                }
            }
        }
    }

    /**
     * Bit (i, j) = (dot_ij &lt; t_j) XOR negate_j: a row's compare masks make its bits of the panel,
     * written with one word update.
     */
    private record ThresholdOutput(SignThresholds thresholds, BitMatrix out) implements Output {
        @Override
        public void write(int[] dots, int i, int rows, int j, int end) {
            long[] o = out.words();
            int outWords = out.wordsPerRow();
            int[] t = thresholds.thresholdArray();
            // Lanes at or past end load 0: don't-cares, cut off by `valid`.
            IntVector t0 = IntVector.fromArray(INTS, t, j, INTS.indexInRange(j, end));
            IntVector t1 = IntVector.fromArray(INTS, t, j + INT_LANES, INTS.indexInRange(j + INT_LANES, end));
            // WIDTH divides 64 and j is a multiple of WIDTH: the panel lies in output word j / 64.
            int shift = j & 63;
            // Bits of columns [j, end) only: the rest of the word may belong to another tile.
            long valid = -1L >>> (64 - (end - j));
            long flip = (thresholds.negateWords()[j >>> 6] >>> shift) & valid;
            for (int r = 0; r < rows; r++) {
                int d = r * WIDTH;
                long bits = IntVector.fromArray(INTS, dots, d).compare(VectorOperators.LT, t0).toLong()
                        | IntVector.fromArray(INTS, dots, d + INT_LANES).compare(VectorOperators.LT, t1).toLong() << INT_LANES;
                int w = (i + r) * outWords + (j >>> 6);
                o[w] = (o[w] & ~(valid << shift)) | (((bits ^ flip) & valid) << shift);
            }
        }
    }
}
