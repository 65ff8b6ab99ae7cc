package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;

/** Scalar reference for {@link BinaryWeightGemmSupport}: add or subtract by sign bit, k in order. */
final class ScalarBinaryWeightGemm implements BinaryWeightGemmSupport {

    @Override
    public void multTransB(Tensor at, BitMatrix w, Tensor biasT, boolean accumulate, Tensor ct,
                           int rowStart, int rowEnd, int colStart, int colEnd) {
        int k = at.dim(1);
        int n = w.rows();
        int wpr = w.wordsPerRow();
        long[] words = w.words();
        float[] a = at.data();
        float[] c = ct.data();
        for (int i = rowStart; i < rowEnd; i++) {
            int ai = at.offset() + i * k;
            int ci = ct.offset() + i * n;
            for (int j = colStart; j < colEnd; j++) {
                float acc = accumulate ? c[ci + j] : 0f;
                for (int p = 0; p < k; p++) {
                    float x = a[ai + p];
                    acc += (words[j * wpr + (p >>> 6)] >>> p & 1L) == 0 ? x : -x;
                }
                c[ci + j] = biasT == null ? acc : acc + biasT.getFlat(j);
            }
        }
    }

    @Override
    public void mult(boolean transA, Tensor at, BitMatrix b, boolean accumulate, Tensor ct,
                     int rowStart, int rowEnd, int colStart, int colEnd) {
        int m = ct.dim(0);
        int n = ct.dim(1);
        int k = b.rows();
        int aRow = transA ? 1 : k;
        int aStep = transA ? m : 1;
        int wpr = b.wordsPerRow();
        long[] words = b.words();
        float[] a = at.data();
        float[] c = ct.data();
        for (int i = rowStart; i < rowEnd; i++) {
            int ci = ct.offset() + i * n;
            for (int j = colStart; j < colEnd; j++) {
                float acc = accumulate ? c[ci + j] : 0f;
                for (int p = 0, ap = at.offset() + i * aRow; p < k; p++, ap += aStep) {
                    float x = a[ap];
                    acc += (words[p * wpr + (j >>> 6)] >>> j & 1L) == 0 ? x : -x;
                }
                c[ci + j] = acc;
            }
        }
    }
}
