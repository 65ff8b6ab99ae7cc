package dev.bnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementations of every kernel family, at one vector width. Loaded by name
 * from {@link KernelProvider} only when {@code jdk.incubator.vector} is readable.
 */
final class PanamaKernelProvider extends KernelProvider {
    private final int bits;
    private final FloatGemmSupport floatGemm;
    private final BinaryGemmSupport binaryGemm;
    private final BitPackingSupport bitPacking;
    private final BinaryWeightGemmSupport binaryWeightGemm;

    /**
     * @param vectorBits 0 for the platform's preferred width, else 128, 256 or 512 (at most the
     *     preferred width)
     */
    PanamaKernelProvider(int vectorBits) {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        int chosen = vectorBits == 0 ? preferred : vectorBits;
        // Below 128 bits (or with no vector unit) the vector kernels would be slower than scalar.
        if (chosen < 128 || chosen > preferred || Integer.bitCount(chosen) != 1) {
            throw new UnsupportedOperationException("vector width " + chosen + " bits (preferred "
                    + preferred + " bits)");
        }
        this.bits = chosen;
        VectorShape shape = VectorShape.forBitSize(chosen);
        VectorSpecies<Float> floats = FloatVector.SPECIES_PREFERRED.withShape(shape);
        VectorSpecies<Long> longs = LongVector.SPECIES_PREFERRED.withShape(shape);
        this.floatGemm = new PanamaFloatGemm(floats);
        this.binaryGemm = new PanamaBinaryGemm(longs);
        this.bitPacking = new PanamaBitPacking(floats);
        this.binaryWeightGemm = new PanamaBinaryWeightGemm(floats);
    }

    @Override
    FloatGemmSupport floatGemm() {
        return floatGemm;
    }

    @Override
    BinaryGemmSupport binaryGemm() {
        return binaryGemm;
    }

    @Override
    BitPackingSupport bitPacking() {
        return bitPacking;
    }

    @Override
    BinaryWeightGemmSupport binaryWeightGemm() {
        return binaryWeightGemm;
    }

    @Override
    String name() {
        return "Panama";
    }

    @Override
    int vectorBits() {
        return bits;
    }
}
