package dev.bnn.kernels;

/** The scalar reference implementations of every kernel family. */
final class ScalarKernelProvider extends KernelProvider {
    static final ScalarKernelProvider INSTANCE = new ScalarKernelProvider();

    private final FloatGemmSupport floatGemm = new ScalarFloatGemm();
    private final BinaryGemmSupport binaryGemm = new ScalarBinaryGemm();
    private final BitPackingSupport bitPacking = new ScalarBitPacking();
    private final BinaryWeightGemmSupport binaryWeightGemm = new ScalarBinaryWeightGemm();

    private ScalarKernelProvider() {}

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
        return "scalar";
    }

    @Override
    int vectorBits() {
        return 64;
    }
}
