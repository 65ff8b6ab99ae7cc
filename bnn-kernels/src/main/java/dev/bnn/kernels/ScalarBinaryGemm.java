package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;

/** Scalar reference for {@link BinaryGemmSupport}: one {@link Long#bitCount} per word pair. */
final class ScalarBinaryGemm implements BinaryGemmSupport {
    /** Any width works for the scalar loop; 8 matches a 512-bit vector of longs. */
    static final int PANEL_WIDTH = 8;

    @Override
    public int panelWidth() {
        return PANEL_WIDTH;
    }

    @Override
    public void gemm(BitMatrix a, BitPanels b, int[] c, int rowStart, int rowEnd, int colStart, int colEnd) {
        int n = b.rows();
        for (int i = rowStart; i < rowEnd; i++) {
            for (int j = colStart; j < colEnd; j++) {
                c[i * n + j] = dot(a, i, b, j);
            }
        }
    }

    @Override
    public void gemmScaled(BitMatrix a, BitPanels b, float[] scale, float[] bias, float[] c, int cOffset,
                           int rowStart, int rowEnd, int colStart, int colEnd) {
        int n = b.rows();
        for (int i = rowStart; i < rowEnd; i++) {
            for (int j = colStart; j < colEnd; j++) {
                c[cOffset + i * n + j] = (float) dot(a, i, b, j) * scale[j] + bias[j];
            }
        }
    }

    @Override
    public void gemmThreshold(BitMatrix a, BitPanels b, SignThresholds thresholds, BitMatrix out,
                              int rowStart, int rowEnd, int colStart, int colEnd) {
        long[] o = out.words();
        int outWords = out.wordsPerRow();
        for (int i = rowStart; i < rowEnd; i++) {
            for (int j = colStart; j < colEnd; j++) {
                long bit = 1L << j;
                int w = i * outWords + (j >>> 6);
                if (thresholds.bit(j, dot(a, i, b, j))) {
                    o[w] |= bit;
                } else {
                    o[w] &= ~bit;
                }
            }
        }
    }

    /** k - 2 * popcount(a_i XOR b_j); padding bits are 0 in both, so whole words can be XORed. */
    static int dot(BitMatrix a, int i, BitPanels b, int j) {
        long[] aw = a.words();
        long[] bw = b.words();
        int wpr = a.wordsPerRow();
        int width = b.width();
        int aBase = i * wpr;
        int bBase = (j / width) * wpr * width + j % width;
        int differing = 0;
        for (int w = 0; w < wpr; w++) {
            differing += Long.bitCount(aw[aBase + w] ^ bw[bBase + w * width]);
        }
        return a.cols() - 2 * differing;
    }
}
