package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import jdk.incubator.vector.VectorSpecies;

/** PLACEHOLDER until the Vector API kernel lands: delegates to the scalar reference. */
final class PanamaBinaryGemm implements BinaryGemmSupport {
    private final ScalarBinaryGemm delegate = new ScalarBinaryGemm();

    PanamaBinaryGemm(VectorSpecies<Long> species) {}

    @Override
    public int panelWidth() {
        return delegate.panelWidth();
    }

    @Override
    public void gemm(BitMatrix a, BitPanels b, int[] c,
              int rowStart, int rowEnd, int colStart, int colEnd) {
        delegate.gemm(a, b, c, rowStart, rowEnd, colStart, colEnd);
    }

    @Override
    public void gemmScaled(BitMatrix a, BitPanels b, float[] scale, float[] bias, float[] c,
                    int rowStart, int rowEnd, int colStart, int colEnd) {
        delegate.gemmScaled(a, b, scale, bias, c, rowStart, rowEnd, colStart, colEnd);
    }

    @Override
    public void gemmThreshold(BitMatrix a, BitPanels b, SignThresholds thresholds, BitMatrix out,
                       int rowStart, int rowEnd, int colStart, int colEnd) {
        delegate.gemmThreshold(a, b, thresholds, out, rowStart, rowEnd, colStart, colEnd);
    }
}
