package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API BinaryConnect product: c_ij = sum_k a_ik w_jk with w_jk = ±1 from the sign bits of
 * W, with no multiplication: a_ik w_jk is a_ik with its sign bit flipped where bit (j, k) is 1.
 *
 * <p>For each chunk of L = {@code species.length()} values along k, the L weight bits of column j
 * become a vector of float sign bits (lane l: bit l of the chunk shifted to bit 31), XORed into
 * the L activations of each row, then added into a per-(i, j) vector accumulator. The micro-kernel
 * covers {@value #ROWS} rows x {@value #COLS} columns (16 accumulators); leftover rows use a
 * 1 x {@value #COLS} kernel and leftover columns a 1 x 1 kernel.
 *
 * <p>Every element is reduced in one fixed order whatever kernel or tile it falls in: lane-wise
 * chunk sums in k order, then the L lanes added in lane order (in scalar code, so the order
 * cannot depend on compilation), then the k % L tail values in order; then
 * {@code (accumulate ? c + sum : sum) + bias}. So results do not depend on tile bounds or the
 * thread count, but differ from the scalar reference in the last bits (another summation order).
 *
 * <p>The sign vectors are built from a per-instance constant vector with instance operations
 * only: species-level factories ({@code VectorMask.fromLong}, {@code broadcast(species, e)})
 * are not intrinsified when the species is not a compile-time constant.
 */
final class PanamaBinaryWeightGemm implements BinaryWeightGemmSupport {
    static final int ROWS = 4;
    static final int COLS = 4;

    private final VectorSpecies<Float> species;
    private final VectorSpecies<Integer> ints;
    private final int lanes;
    /** Lane l holds 31 - l: shifting the chunk's bits left by it puts bit l at the sign position. */
    private final int[] shifts;

    PanamaBinaryWeightGemm(VectorSpecies<Float> species) {
        this.species = species;
        this.ints = species.withLanes(int.class);
        this.lanes = species.length();
        // A chunk's weight bits are handled as one int: at most 32 lanes (1024-bit vectors).
        if (lanes > 32) {
            throw new UnsupportedOperationException("BinaryWeightGemm supports at most 32 float lanes, got " + lanes);
        }
        this.shifts = new int[lanes];
        for (int l = 0; l < lanes; l++) {
            shifts[l] = 31 - l;
        }
    }

    @Override
    public void gemm(float[] a, int m, int k, BitMatrix w, float[] c, float[] bias, boolean accumulate,
                     int rowStart, int rowEnd, int colStart, int colEnd) {
        float[] sums = new float[ROWS * COLS * lanes];
        int i = rowStart;
        for (; i + ROWS <= rowEnd; i += ROWS) {
            int j = colStart;
            for (; j + COLS <= colEnd; j += COLS) {
                block4x4(a, k, w, i, j, sums);
                finish(a, k, w, c, bias, accumulate, i, ROWS, j, COLS, sums);
            }
            // Leftover columns (fewer than COLS): one element at a time.
            for (; j < colEnd; j++) {
                for (int r = 0; r < ROWS; r++) {
                    block1x1(a, k, w, i + r, j, sums);
                    finish(a, k, w, c, bias, accumulate, i + r, 1, j, 1, sums);
                }
            }
        }
        // Leftover rows (fewer than ROWS): one row at a time, COLS columns together.
        for (; i < rowEnd; i++) {
            int j = colStart;
            for (; j + COLS <= colEnd; j += COLS) {
                block1x4(a, k, w, i, j, sums);
                finish(a, k, w, c, bias, accumulate, i, 1, j, COLS, sums);
            }
            for (; j < colEnd; j++) {
                block1x1(a, k, w, i, j, sums);
                finish(a, k, w, c, bias, accumulate, i, 1, j, 1, sums);
            }
        }
    }

    /**
     * Adds the k % L tail, the accumulated value and the bias to the lane sums of a rows x cols
     * block (sums[(r * cols + q) * L + l]) and stores the elements.
     */
    private void finish(float[] a, int k, BitMatrix w, float[] c, float[] bias, boolean accumulate,
                        int i, int rows, int j, int cols, float[] sums) {
        int n = w.rows();
        int wpr = w.wordsPerRow();
        long[] words = w.words();
        int ln = lanes;
        int tail = k - k % ln;
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                int s = (r * cols + q) * ln;
                float sum = 0f;
                for (int l = 0; l < ln; l++) {
                    sum += sums[s + l];
                }
                int row = (i + r) * k;
                int wrow = (j + q) * wpr;
                for (int p = tail; p < k; p++) {
                    float x = a[row + p];
                    sum += (words[wrow + (p >>> 6)] >>> p & 1L) == 0 ? x : -x;
                }
                int o = (i + r) * n + j + q;
                float v = accumulate ? c[o] + sum : sum;
                c[o] = bias == null ? v : v + bias[j + q];
            }
        }
    }

    /**
     * Lane sums for rows i..i+3 x columns j..j+3 over the whole chunks of k. A chunk of L &lt;= 64
     * values starts at a multiple of L, so its bits lie in one word (L divides 64).
     */
    private void block4x4(float[] a, int k, BitMatrix w, int i, int j, float[] sums) {
        VectorSpecies<Float> fs = species;
        int ln = lanes;
        int wpr = w.wordsPerRow();
        long[] words = w.words();
        IntVector shift = IntVector.fromArray(ints, shifts, 0);
        IntVector signBit = shift.broadcast(Integer.MIN_VALUE);
        FloatVector zero = shift.broadcast(0).reinterpretAsFloats();
        FloatVector s00 = zero, s01 = zero, s02 = zero, s03 = zero;
        FloatVector s10 = zero, s11 = zero, s12 = zero, s13 = zero;
        FloatVector s20 = zero, s21 = zero, s22 = zero, s23 = zero;
        FloatVector s30 = zero, s31 = zero, s32 = zero, s33 = zero;
        int a0 = i * k;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        int w0 = j * wpr;
        int w1 = w0 + wpr;
        int w2 = w1 + wpr;
        int w3 = w2 + wpr;
        for (int p = 0; p + ln <= k; p += ln) {
            int wi = p >>> 6;
            int off = p & 63;
            IntVector g0 = shift.broadcast((int) (words[w0 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g1 = shift.broadcast((int) (words[w1 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g2 = shift.broadcast((int) (words[w2 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g3 = shift.broadcast((int) (words[w3 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector x = FloatVector.fromArray(fs, a, a0 + p).reinterpretAsInts();
            s00 = s00.add(x.lanewise(VectorOperators.XOR, g0).reinterpretAsFloats());
            s01 = s01.add(x.lanewise(VectorOperators.XOR, g1).reinterpretAsFloats());
            s02 = s02.add(x.lanewise(VectorOperators.XOR, g2).reinterpretAsFloats());
            s03 = s03.add(x.lanewise(VectorOperators.XOR, g3).reinterpretAsFloats());
            x = FloatVector.fromArray(fs, a, a1 + p).reinterpretAsInts();
            s10 = s10.add(x.lanewise(VectorOperators.XOR, g0).reinterpretAsFloats());
            s11 = s11.add(x.lanewise(VectorOperators.XOR, g1).reinterpretAsFloats());
            s12 = s12.add(x.lanewise(VectorOperators.XOR, g2).reinterpretAsFloats());
            s13 = s13.add(x.lanewise(VectorOperators.XOR, g3).reinterpretAsFloats());
            x = FloatVector.fromArray(fs, a, a2 + p).reinterpretAsInts();
            s20 = s20.add(x.lanewise(VectorOperators.XOR, g0).reinterpretAsFloats());
            s21 = s21.add(x.lanewise(VectorOperators.XOR, g1).reinterpretAsFloats());
            s22 = s22.add(x.lanewise(VectorOperators.XOR, g2).reinterpretAsFloats());
            s23 = s23.add(x.lanewise(VectorOperators.XOR, g3).reinterpretAsFloats());
            x = FloatVector.fromArray(fs, a, a3 + p).reinterpretAsInts();
            s30 = s30.add(x.lanewise(VectorOperators.XOR, g0).reinterpretAsFloats());
            s31 = s31.add(x.lanewise(VectorOperators.XOR, g1).reinterpretAsFloats());
            s32 = s32.add(x.lanewise(VectorOperators.XOR, g2).reinterpretAsFloats());
            s33 = s33.add(x.lanewise(VectorOperators.XOR, g3).reinterpretAsFloats());
        }
        s00.intoArray(sums, 0);
        s01.intoArray(sums, ln);
        s02.intoArray(sums, 2 * ln);
        s03.intoArray(sums, 3 * ln);
        s10.intoArray(sums, 4 * ln);
        s11.intoArray(sums, 5 * ln);
        s12.intoArray(sums, 6 * ln);
        s13.intoArray(sums, 7 * ln);
        s20.intoArray(sums, 8 * ln);
        s21.intoArray(sums, 9 * ln);
        s22.intoArray(sums, 10 * ln);
        s23.intoArray(sums, 11 * ln);
        s30.intoArray(sums, 12 * ln);
        s31.intoArray(sums, 13 * ln);
        s32.intoArray(sums, 14 * ln);
        s33.intoArray(sums, 15 * ln);
    }

    /** Lane sums for row i x columns j..j+3; the same per-element operations as {@link #block4x4}. */
    private void block1x4(float[] a, int k, BitMatrix w, int i, int j, float[] sums) {
        VectorSpecies<Float> fs = species;
        int ln = lanes;
        int wpr = w.wordsPerRow();
        long[] words = w.words();
        IntVector shift = IntVector.fromArray(ints, shifts, 0);
        IntVector signBit = shift.broadcast(Integer.MIN_VALUE);
        FloatVector zero = shift.broadcast(0).reinterpretAsFloats();
        FloatVector s00 = zero, s01 = zero, s02 = zero, s03 = zero;
        int a0 = i * k;
        int w0 = j * wpr;
        int w1 = w0 + wpr;
        int w2 = w1 + wpr;
        int w3 = w2 + wpr;
        for (int p = 0; p + ln <= k; p += ln) {
            int wi = p >>> 6;
            int off = p & 63;
            IntVector x = FloatVector.fromArray(fs, a, a0 + p).reinterpretAsInts();
            IntVector g0 = shift.broadcast((int) (words[w0 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g1 = shift.broadcast((int) (words[w1 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g2 = shift.broadcast((int) (words[w2 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g3 = shift.broadcast((int) (words[w3 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            s00 = s00.add(x.lanewise(VectorOperators.XOR, g0).reinterpretAsFloats());
            s01 = s01.add(x.lanewise(VectorOperators.XOR, g1).reinterpretAsFloats());
            s02 = s02.add(x.lanewise(VectorOperators.XOR, g2).reinterpretAsFloats());
            s03 = s03.add(x.lanewise(VectorOperators.XOR, g3).reinterpretAsFloats());
        }
        s00.intoArray(sums, 0);
        s01.intoArray(sums, ln);
        s02.intoArray(sums, 2 * ln);
        s03.intoArray(sums, 3 * ln);
    }

    /** Lane sums for the single element (i, j); the same per-element operations as {@link #block4x4}. */
    private void block1x1(float[] a, int k, BitMatrix w, int i, int j, float[] sums) {
        VectorSpecies<Float> fs = species;
        int ln = lanes;
        long[] words = w.words();
        IntVector shift = IntVector.fromArray(ints, shifts, 0);
        IntVector signBit = shift.broadcast(Integer.MIN_VALUE);
        FloatVector s00 = shift.broadcast(0).reinterpretAsFloats();
        int a0 = i * k;
        int w0 = j * w.wordsPerRow();
        for (int p = 0; p + ln <= k; p += ln) {
            IntVector g0 = shift.broadcast((int) (words[w0 + (p >>> 6)] >>> (p & 63)))
                    .lanewise(VectorOperators.LSHL, shift).and(signBit);
            s00 = s00.add(FloatVector.fromArray(fs, a, a0 + p).reinterpretAsInts()
                    .lanewise(VectorOperators.XOR, g0).reinterpretAsFloats());
        }
        s00.intoArray(sums, 0);
    }
}
