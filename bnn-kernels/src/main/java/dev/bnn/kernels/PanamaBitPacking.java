package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import jdk.incubator.vector.VectorSpecies;

/** PLACEHOLDER until the Vector API kernel lands: delegates to the scalar reference. */
final class PanamaBitPacking implements BitPackingSupport {
    private final ScalarBitPacking delegate = new ScalarBitPacking();

    PanamaBitPacking(VectorSpecies<Float> species) {}

    @Override
    public void pack(float[] src, BitMatrix out, int rowStart, int rowEnd) {
        delegate.pack(src, out, rowStart, rowEnd);
    }
}
