package dev.bnn.kernels;

/**
 * Scalar reference for {@link FloatGemmSupport}: for each element, a chain of fused
 * multiply-adds over k = 0 .. K-1 in order, then the bias.
 */
final class ScalarFloatGemm implements FloatGemmSupport {

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, float[] b, float[] c, float[] bias, boolean accumulate,
                     int rowStart, int rowEnd, int colStart, int colEnd) {
        // Strides turn the four transpose combinations into one loop.
        int aRow = transA ? 1 : k;
        int aStep = transA ? m : 1;
        int bCol = transB ? k : 1;
        int bStep = transB ? 1 : n;
        for (int i = rowStart; i < rowEnd; i++) {
            for (int j = colStart; j < colEnd; j++) {
                float acc = accumulate ? c[i * n + j] : 0f;
                int ai = i * aRow;
                int bj = j * bCol;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[ai + p * aStep], b[bj + p * bStep], acc);
                }
                c[i * n + j] = bias == null ? acc : acc + bias[j];
            }
        }
    }
}
