package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad arguments get a clear error, never a silent wrong result: outputs that share storage with
 * an input through a second object over the same array, and null arguments, across the facades
 * not covered by their own suites (BinaryGemm, FloatGemm).
 */
class AliasingAndNullsTest {
    private final Parallelism single = Parallelism.singleThread();

    /** A second BitMatrix over A's words, or over the panels' words, as the output of multThreshold. */
    @Test
    void binaryGemmRejectsAnOutputOverTheWordsOfAnInput() {
        BinaryGemm gemm = new BinaryGemm(single);
        // m = n = 64 bits and k = 64: A, the output and the panels (width 8 divides 64) have equal word counts.
        BitMatrix a = new BitMatrix(64, 64);
        BitPanels b = gemm.prepare(new BitMatrix(64, 64));
        SignThresholds t = SignThresholds.of(new int[64]);
        assertAliased("A", () -> gemm.multThreshold(a, b, t, BitMatrix.wrap(a.words(), 64, 64)));
        assertAliased("B", () -> gemm.multThreshold(a, b, t, BitMatrix.wrap(b.words(), 64, 64)));
    }

    @Test
    void binaryGemmRejectsAScaledOutputOverTheScaleOrBias() {
        BinaryGemm gemm = new BinaryGemm(single);
        BitMatrix a = new BitMatrix(1, 64);
        BitPanels b = gemm.prepare(new BitMatrix(4, 64));
        float[] scale = new float[4];
        float[] bias = new float[4];
        assertAliased("scale", () -> gemm.multScaled(a, b, scale, bias, Tensor.wrap(scale, 1, 4)));
        assertAliased("bias", () -> gemm.multScaled(a, b, scale, bias, Tensor.wrap(bias, 1, 4)));
    }

    @Test
    void floatGemmRejectsOverlappingViewsButNotDisjointOnes() {
        FloatGemm gemm = new FloatGemm(single);
        float[] shared = new float[64];
        Tensor a = Tensor.view(shared, 0, 4, 4);
        Tensor b = Tensor.view(shared, 16, 4, 4);
        assertAliased("A", () -> gemm.mult(a, b, Tensor.view(shared, 12, 4, 4)));
        assertAliased("B", () -> gemm.mult(a, b, Tensor.wrap(shared, 64).slice(20, 36).reshape(4, 4)));
        gemm.mult(a, b, Tensor.view(shared, 32, 4, 4));
    }

    @Test
    void nullArgumentsNameTheArgument() {
        FloatGemm gemm = new FloatGemm(single);
        Tensor m = Tensor.zeros(2, 2);
        assertNamed("mult: A", () -> gemm.mult(null, m, m.copy()));
        assertNamed("mult: B", () -> gemm.mult(m, null, m.copy()));
        assertNamed("multTransA: C", () -> gemm.multTransA(m, m.copy(), null));
        BinaryGemm binary = new BinaryGemm(single);
        BitMatrix bits = new BitMatrix(2, 64);
        BitPanels panels = binary.prepare(bits);
        assertNamed("mult: A", () -> binary.mult(null, panels, new int[4]));
        assertNamed("mult: B", () -> binary.mult(bits, null, new int[4]));
        assertNamed("mult: C", () -> binary.mult(bits, panels, null));
        assertNamed("multScaled: scale", () -> binary.multScaled(bits, panels, null, new float[2], Tensor.zeros(2, 2)));
        assertNamed("multThreshold: thresholds", () -> binary.multThreshold(bits, panels, null, new BitMatrix(2, 2)));
        assertNamed("multThreshold: output", () -> binary.multThreshold(bits, panels, SignThresholds.of(0, 0), null));
    }

    private static void assertAliased(String input, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(!(e instanceof ShapeMismatchException) && e.getMessage().contains("input " + input),
                "expected an aliasing error naming input " + input + ": " + e.getMessage());
    }

    private static void assertNamed(String expected, Executable call) {
        NullPointerException e = assertThrows(NullPointerException.class, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(expected),
                "expected the message to name \"" + expected + "\": " + e.getMessage());
    }
}
