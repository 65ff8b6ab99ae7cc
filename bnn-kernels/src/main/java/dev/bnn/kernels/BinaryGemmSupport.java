package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;

/**
 * Binary GEMM kernel family: for packed rows a_i of A (m x k bits) and b_j of B (n x k bits,
 * given as {@link BitPanels}), dot_ij = k - 2 * popcount(a_i XOR b_j) (the encoding is in
 * {@link BitMatrix}), written through one of three output transforms. Arguments are validated
 * by {@link BinaryGemm}; implementations assume they fit.
 *
 * <p>Each method writes only the tile rows [rowStart, rowEnd) x columns [colStart, colEnd).
 * {@code colStart} is a multiple of {@link #panelWidth()}, which divides 64; for {@link
 * #gemmThreshold} both column bounds are multiples of 64 (or n), so that tiles own whole output
 * words. Results are exact integers, so every implementation and every tiling
 * agrees bit for bit.
 */
interface BinaryGemmSupport {

    /** Panel width of the {@link BitPanels} this implementation reads fastest. */
    int panelWidth();

    /** c[i * n + j] = dot_ij. */
    void gemm(BitMatrix a, BitPanels b, int[] c,
              int rowStart, int rowEnd, int colStart, int colEnd);

    /** c[cOffset + i * n + j] = scale_j * dot_ij + bias_j (a folded batch norm), as {@code (float) dot * scale + bias}. */
    void gemmScaled(BitMatrix a, BitPanels b, float[] scale, float[] bias, float[] c, int cOffset,
                    int rowStart, int rowEnd, int colStart, int colEnd);

    /** Bit (i, j) of {@code out} = (dot_ij &lt; threshold_j) XOR negate_j; see {@link SignThresholds}. */
    void gemmThreshold(BitMatrix a, BitPanels b, SignThresholds thresholds, BitMatrix out,
                       int rowStart, int rowEnd, int colStart, int colEnd);
}
