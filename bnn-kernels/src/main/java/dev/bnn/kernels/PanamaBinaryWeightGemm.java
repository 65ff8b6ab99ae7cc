package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API float-by-sign-bits products.
 *
 * <h2>multTransB: C = A sign(W)^T (BinaryConnect forward)</h2>
 * c_ij = sum_k a_ik w_jk with w_jk = ±1 from the sign bits of W, with no multiplication:
 * a_ik w_jk is a_ik with its sign bit flipped where bit (j, k) is 1.
 *
 * <p>For each chunk of L = {@code FLOATS.length()} values along k, the L weight bits of column j
 * become a vector of float sign bits (lane l: bit l of the chunk shifted to bit 31), XORed into
 * the L activations of each row, then added into a per-(i, j) vector accumulator. The micro-kernel
 * covers {@value #ROWS} rows x {@value #COLS} columns (16 accumulators); leftover rows use a
 * 1 x {@value #COLS} kernel and leftover columns a 1 x 1 kernel.
 *
 * <p>Every element is reduced in one fixed order whatever kernel or tile it falls in: lane-wise
 * chunk sums in k order, then the L LANES added in lane order (in scalar code, so the order
 * cannot depend on compilation), then the k % L tail values in order; then
 * {@code (accumulate ? c + sum : sum) + bias}. So results do not depend on tile bounds or the
 * thread count, but differ from the scalar reference in the last bits (another summation order).
 *
 * <h2>mult: C = op(A) sign(B), B stored k x n (backward: gradInput, weight gradient)</h2>
 * Here the bits of B run along the output columns, so L consecutive bits of row p of B are the
 * signs of L consecutive output columns: they become a vector of ±1.0f (the bits of 1.0f XOR the
 * sign bit), and each output vector takes {@code fma(broadcast(opA_ip), ±1, acc)} per p, which
 * rounds exactly like acc ± opA_ip. The micro-kernel holds {@value #MULT_ROWS} rows x
 * {@value #MULT_VECTORS} vectors of C (24 accumulators) over a block of k ({@value #KC} values;
 * C is stored between blocks, exactly), so every element is the sum over p in order from c_ij
 * or +0: the scalar reference's order, hence bit-identical results for every tile and thread
 * count. Leftover rows and vectors use a 1 row x 1 vector
 * kernel; columns before the first multiple of L or past the last whole vector use the scalar
 * reference (same order, same result).
 *
 * <p>The species are the JVM-wide constants of {@link PanamaSpecies}, so every factory (zero,
 * broadcast) is intrinsified.
 */
final class PanamaBinaryWeightGemm implements BinaryWeightGemmSupport {
    static final int ROWS = 4;
    static final int COLS = 4;
    /** mult micro-kernel: 6 rows x 4 vectors = 24 accumulators, within 32 vector registers. */
    static final int MULT_ROWS = 6;
    static final int MULT_VECTORS = 4;
    /**
     * mult cache blocks: KC values of p at a time, so that an MC x KC block of A (126 KB) stays
     * in L2 while every column block of C passes over it. MC is a multiple of MULT_ROWS: rows left
     * over in a block go through the 1 x 1 kernel, several times slower per element (with MC = 128
     * they took ~10% of a 4096-wide BNN training step for 1.6% of the rows).
     */
    private static final int KC = 256;
    /** multTransB runs {@link #byColumns} below this k (where the per-element finish dominates), else by elements. */
    static final int COLUMN_K_LIMIT = 4 * PanamaSpecies.FLOATS.length();
    private static final int MC = 21 * MULT_ROWS;

    /** Columns of mult that do not fill a whole, aligned vector (same summation order, so exact). */
    private final ScalarBinaryWeightGemm edges = new ScalarBinaryWeightGemm();

    private static final VectorSpecies<Float> FLOATS = PanamaSpecies.FLOATS;
    private static final VectorSpecies<Integer> INTS = PanamaSpecies.INTS;
    /** At most 32 (PanamaKernelProvider refuses vectors over 1024 bits): a chunk's weight bits fit one int. */
    private static final int LANES = FLOATS.length();
    /** Lane l holds 31 - l: shifting the chunk's bits left by it puts bit l at the sign position. */
    private static final int[] SHIFTS = new int[LANES];

    static {
        for (int l = 0; l < LANES; l++) {
            SHIFTS[l] = 31 - l;
        }
    }

    @Override
    public void multTransB(Tensor at, BitMatrix w, Tensor biasT, boolean accumulate, Tensor ct,
                           int rowStart, int rowEnd, int colStart, int colEnd) {
        int k = at.dim(1);
        int vectorEnd = colStart + (colEnd - colStart) / LANES * LANES;
        if (k < COLUMN_K_LIMIT && vectorEnd > colStart) {
            byColumns(at, w, biasT, accumulate, ct, rowStart, rowEnd, colStart, vectorEnd);
            colStart = vectorEnd;
        }
        if (colStart < colEnd) {
            byElements(at, w, biasT, accumulate, ct, rowStart, rowEnd, colStart, colEnd);
        }
    }

    /**
     * multTransB for a short k (a first convolution: k = 3 x 3 x channels): L output columns per
     * vector, each element reduced in the order of {@link #byElements} (lane sums over the whole
     * chunks, lane sums added in lane order, then the tail), so the results are bit-identical;
     * the per-element lane sum and tail of {@code finish}, which dominate when k is short, become
     * vector adds. The tile's weight bits are first spread into sign masks, one int per (p, column).
     */
    private void byColumns(Tensor at, BitMatrix w, Tensor biasT, boolean accumulate, Tensor ct,
                           int rowStart, int rowEnd, int colStart, int colEnd) {
        float[] a = at.data();
        int k = at.dim(1);
        int aOff = at.offset();
        int n = w.rows();
        int cols = colEnd - colStart;
        int[] masks = new int[k * cols];
        int wpr = w.wordsPerRow();
        long[] words = w.words();
        for (int q = 0; q < cols; q++) {
            int row = (colStart + q) * wpr;
            for (int p = 0; p < k; p++) {
                masks[p * cols + q] = (int) (words[row + (p >>> 6)] >>> p & 1L) << 31;
            }
        }
        float[] c = ct.data();
        // No bias: add +0, which leaves every sum as it is (a sum that starts from +0 is never -0).
        float[] biasValues = biasT == null ? new float[colEnd] : biasT.data();
        int biasOff = biasT == null ? 0 : biasT.offset();
        int ln = LANES;
        int tail = k - k % ln;
        for (int q = 0; q < cols; q += ln) {
            FloatVector bias = FloatVector.fromArray(FLOATS, biasValues, biasOff + colStart + q);
            int i = rowStart;
            // Four rows at a time: four independent chains of adds (one row's adds wait on each other).
            for (; i + 4 <= rowEnd; i += 4) {
                int a0 = aOff + i * k;
                int a1 = a0 + k;
                int a2 = a1 + k;
                int a3 = a2 + k;
                FloatVector t0 = FloatVector.zero(FLOATS), t1 = t0, t2 = t0, t3 = t0;
                for (int l = 0; l < ln; l++) {
                    FloatVector s0 = FloatVector.zero(FLOATS), s1 = s0, s2 = s0, s3 = s0;
                    for (int p = l; p < tail; p += ln) {
                        IntVector m = IntVector.fromArray(INTS, masks, p * cols + q);
                        s0 = s0.add(flip(a[a0 + p], m));
                        s1 = s1.add(flip(a[a1 + p], m));
                        s2 = s2.add(flip(a[a2 + p], m));
                        s3 = s3.add(flip(a[a3 + p], m));
                    }
                    t0 = t0.add(s0);
                    t1 = t1.add(s1);
                    t2 = t2.add(s2);
                    t3 = t3.add(s3);
                }
                for (int p = tail; p < k; p++) {
                    IntVector m = IntVector.fromArray(INTS, masks, p * cols + q);
                    t0 = t0.add(flip(a[a0 + p], m));
                    t1 = t1.add(flip(a[a1 + p], m));
                    t2 = t2.add(flip(a[a2 + p], m));
                    t3 = t3.add(flip(a[a3 + p], m));
                }
                int o = ct.offset() + i * n + colStart + q;
                store(t0, accumulate, bias, c, o);
                store(t1, accumulate, bias, c, o + n);
                store(t2, accumulate, bias, c, o + 2 * n);
                store(t3, accumulate, bias, c, o + 3 * n);
            }
            for (; i < rowEnd; i++) {
                int ai = aOff + i * k;
                FloatVector total = FloatVector.zero(FLOATS);
                for (int l = 0; l < ln; l++) {
                    FloatVector lane = FloatVector.zero(FLOATS);
                    for (int p = l; p < tail; p += ln) {
                        lane = lane.add(flip(a[ai + p], IntVector.fromArray(INTS, masks, p * cols + q)));
                    }
                    total = total.add(lane);
                }
                for (int p = tail; p < k; p++) {
                    total = total.add(flip(a[ai + p], IntVector.fromArray(INTS, masks, p * cols + q)));
                }
                store(total, accumulate, bias, c, ct.offset() + i * n + colStart + q);
            }
        }
    }

    /** x in every lane, its sign flipped where the mask has the sign bit: x w_j for L columns j. */
    private static FloatVector flip(float x, IntVector mask) {
        return IntVector.broadcast(INTS, Float.floatToRawIntBits(x)).lanewise(VectorOperators.XOR, mask).reinterpretAsFloats();
    }

    /** c[o..] = ((accumulate ? c[o..] + total : total) + bias), as {@code finish} rounds it. */
    private static void store(FloatVector total, boolean accumulate, FloatVector bias, float[] c, int o) {
        (accumulate ? FloatVector.fromArray(FLOATS, c, o).add(total) : total).add(bias).intoArray(c, o);
    }

    /** multTransB one element (or a 4 x 4 block of elements) at a time: lane sums in vectors, then {@link #finish}. */
    void byElements(Tensor at, BitMatrix w, Tensor biasT, boolean accumulate, Tensor ct,
                    int rowStart, int rowEnd, int colStart, int colEnd) {
        float[] a = at.data();
        int k = at.dim(1);
        int aOff = at.offset();
        float[] sums = new float[ROWS * COLS * LANES];
        int i = rowStart;
        for (; i + ROWS <= rowEnd; i += ROWS) {
            int j = colStart;
            for (; j + COLS <= colEnd; j += COLS) {
                block4x4(a, aOff, k, w, i, j, sums);
                finish(a, aOff, k, w, ct, biasT, accumulate, i, ROWS, j, COLS, sums);
            }
            // Leftover columns (fewer than COLS): one element at a time.
            for (; j < colEnd; j++) {
                for (int r = 0; r < ROWS; r++) {
                    block1x1(a, aOff, k, w, i + r, j, sums);
                    finish(a, aOff, k, w, ct, biasT, accumulate, i + r, 1, j, 1, sums);
                }
            }
        }
        // Leftover rows (fewer than ROWS): one row at a time, COLS columns together.
        for (; i < rowEnd; i++) {
            int j = colStart;
            for (; j + COLS <= colEnd; j += COLS) {
                block1x4(a, aOff, k, w, i, j, sums);
                finish(a, aOff, k, w, ct, biasT, accumulate, i, 1, j, COLS, sums);
            }
            for (; j < colEnd; j++) {
                block1x1(a, aOff, k, w, i, j, sums);
                finish(a, aOff, k, w, ct, biasT, accumulate, i, 1, j, 1, sums);
            }
        }
    }

    @Override
    public void mult(boolean transA, Tensor at, BitMatrix b, boolean accumulate, Tensor ct,
                     int rowStart, int rowEnd, int colStart, int colEnd) {
        int m = ct.dim(0);
        int n = ct.dim(1);
        int k = b.rows();
        int ln = LANES;
        // A vector of L columns starts at a multiple of L, so that its bits lie in one word (L divides 64).
        int vecStart = Math.min(colEnd, (colStart + ln - 1) / ln * ln);
        int vecEnd = vecStart + (colEnd - vecStart) / ln * ln;
        edges.mult(transA, at, b, accumulate, ct, rowStart, rowEnd, colStart, vecStart);
        edges.mult(transA, at, b, accumulate, ct, rowStart, rowEnd, vecEnd, colEnd);
        float[] a = at.data();
        float[] c = ct.data();
        // Strides of opA: between rows, and along p.
        int aRow = transA ? 1 : k;
        int aStep = transA ? m : 1;
        int aOff = at.offset();
        int cOff = ct.offset();
        int block = MULT_VECTORS * ln;
        if (k == 0 && !accumulate) {
            // Empty sum: +0 (the kernels below start from C, or from 0 only in the first k block).
            for (int i = rowStart; i < rowEnd; i++) {
                Arrays.fill(c, cOff + i * n + vecStart, cOff + i * n + vecEnd, 0f);
            }
        }
        for (int p0 = 0; p0 < k; p0 += KC) {
            int p1 = Math.min(k, p0 + KC);
            // The sum continues from C after the first k block (a float store is exact).
            boolean load = accumulate || p0 > 0;
            for (int i0 = rowStart; i0 < rowEnd; i0 += MC) {
                int i1 = Math.min(rowEnd, i0 + MC);
                int j = vecStart;
                for (; j + block <= vecEnd; j += block) {
                    int i = i0;
                    for (; i + MULT_ROWS <= i1; i += MULT_ROWS) {
                        mult6x4(a, aOff + i * aRow, aRow, aStep, b, j, p0, p1, load, c, cOff + i * n + j, n);
                    }
                    for (; i < i1; i++) {
                        for (int v = 0; v < MULT_VECTORS; v++) {
                            mult1x1(a, aOff + i * aRow, aStep, b, j + v * ln, p0, p1, load, c, cOff + i * n + j + v * ln);
                        }
                    }
                }
                // Leftover whole vectors (fewer than MULT_VECTORS).
                for (; j < vecEnd; j += ln) {
                    for (int i = i0; i < i1; i++) {
                        mult1x1(a, aOff + i * aRow, aStep, b, j, p0, p1, load, c, cOff + i * n + j);
                    }
                }
            }
        }
    }

    /**
     * C[6 rows from cOff, row stride ldc] x [4 vectors from column j] = [C if load] + sum over
     * p0 &lt;= p &lt; p1 of opA_ip ±1, with opA row r at a[a0 + r * aRow + p * aStep]. All vector
     * values stay in this one method: a helper that is not inlined would box them.
     */
    private void mult6x4(float[] a, int a0, int aRow, int aStep, BitMatrix b, int j, int p0, int p1, boolean load,
                         float[] c, int cOff, int ldc) {
        VectorSpecies<Float> s = FLOATS;
        int l = LANES;
        int wpr = b.wordsPerRow();
        long[] words = b.words();
        IntVector shift = IntVector.fromArray(INTS, SHIFTS, 0);
        IntVector signBit = IntVector.broadcast(INTS, Integer.MIN_VALUE);
        IntVector one = IntVector.broadcast(INTS, Float.floatToRawIntBits(1f));
        FloatVector zero = FloatVector.zero(FLOATS);
        // Word and bit of each vector's first column within a row of B.
        int w0 = j >>> 6;
        int w1 = (j + l) >>> 6;
        int w2 = (j + 2 * l) >>> 6;
        int w3 = (j + 3 * l) >>> 6;
        int h0 = j & 63;
        int h1 = (j + l) & 63;
        int h2 = (j + 2 * l) & 63;
        int h3 = (j + 3 * l) & 63;
        int c0 = cOff;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        FloatVector r00, r01, r02, r03, r10, r11, r12, r13, r20, r21, r22, r23;
        FloatVector r30, r31, r32, r33, r40, r41, r42, r43, r50, r51, r52, r53;
        if (load) {
            r00 = FloatVector.fromArray(s, c, c0);
            r01 = FloatVector.fromArray(s, c, c0 + l);
            r02 = FloatVector.fromArray(s, c, c0 + 2 * l);
            r03 = FloatVector.fromArray(s, c, c0 + 3 * l);
            r10 = FloatVector.fromArray(s, c, c1);
            r11 = FloatVector.fromArray(s, c, c1 + l);
            r12 = FloatVector.fromArray(s, c, c1 + 2 * l);
            r13 = FloatVector.fromArray(s, c, c1 + 3 * l);
            r20 = FloatVector.fromArray(s, c, c2);
            r21 = FloatVector.fromArray(s, c, c2 + l);
            r22 = FloatVector.fromArray(s, c, c2 + 2 * l);
            r23 = FloatVector.fromArray(s, c, c2 + 3 * l);
            r30 = FloatVector.fromArray(s, c, c3);
            r31 = FloatVector.fromArray(s, c, c3 + l);
            r32 = FloatVector.fromArray(s, c, c3 + 2 * l);
            r33 = FloatVector.fromArray(s, c, c3 + 3 * l);
            r40 = FloatVector.fromArray(s, c, c4);
            r41 = FloatVector.fromArray(s, c, c4 + l);
            r42 = FloatVector.fromArray(s, c, c4 + 2 * l);
            r43 = FloatVector.fromArray(s, c, c4 + 3 * l);
            r50 = FloatVector.fromArray(s, c, c5);
            r51 = FloatVector.fromArray(s, c, c5 + l);
            r52 = FloatVector.fromArray(s, c, c5 + 2 * l);
            r53 = FloatVector.fromArray(s, c, c5 + 3 * l);
        } else {
            r00 = zero; r01 = zero; r02 = zero; r03 = zero;
            r10 = zero; r11 = zero; r12 = zero; r13 = zero;
            r20 = zero; r21 = zero; r22 = zero; r23 = zero;
            r30 = zero; r31 = zero; r32 = zero; r33 = zero;
            r40 = zero; r41 = zero; r42 = zero; r43 = zero;
            r50 = zero; r51 = zero; r52 = zero; r53 = zero;
        }
        for (int p = p0, ap = a0 + p0 * aStep, wp = p0 * wpr; p < p1; p++, ap += aStep, wp += wpr) {
            FloatVector b0 = one.lanewise(VectorOperators.XOR, IntVector.broadcast(INTS, (int) (words[wp + w0] >>> h0))
                    .lanewise(VectorOperators.LSHL, shift).and(signBit)).reinterpretAsFloats();
            FloatVector b1 = one.lanewise(VectorOperators.XOR, IntVector.broadcast(INTS, (int) (words[wp + w1] >>> h1))
                    .lanewise(VectorOperators.LSHL, shift).and(signBit)).reinterpretAsFloats();
            FloatVector b2 = one.lanewise(VectorOperators.XOR, IntVector.broadcast(INTS, (int) (words[wp + w2] >>> h2))
                    .lanewise(VectorOperators.LSHL, shift).and(signBit)).reinterpretAsFloats();
            FloatVector b3 = one.lanewise(VectorOperators.XOR, IntVector.broadcast(INTS, (int) (words[wp + w3] >>> h3))
                    .lanewise(VectorOperators.LSHL, shift).and(signBit)).reinterpretAsFloats();
            FloatVector x = FloatVector.broadcast(FLOATS, a[ap]);
            r00 = x.fma(b0, r00);
            r01 = x.fma(b1, r01);
            r02 = x.fma(b2, r02);
            r03 = x.fma(b3, r03);
            x = FloatVector.broadcast(FLOATS, a[ap + aRow]);
            r10 = x.fma(b0, r10);
            r11 = x.fma(b1, r11);
            r12 = x.fma(b2, r12);
            r13 = x.fma(b3, r13);
            x = FloatVector.broadcast(FLOATS, a[ap + 2 * aRow]);
            r20 = x.fma(b0, r20);
            r21 = x.fma(b1, r21);
            r22 = x.fma(b2, r22);
            r23 = x.fma(b3, r23);
            x = FloatVector.broadcast(FLOATS, a[ap + 3 * aRow]);
            r30 = x.fma(b0, r30);
            r31 = x.fma(b1, r31);
            r32 = x.fma(b2, r32);
            r33 = x.fma(b3, r33);
            x = FloatVector.broadcast(FLOATS, a[ap + 4 * aRow]);
            r40 = x.fma(b0, r40);
            r41 = x.fma(b1, r41);
            r42 = x.fma(b2, r42);
            r43 = x.fma(b3, r43);
            x = FloatVector.broadcast(FLOATS, a[ap + 5 * aRow]);
            r50 = x.fma(b0, r50);
            r51 = x.fma(b1, r51);
            r52 = x.fma(b2, r52);
            r53 = x.fma(b3, r53);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + l);
        r02.intoArray(c, c0 + 2 * l);
        r03.intoArray(c, c0 + 3 * l);
        r10.intoArray(c, c1);
        r11.intoArray(c, c1 + l);
        r12.intoArray(c, c1 + 2 * l);
        r13.intoArray(c, c1 + 3 * l);
        r20.intoArray(c, c2);
        r21.intoArray(c, c2 + l);
        r22.intoArray(c, c2 + 2 * l);
        r23.intoArray(c, c2 + 3 * l);
        r30.intoArray(c, c3);
        r31.intoArray(c, c3 + l);
        r32.intoArray(c, c3 + 2 * l);
        r33.intoArray(c, c3 + 3 * l);
        r40.intoArray(c, c4);
        r41.intoArray(c, c4 + l);
        r42.intoArray(c, c4 + 2 * l);
        r43.intoArray(c, c4 + 3 * l);
        r50.intoArray(c, c5);
        r51.intoArray(c, c5 + l);
        r52.intoArray(c, c5 + 2 * l);
        r53.intoArray(c, c5 + 3 * l);
    }

    /** One vector of C at c[ci ..] (columns j ..) for one row of opA from a[a0]; the same per-element operations as {@link #mult6x4}. */
    private void mult1x1(float[] a, int a0, int aStep, BitMatrix b, int j, int p0, int p1, boolean load,
                         float[] c, int ci) {
        int wpr = b.wordsPerRow();
        long[] words = b.words();
        IntVector shift = IntVector.fromArray(INTS, SHIFTS, 0);
        IntVector signBit = IntVector.broadcast(INTS, Integer.MIN_VALUE);
        IntVector one = IntVector.broadcast(INTS, Float.floatToRawIntBits(1f));
        FloatVector zero = FloatVector.zero(FLOATS);
        int w0 = j >>> 6;
        int h0 = j & 63;
        FloatVector r = load ? FloatVector.fromArray(FLOATS, c, ci) : zero;
        for (int p = p0, ap = a0 + p0 * aStep, wp = p0 * wpr; p < p1; p++, ap += aStep, wp += wpr) {
            FloatVector sign = one.lanewise(VectorOperators.XOR, IntVector.broadcast(INTS, (int) (words[wp + w0] >>> h0))
                    .lanewise(VectorOperators.LSHL, shift).and(signBit)).reinterpretAsFloats();
            r = FloatVector.broadcast(FLOATS, a[ap]).fma(sign, r);
        }
        r.intoArray(c, ci);
    }

    /**
     * Adds the k % L tail, the accumulated value and the bias to the lane sums of a rows x cols
     * block (sums[(r * cols + q) * L + l]) and stores the elements.
     */
    private void finish(float[] a, int aOff, int k, BitMatrix w, Tensor ct, Tensor biasT, boolean accumulate,
                        int i, int rows, int j, int cols, float[] sums) {
        int n = w.rows();
        int wpr = w.wordsPerRow();
        long[] words = w.words();
        float[] c = ct.data();
        int ln = LANES;
        int tail = k - k % ln;
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                int s = (r * cols + q) * ln;
                float sum = 0f;
                for (int l = 0; l < ln; l++) {
                    sum += sums[s + l];
                }
                int row = aOff + (i + r) * k;
                int wrow = (j + q) * wpr;
                for (int p = tail; p < k; p++) {
                    float x = a[row + p];
                    sum += (words[wrow + (p >>> 6)] >>> p & 1L) == 0 ? x : -x;
                }
                int o = ct.offset() + (i + r) * n + j + q;
                float v = accumulate ? c[o] + sum : sum;
                c[o] = biasT == null ? v : v + biasT.getFlat(j + q);
            }
        }
    }

    /**
     * Lane sums for rows i..i+3 x columns j..j+3 over the whole chunks of k. A chunk of L &lt;= 64
     * values starts at a multiple of L, so its bits lie in one word (L divides 64).
     */
    private void block4x4(float[] a, int aOff, int k, BitMatrix w, int i, int j, float[] sums) {
        VectorSpecies<Float> fs = FLOATS;
        int ln = LANES;
        int wpr = w.wordsPerRow();
        long[] words = w.words();
        IntVector shift = IntVector.fromArray(INTS, SHIFTS, 0);
        IntVector signBit = IntVector.broadcast(INTS, Integer.MIN_VALUE);
        FloatVector zero = FloatVector.zero(FLOATS);
        FloatVector s00 = zero, s01 = zero, s02 = zero, s03 = zero;
        FloatVector s10 = zero, s11 = zero, s12 = zero, s13 = zero;
        FloatVector s20 = zero, s21 = zero, s22 = zero, s23 = zero;
        FloatVector s30 = zero, s31 = zero, s32 = zero, s33 = zero;
        int a0 = aOff + i * k;
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
            IntVector g0 = IntVector.broadcast(INTS, (int) (words[w0 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g1 = IntVector.broadcast(INTS, (int) (words[w1 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g2 = IntVector.broadcast(INTS, (int) (words[w2 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g3 = IntVector.broadcast(INTS, (int) (words[w3 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
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
    private void block1x4(float[] a, int aOff, int k, BitMatrix w, int i, int j, float[] sums) {
        VectorSpecies<Float> fs = FLOATS;
        int ln = LANES;
        int wpr = w.wordsPerRow();
        long[] words = w.words();
        IntVector shift = IntVector.fromArray(INTS, SHIFTS, 0);
        IntVector signBit = IntVector.broadcast(INTS, Integer.MIN_VALUE);
        FloatVector zero = FloatVector.zero(FLOATS);
        FloatVector s00 = zero, s01 = zero, s02 = zero, s03 = zero;
        int a0 = aOff + i * k;
        int w0 = j * wpr;
        int w1 = w0 + wpr;
        int w2 = w1 + wpr;
        int w3 = w2 + wpr;
        for (int p = 0; p + ln <= k; p += ln) {
            int wi = p >>> 6;
            int off = p & 63;
            IntVector x = FloatVector.fromArray(fs, a, a0 + p).reinterpretAsInts();
            IntVector g0 = IntVector.broadcast(INTS, (int) (words[w0 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g1 = IntVector.broadcast(INTS, (int) (words[w1 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g2 = IntVector.broadcast(INTS, (int) (words[w2 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
            IntVector g3 = IntVector.broadcast(INTS, (int) (words[w3 + wi] >>> off)).lanewise(VectorOperators.LSHL, shift).and(signBit);
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
    private void block1x1(float[] a, int aOff, int k, BitMatrix w, int i, int j, float[] sums) {
        VectorSpecies<Float> fs = FLOATS;
        int ln = LANES;
        long[] words = w.words();
        IntVector shift = IntVector.fromArray(INTS, SHIFTS, 0);
        IntVector signBit = IntVector.broadcast(INTS, Integer.MIN_VALUE);
        FloatVector s00 = FloatVector.zero(FLOATS);
        int a0 = aOff + i * k;
        int w0 = j * w.wordsPerRow();
        for (int p = 0; p + ln <= k; p += ln) {
            IntVector g0 = IntVector.broadcast(INTS, (int) (words[w0 + (p >>> 6)] >>> (p & 63)))
                    .lanewise(VectorOperators.LSHL, shift).and(signBit);
            s00 = s00.add(FloatVector.fromArray(fs, a, a0 + p).reinterpretAsInts()
                    .lanewise(VectorOperators.XOR, g0).reinterpretAsFloats());
        }
        s00.intoArray(sums, 0);
    }
}
