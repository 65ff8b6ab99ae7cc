package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;

/** Scalar reference for {@link BinaryWeightGemmSupport}: add or subtract by sign bit, k in order. */
final class ScalarBinaryWeightGemm implements BinaryWeightGemmSupport {

    @Override
    public void gemm(float[] a, int m, int k, BitMatrix w, float[] c, float[] bias, boolean accumulate,
                     int rowStart, int rowEnd, int colStart, int colEnd) {
        int n = w.rows();
        int wpr = w.wordsPerRow();
        long[] words = w.words();
        for (int i = rowStart; i < rowEnd; i++) {
            for (int j = colStart; j < colEnd; j++) {
                float acc = accumulate ? c[i * n + j] : 0f;
                for (int p = 0; p < k; p++) {
                    float x = a[i * k + p];
                    acc += (words[j * wpr + (p >>> 6)] >>> p & 1L) == 0 ? x : -x;
                }
                c[i * n + j] = bias == null ? acc : acc + bias[j];
            }
        }
    }
}
