package dev.bnn.kernels;

import dev.bnn.core.Tensor;

/**
 * Scalar reference for {@link FloatGemmSupport}: for each element, a chain of fused
 * multiply-adds over k = 0 .. K-1 in order, then the bias.
 */
final class ScalarFloatGemm implements FloatGemmSupport {

    @Override
    public void gemm(boolean transA, boolean transB, Tensor at, Tensor bt, Tensor biasT, boolean accumulate, Tensor ct,
                     int rowStart, int rowEnd, int colStart, int colEnd) {
        int m = ct.dim(0);
        int n = ct.dim(1);
        int k = transA ? at.dim(0) : at.dim(1);
        float[] a = at.data();
        float[] b = bt.data();
        float[] c = ct.data();
        int cOff = ct.offset();
        // Strides turn the four transpose combinations into one loop.
        int aRow = transA ? 1 : k;
        int aStep = transA ? m : 1;
        int bCol = transB ? k : 1;
        int bStep = transB ? 1 : n;
        for (int i = rowStart; i < rowEnd; i++) {
            for (int j = colStart; j < colEnd; j++) {
                float acc = accumulate ? c[cOff + i * n + j] : 0f;
                int ai = at.offset() + i * aRow;
                int bj = bt.offset() + j * bCol;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[ai + p * aStep], b[bj + p * bStep], acc);
                }
                c[cOff + i * n + j] = biasT == null ? acc : acc + biasT.getFlat(j);
            }
        }
    }
}
