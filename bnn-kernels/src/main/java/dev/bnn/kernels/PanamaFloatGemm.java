package dev.bnn.kernels;

import dev.bnn.core.Tensor;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link FloatGemmSupport}: a packed, register- and cache-blocked
 * GEMM in the style of GotoBLAS / BLIS.
 *
 * <p>Loops, outermost first: column blocks of {@link #NC} columns; k blocks of {@link #KC}
 * (B's block is packed into column panels of NR = 4 vectors, kc x NR each, k-major); row blocks
 * of {@link #MC} rows (A's block is packed into row panels of MR = 6 rows, kc x MR each,
 * k-major); then a 6 x (4 vectors) micro-kernel over every (row panel, column panel) pair,
 * holding 24 independent accumulators and doing one broadcast of A per row per k step.
 * Transposition is handled entirely by the packing routines. Panels are padded with zeros, and
 * edge tiles run the same micro-kernel on a small scratch tile from which only valid elements
 * are copied back. Tiles of a single row (B stored k x n) or of 1-3 rows (B stored n x k) skip
 * packing, which would cost more than it saves there: see {@code streamRows} and {@code dotRows}.
 *
 * <p>Determinism: each C element is one sequential chain of fused multiply-adds over k = 0 ..
 * K-1, starting from c_ij (accumulate) or +0, stored to C between k blocks and reloaded (a float
 * store is exact), with the bias added last. That is exactly the order of {@link
 * ScalarFloatGemm}, so the result does not depend on the tile bounds (nor on the vector width);
 * in practice Panama and scalar results are bit-identical.
 *
 * <p>The species is the JVM-wide constant {@link PanamaSpecies#FLOATS}, so every vector
 * operation, zero and broadcast included, is intrinsified.
 */
final class PanamaFloatGemm implements FloatGemmSupport {
    /** Rows per micro-tile: 6 rows x 4 vectors = 24 accumulators, within 32 vector registers. */
    private static final int MR = 6;
    /** Vectors per micro-tile row. */
    private static final int NR_VECTORS = 4;
    /**
     * Depth of a k block: a B micro-panel (KC x 4 vectors: 40 KB at 512 bits) stays in the 48 KB
     * L1 while it meets every row panel of A's block. Measured on Zen 5 (1024^3): 128 -> 71,
     * 160 -> 84-90, 192 -> 63-84, 256 -> 71-77, 384 -> 60 GMAC/s.
     */
    private static final int KC = 160;
    /** Rows of A packed at once (a multiple of MR): MC x KC floats (120 KB) stay in L2. */
    private static final int MC = 192;
    /**
     * Columns of B packed at once: the KC x NC block (2.5 MB) lives in L3, as in BLIS; wide
     * blocks read long runs of each B row while packing (100 x 4096 x 4096: 512 -> 60, 4096 -> 72
     * GMAC/s).
     */
    private static final int NC = 4096;

    /**
     * Tiles with fewer rows than this (B stored k x n) stream B instead of packing it: a single
     * row reuses nothing, so packing would only double the memory traffic (measured: 2.3 ms
     * instead of 6 ms at 1 x 4096 x 4096; from 2 rows on packing is as fast or faster).
     */
    private static final int STREAM_ROWS = 2;
    /**
     * Like STREAM_ROWS, for B stored n x k (see dotRows): measured at 4096 x 4096, dotRows runs
     * at a flat ~5 GMAC/s, the packed path at 2.6 / 3.4 / 4.6 / 5.5 for 2 / 3 / 4 / 5 rows.
     */
    private static final int DOT_ROWS = 4;

    private static final VectorSpecies<Float> FLOATS = PanamaSpecies.FLOATS;
    private static final int LANES = FLOATS.length();
    /** Columns per micro-tile (NR_VECTORS vectors). */
    private static final int NR = NR_VECTORS * LANES;

    /** Packing buffers of one thread. */
    private static final class Workspace {
        float[] aPack = new float[0];
        float[] bPack = new float[0];
        final float[] cEdge = new float[MR * NR];
        final float[] biasEdge = new float[NR];
    }

    private final ThreadLocal<Workspace> workspace = ThreadLocal.withInitial(Workspace::new);

    private static float[] grow(float[] buffer, int size) {
        return buffer.length >= size ? buffer : new float[size];
    }

    @Override
    public void gemm(boolean transA, boolean transB, Tensor at, Tensor bt, Tensor biasT, boolean accumulate, Tensor ct,
                     int rowStart, int rowEnd, int colStart, int colEnd) {
        int m = ct.dim(0);
        int n = ct.dim(1);
        int k = transA ? at.dim(0) : at.dim(1);
        float[] a = at.data();
        float[] b = bt.data();
        float[] c = ct.data();
        float[] bias = biasT == null ? null : biasT.data();
        // Every index below is relative to its tensor's offset (tensors may be views).
        int aOff = at.offset();
        int bOff = bt.offset();
        int cOff = ct.offset();
        int biasOff = biasT == null ? 0 : biasT.offset();
        int rows = rowEnd - rowStart;
        int cols = colEnd - colStart;
        if (rows <= 0 || cols <= 0) {
            return;
        }
        if (k == 0) {
            // Empty sum: only the starting value and the bias remain.
            emptySum(n, c, cOff, bias, biasOff, accumulate, rowStart, rowEnd, colStart, colEnd);
            return;
        }
        if (rows < (transB ? DOT_ROWS : STREAM_ROWS)) {
            if (transB) {
                dotRows(transA, m, n, k, a, aOff, b, bOff, c, cOff, bias, biasOff, accumulate,
                        rowStart, rowEnd, colStart, colEnd);
            } else {
                streamRows(transA, m, n, k, a, aOff, b, bOff, c, cOff, bias, biasOff, accumulate,
                        rowStart, rowEnd, colStart, colEnd);
            }
            return;
        }
        int nc0 = Math.min(NC, roundUp(cols, NR));
        int kc0 = Math.min(KC, k);
        int mc0 = Math.min(MC, roundUp(rows, MR));
        // Per-thread buffers, grown on demand: no allocation per call once warm (a fresh 2.5 MB
        // B panel per call made the GC a visible part of a 100 x 4096 x 4096 product). Packing
        // writes every element it later reads, padding zeros included, so stale contents are harmless.
        Workspace ws = workspace.get();
        float[] bPack = ws.bPack = grow(ws.bPack, kc0 * roundUp(nc0, NR));
        float[] aPack = ws.aPack = grow(ws.aPack, roundUp(mc0, MR) * kc0);
        float[] cEdge = ws.cEdge;
        float[] biasEdge = ws.biasEdge;

        for (int jc = colStart; jc < colEnd; jc += NC) {
            int nc = Math.min(NC, colEnd - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                // The chain starts from C when accumulating, and continues from C after block 0.
                boolean load = accumulate || pc > 0;
                // The bias goes in after the last k block only.
                float[] blockBias = pc + kc == k ? bias : null;
                packB(transB, b, bOff, n, k, pc, kc, jc, nc, bPack);
                for (int ic = rowStart; ic < rowEnd; ic += MC) {
                    int mc = Math.min(MC, rowEnd - ic);
                    packA(transA, a, aOff, m, k, pc, kc, ic, mc, aPack);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nw = Math.min(NR, nc - jr);
                        int col = jc + jr;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mw = Math.min(MR, mc - ir);
                            int row = ic + ir;
                            if (mw == MR && nw == NR) {
                                microKernel(aPack, ir * kc, bPack, jr * kc, kc,
                                        c, cOff + row * n + col, n, load, blockBias, biasOff + col);
                            } else {
                                edgeTile(aPack, ir * kc, bPack, jr * kc, kc, c, cOff + row * n + col, n, mw, nw,
                                        load, blockBias, biasOff + col, cEdge, biasEdge);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Few rows with B stored k x n (e.g. a single input row): no packing; B is read once, row
     * by row, and each C element takes its fma per k step in k order, kept in C (in L1) between
     * steps, so the result is the same as the packed path's.
     */
    private void streamRows(boolean transA, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                            float[] c, int cOff, float[] bias, int biasOff, boolean accumulate,
                            int rowStart, int rowEnd, int colStart, int colEnd) {
        VectorSpecies<Float> s = FLOATS;
        int l = LANES;
        // Whole rows per k step (no column chunks): B is then read strictly front to back,
        // which measured twice as fast as chunks of 1024-2048 columns.
        int vecEnd = colStart + (colEnd - colStart) / l * l;
        int unrolledEnd = colStart + (colEnd - colStart) / (4 * l) * (4 * l);
        if (!accumulate) {
            for (int i = rowStart; i < rowEnd; i++) {
                Arrays.fill(c, cOff + i * n + colStart, cOff + i * n + colEnd, 0f);
            }
        }
        for (int p = 0; p < k; p++) {
            int bRow = bOff + p * n;
            for (int i = rowStart; i < rowEnd; i++) {
                float aip = a[aOff + (transA ? p * m + i : i * k + p)];
                FloatVector x = FloatVector.broadcast(s, aip);
                int cRow = cOff + i * n;
                int j = colStart;
                // Four independent vectors per iteration keep both FMA pipes busy.
                for (; j < unrolledEnd; j += 4 * l) {
                    x.fma(FloatVector.fromArray(s, b, bRow + j), FloatVector.fromArray(s, c, cRow + j))
                            .intoArray(c, cRow + j);
                    x.fma(FloatVector.fromArray(s, b, bRow + j + l), FloatVector.fromArray(s, c, cRow + j + l))
                            .intoArray(c, cRow + j + l);
                    x.fma(FloatVector.fromArray(s, b, bRow + j + 2 * l),
                            FloatVector.fromArray(s, c, cRow + j + 2 * l)).intoArray(c, cRow + j + 2 * l);
                    x.fma(FloatVector.fromArray(s, b, bRow + j + 3 * l),
                            FloatVector.fromArray(s, c, cRow + j + 3 * l)).intoArray(c, cRow + j + 3 * l);
                }
                for (; j < vecEnd; j += l) {
                    x.fma(FloatVector.fromArray(s, b, bRow + j), FloatVector.fromArray(s, c, cRow + j))
                            .intoArray(c, cRow + j);
                }
                // Scalar tail: Math.fma rounds exactly like the vector fma.
                for (; j < colEnd; j++) {
                    c[cRow + j] = Math.fma(aip, b[bRow + j], c[cRow + j]);
                }
            }
        }
        if (bias != null) {
            // Bias last, after the whole k chain.
            for (int i = rowStart; i < rowEnd; i++) {
                for (int j = colStart; j < colEnd; j++) {
                    c[cOff + i * n + j] += bias[biasOff + j];
                }
            }
        }
    }

    /**
     * Few rows with B stored n x k (e.g. one input row through a dense layer stored out x in):
     * no packing; eight B rows are read side by side (eight memory streams in flight), each C
     * element being one scalar fma chain over k in order, eight independent chains at a time.
     * Packing would transpose all of B for a single use (measured 5x slower at 1 x 4096 x 4096).
     */
    private static void dotRows(boolean transA, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                                float[] c, int cOff, float[] bias, int biasOff, boolean accumulate,
                                int rowStart, int rowEnd, int colStart, int colEnd) {
        int aRow = transA ? 1 : k;
        int aStep = transA ? m : 1;
        int j = colStart;
        for (; j + 8 <= colEnd; j += 8) {
            int s0 = bOff + j * k;
            int s1 = s0 + k;
            int s2 = s1 + k;
            int s3 = s2 + k;
            int s4 = s3 + k;
            int s5 = s4 + k;
            int s6 = s5 + k;
            int s7 = s6 + k;
            // Rows innermost: the eight B rows come from cache for every row after the first.
            for (int i = rowStart; i < rowEnd; i++) {
                int ci = cOff + i * n + j;
                float c0 = accumulate ? c[ci] : 0f;
                float c1 = accumulate ? c[ci + 1] : 0f;
                float c2 = accumulate ? c[ci + 2] : 0f;
                float c3 = accumulate ? c[ci + 3] : 0f;
                float c4 = accumulate ? c[ci + 4] : 0f;
                float c5 = accumulate ? c[ci + 5] : 0f;
                float c6 = accumulate ? c[ci + 6] : 0f;
                float c7 = accumulate ? c[ci + 7] : 0f;
                for (int p = 0, ap = aOff + i * aRow; p < k; p++, ap += aStep) {
                    float x = a[ap];
                    c0 = Math.fma(x, b[s0 + p], c0);
                    c1 = Math.fma(x, b[s1 + p], c1);
                    c2 = Math.fma(x, b[s2 + p], c2);
                    c3 = Math.fma(x, b[s3 + p], c3);
                    c4 = Math.fma(x, b[s4 + p], c4);
                    c5 = Math.fma(x, b[s5 + p], c5);
                    c6 = Math.fma(x, b[s6 + p], c6);
                    c7 = Math.fma(x, b[s7 + p], c7);
                }
                c[ci] = c0;
                c[ci + 1] = c1;
                c[ci + 2] = c2;
                c[ci + 3] = c3;
                c[ci + 4] = c4;
                c[ci + 5] = c5;
                c[ci + 6] = c6;
                c[ci + 7] = c7;
            }
        }
        // Last < 8 columns: one chain each.
        for (; j < colEnd; j++) {
            for (int i = rowStart; i < rowEnd; i++) {
                float acc = accumulate ? c[cOff + i * n + j] : 0f;
                for (int p = 0, ap = aOff + i * aRow, bj = bOff + j * k; p < k; p++, ap += aStep) {
                    acc = Math.fma(a[ap], b[bj + p], acc);
                }
                c[cOff + i * n + j] = acc;
            }
        }
        if (bias != null) {
            // Bias last, after the whole k chain.
            for (int i = rowStart; i < rowEnd; i++) {
                for (j = colStart; j < colEnd; j++) {
                    c[cOff + i * n + j] += bias[biasOff + j];
                }
            }
        }
    }

    /**
     * Partial micro-tile (mw rows x nw columns of C from index {@code cOff}, row stride n): run
     * the full kernel on a scratch tile.
     */
    private void edgeTile(float[] aPack, int aOff, float[] bPack, int bOff, int kc,
                          float[] c, int cOff, int n, int mw, int nw, boolean load, float[] bias, int biasOff,
                          float[] cEdge, float[] biasEdge) {
        if (load) {
            for (int r = 0; r < mw; r++) {
                System.arraycopy(c, cOff + r * n, cEdge, r * NR, nw);
            }
        }
        if (bias != null) {
            System.arraycopy(bias, biasOff, biasEdge, 0, nw);
        }
        microKernel(aPack, aOff, bPack, bOff, kc, cEdge, 0, NR, load, bias == null ? null : biasEdge, 0);
        for (int r = 0; r < mw; r++) {
            System.arraycopy(cEdge, r * NR, c, cOff + r * n, nw);
        }
    }

    /**
     * C[0..6) x [0..4 vectors) (row stride ldc, from cOff) = [C if load] + sum over kc of the
     * packed panels, [+ bias[biasOff ..] if bias != null]. All vector values stay in this one
     * method: passing them to a helper that is not inlined would box them.
     */
    private void microKernel(float[] ap, int aOff, float[] bp, int bOff, int kc,
                             float[] c, int cOff, int ldc, boolean load, float[] bias, int biasOff) {
        VectorSpecies<Float> s = FLOATS;
        int l = LANES;
        int c0 = cOff;
        int c1 = cOff + ldc;
        int c2 = cOff + 2 * ldc;
        int c3 = cOff + 3 * ldc;
        int c4 = cOff + 4 * ldc;
        int c5 = cOff + 5 * ldc;
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
            FloatVector z = FloatVector.zero(s);
            r00 = z; r01 = z; r02 = z; r03 = z;
            r10 = z; r11 = z; r12 = z; r13 = z;
            r20 = z; r21 = z; r22 = z; r23 = z;
            r30 = z; r31 = z; r32 = z; r33 = z;
            r40 = z; r41 = z; r42 = z; r43 = z;
            r50 = z; r51 = z; r52 = z; r53 = z;
        }
        int nrw = NR;
        int ai = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++, ai += MR, bi += nrw) {
            FloatVector b0 = FloatVector.fromArray(s, bp, bi);
            FloatVector b1 = FloatVector.fromArray(s, bp, bi + l);
            FloatVector b2 = FloatVector.fromArray(s, bp, bi + 2 * l);
            FloatVector b3 = FloatVector.fromArray(s, bp, bi + 3 * l);
            FloatVector x = FloatVector.broadcast(s, ap[ai]);
            r00 = x.fma(b0, r00);
            r01 = x.fma(b1, r01);
            r02 = x.fma(b2, r02);
            r03 = x.fma(b3, r03);
            x = FloatVector.broadcast(s, ap[ai + 1]);
            r10 = x.fma(b0, r10);
            r11 = x.fma(b1, r11);
            r12 = x.fma(b2, r12);
            r13 = x.fma(b3, r13);
            x = FloatVector.broadcast(s, ap[ai + 2]);
            r20 = x.fma(b0, r20);
            r21 = x.fma(b1, r21);
            r22 = x.fma(b2, r22);
            r23 = x.fma(b3, r23);
            x = FloatVector.broadcast(s, ap[ai + 3]);
            r30 = x.fma(b0, r30);
            r31 = x.fma(b1, r31);
            r32 = x.fma(b2, r32);
            r33 = x.fma(b3, r33);
            x = FloatVector.broadcast(s, ap[ai + 4]);
            r40 = x.fma(b0, r40);
            r41 = x.fma(b1, r41);
            r42 = x.fma(b2, r42);
            r43 = x.fma(b3, r43);
            x = FloatVector.broadcast(s, ap[ai + 5]);
            r50 = x.fma(b0, r50);
            r51 = x.fma(b1, r51);
            r52 = x.fma(b2, r52);
            r53 = x.fma(b3, r53);
        }
        if (bias != null) {
            // Bias last, after the whole k chain, as in the scalar reference.
            FloatVector q0 = FloatVector.fromArray(s, bias, biasOff);
            FloatVector q1 = FloatVector.fromArray(s, bias, biasOff + l);
            FloatVector q2 = FloatVector.fromArray(s, bias, biasOff + 2 * l);
            FloatVector q3 = FloatVector.fromArray(s, bias, biasOff + 3 * l);
            r00 = r00.add(q0); r01 = r01.add(q1); r02 = r02.add(q2); r03 = r03.add(q3);
            r10 = r10.add(q0); r11 = r11.add(q1); r12 = r12.add(q2); r13 = r13.add(q3);
            r20 = r20.add(q0); r21 = r21.add(q1); r22 = r22.add(q2); r23 = r23.add(q3);
            r30 = r30.add(q0); r31 = r31.add(q1); r32 = r32.add(q2); r33 = r33.add(q3);
            r40 = r40.add(q0); r41 = r41.add(q1); r42 = r42.add(q2); r43 = r43.add(q3);
            r50 = r50.add(q0); r51 = r51.add(q1); r52 = r52.add(q2); r53 = r53.add(q3);
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

    /**
     * Packs opB[pc .. pc+kc) x [jc .. jc+nc) into column panels of NR columns: panel q holds
     * element (p, j) at q * NR * kc + p * NR + j; columns past nc are zero.
     */
    private void packB(boolean transB, float[] b, int bOff, int n, int k, int pc, int kc, int jc, int nc, float[] dst) {
        if (!transB) {
            packRowsOfB(b, bOff, n, pc, kc, jc, nc, dst);
            return;
        }
        // B is n x k: read B rows contiguously, scatter them down the panel columns.
        for (int jr = 0; jr < nc; jr += NR) {
            int nw = Math.min(NR, nc - jr);
            int base = jr * kc;
            int j = 0;
            // Eight B rows at a time: eight read streams in flight (one row at a time waited on
            // memory: 3-4x slower), and each k step writes 8 neighbouring floats.
            for (; j + 8 <= nw; j += 8) {
                int s0 = bOff + (jc + jr + j) * k + pc;
                int s1 = s0 + k;
                int s2 = s1 + k;
                int s3 = s2 + k;
                int s4 = s3 + k;
                int s5 = s4 + k;
                int s6 = s5 + k;
                int s7 = s6 + k;
                for (int p = 0, d = base + j; p < kc; p++, d += NR) {
                    dst[d] = b[s0 + p];
                    dst[d + 1] = b[s1 + p];
                    dst[d + 2] = b[s2 + p];
                    dst[d + 3] = b[s3 + p];
                    dst[d + 4] = b[s4 + p];
                    dst[d + 5] = b[s5 + p];
                    dst[d + 6] = b[s6 + p];
                    dst[d + 7] = b[s7 + p];
                }
            }
            for (; j < nw; j++) {
                int src = bOff + (jc + jr + j) * k + pc;
                for (int p = 0, d = base + j; p < kc; p++, d += NR) {
                    dst[d] = b[src + p];
                }
            }
            for (j = nw; j < NR; j++) {
                for (int p = 0, d = base + j; p < kc; p++, d += NR) {
                    dst[d] = 0f;
                }
            }
        }
    }

    /**
     * {@link #packB} for B stored k x n: each B row of the block is read once, front to back,
     * and dealt out to the panels (reading panel by panel would stride n floats per k step).
     */
    private void packRowsOfB(float[] b, int bOff, int n, int pc, int kc, int jc, int nc, float[] dst) {
        VectorSpecies<Float> s = FLOATS;
        int l = LANES;
        int fullPanels = nc / NR;
        int rest = nc - fullPanels * NR;
        int panelSize = NR * kc;
        for (int p = 0; p < kc; p++) {
            int src = bOff + (pc + p) * n + jc;
            int d = p * NR;
            for (int q = 0; q < fullPanels; q++, src += NR, d += panelSize) {
                FloatVector.fromArray(s, b, src).intoArray(dst, d);
                FloatVector.fromArray(s, b, src + l).intoArray(dst, d + l);
                FloatVector.fromArray(s, b, src + 2 * l).intoArray(dst, d + 2 * l);
                FloatVector.fromArray(s, b, src + 3 * l).intoArray(dst, d + 3 * l);
            }
            if (rest > 0) {
                // Last, partial panel: zero padding beyond the valid columns.
                System.arraycopy(b, src, dst, d, rest);
                Arrays.fill(dst, d + rest, d + NR, 0f);
            }
        }
    }

    /**
     * Packs opA[ic .. ic+mc) x [pc .. pc+kc) into row panels of MR rows: panel q holds element
     * (i, p) at q * MR * kc + p * MR + i; rows past mc are zero.
     */
    private static void packA(boolean transA, float[] a, int aOff, int m, int k, int pc, int kc, int ic, int mc,
                              float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mw = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (!transA) {
                // A is m x k: read each A row contiguously, scatter it down one panel row.
                for (int r = 0; r < mw; r++) {
                    int src = aOff + (ic + ir + r) * k + pc;
                    for (int p = 0, d = base + r; p < kc; p++, d += MR) {
                        dst[d] = a[src + p];
                    }
                }
            } else {
                // A is k x m: the MR rows of one k step are contiguous in A.
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, aOff + (pc + p) * m + ic + ir, dst, base + p * MR, mw);
                }
            }
            for (int r = mw; r < MR; r++) {
                for (int p = 0, d = base + r; p < kc; p++, d += MR) {
                    dst[d] = 0f;
                }
            }
        }
    }

    /** k = 0: c_ij = [c_ij if accumulate, else 0] [+ bias_j]. */
    private static void emptySum(int n, float[] c, int cOff, float[] bias, int biasOff, boolean accumulate,
                                 int rowStart, int rowEnd, int colStart, int colEnd) {
        for (int i = rowStart; i < rowEnd; i++) {
            for (int j = colStart; j < colEnd; j++) {
                float acc = accumulate ? c[cOff + i * n + j] : 0f;
                c[cOff + i * n + j] = bias == null ? acc : acc + bias[biasOff + j];
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    @Override
    public String toString() {
        return "PanamaFloatGemm(" + FLOATS.vectorBitSize() + "-bit, " + MR + "x" + NR + ")";
    }
}
