package dev.bnn.kernels;

import jdk.incubator.vector.VectorShape;

/**
 * The Vector API implementations of every kernel family, at the one width of this JVM
 * ({@link PanamaSpecies}). Loaded by name from {@link KernelProvider} only when
 * {@code jdk.incubator.vector} is readable.
 */
final class PanamaKernelProvider extends KernelProvider {
    private final FloatGemmSupport floatGemm;
    private final BinaryGemmSupport binaryGemm;
    private final BitPackingSupport bitPacking;
    private final BinaryWeightGemmSupport binaryWeightGemm;

    /** @throws UnsupportedOperationException if this JVM's width ({@link #requestedBits}) is unusable */
    PanamaKernelProvider() {
        String unusable = unusableReason(requestedBits(), preferredBits());
        if (unusable != null) {
            throw new UnsupportedOperationException(unusable);
        }
        this.floatGemm = new PanamaFloatGemm();
        this.binaryGemm = new PanamaBinaryGemm();
        this.bitPacking = new PanamaBitPacking();
        this.binaryWeightGemm = new PanamaBinaryWeightGemm();
    }

    /** The hardware's preferred vector width in bits. */
    static int preferredBits() {
        return VectorShape.preferredShape().vectorBitSize();
    }

    /** {@value #TEST_VECTOR_BITS_PROPERTY} when set (tests only), else the preferred width. */
    static int requestedBits() {
        return Integer.getInteger(TEST_VECTOR_BITS_PROPERTY, preferredBits());
    }

    /** Why vectors of {@code bits} cannot run where {@code preferred} is the widest, or null if they can. */
    static String unusableReason(int bits, int preferred) {
        if (bits > preferred) {
            return "this CPU's widest vectors have " + preferred + " bits, " + bits + " were requested";
        }
        // Below 128 bits (or with no vector unit) the vector kernels would be slower than scalar.
        if (bits < 128 || Integer.bitCount(bits) != 1) {
            return "vector width " + bits + " bits is not one of 128, 256, 512, ... (preferred " + preferred + " bits)";
        }
        // The binary GEMM's panel of 4 vectors of longs must fit one 64-bit output word, and
        // BinaryWeightGemm's chunk of float lanes one int.
        if (bits > 1024) {
            return "vector width " + bits + " bits is wider than the kernels support (1024 bits)";
        }
        return null;
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
        return PanamaSpecies.BITS;
    }
}
