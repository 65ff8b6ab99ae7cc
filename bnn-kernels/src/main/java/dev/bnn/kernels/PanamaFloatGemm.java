package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import jdk.incubator.vector.VectorSpecies;

/** PLACEHOLDER until the Vector API kernel lands: delegates to the scalar reference. */
final class PanamaFloatGemm implements FloatGemmSupport {
    private final ScalarFloatGemm delegate = new ScalarFloatGemm();

    PanamaFloatGemm(VectorSpecies<Float> species) {}

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, float[] b, float[] c, float[] bias, boolean accumulate,
              int rowStart, int rowEnd, int colStart, int colEnd) {
        delegate.gemm(transA, transB, m, n, k, a, b, c, bias, accumulate, rowStart, rowEnd, colStart, colEnd);
    }
}
