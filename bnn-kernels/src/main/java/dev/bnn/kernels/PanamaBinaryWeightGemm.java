package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import jdk.incubator.vector.VectorSpecies;

/** PLACEHOLDER until the Vector API kernel lands: delegates to the scalar reference. */
final class PanamaBinaryWeightGemm implements BinaryWeightGemmSupport {
    private final ScalarBinaryWeightGemm delegate = new ScalarBinaryWeightGemm();

    PanamaBinaryWeightGemm(VectorSpecies<Float> species) {}

    @Override
    public void gemm(float[] a, int m, int k, BitMatrix w, float[] c, float[] bias, boolean accumulate,
              int rowStart, int rowEnd, int colStart, int colEnd) {
        delegate.gemm(a, m, k, w, c, bias, accumulate, rowStart, rowEnd, colStart, colEnd);
    }
}
