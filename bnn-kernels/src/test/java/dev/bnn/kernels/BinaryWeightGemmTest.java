package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.testing.TestShapes;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The BinaryConnect product: every implementation against a double-precision reference on the
 * unpacked weights, with a rounding tolerance that grows with k; bit-identical across thread
 * counts and tile bounds.
 */
class BinaryWeightGemmTest {
    private static final int[] KS = {1, 7, 15, 16, 17, 63, 64, 65, 200, 1000};
    private static final int[] MNS = {1, 3, 4, 5, 9, 17};

    private static Map<String, BinaryWeightGemmSupport> panamaImplementations() {
        return KernelImplementations.panama(KernelProvider::binaryWeightGemm);
    }

    private static Map<String, BinaryWeightGemmSupport> implementations() {
        return KernelImplementations.all(KernelProvider::binaryWeightGemm);
    }

    private enum Variant { PLAIN, BIAS, ACCUMULATE }

    private static void run(BinaryWeightGemm g, Variant v, Tensor a, BitMatrix w, Tensor bias, Tensor c) {
        switch (v) {
            case PLAIN -> g.multTransB(a, w, c);
            case BIAS -> g.multTransB(a, w, bias, c);
            case ACCUMULATE -> g.multAddTransB(a, w, c);
        }
    }

    @Test
    void everyImplementationIsCloseToTheDoubleReference() {
        RandomGenerator rng = Seeds.generator(21);
        Map<String, BinaryWeightGemmSupport> impls = implementations();
        int checked = 0;
        for (int k : KS) {
            for (int m : MNS) {
                for (int n : MNS) {
                    Tensor a = Tensor.wrap(TestShapes.signTestValues(rng, m * k), m, k);
                    BitMatrix w = BitMatrix.packSigns(TestShapes.randomSigns(rng, n, k));
                    Tensor bias = Tensor.uniform(rng, -1f, 1f, n);
                    Tensor c0 = Tensor.uniform(rng, -1f, 1f, m, n);
                    // Reference in double, and the worst-case float rounding bound
                    // (k + 2) * 2^-24 * (sum |terms|), which grows with k.
                    double[] dots = new double[m * n];
                    double[] abs = new double[m * n];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            for (int p = 0; p < k; p++) {
                                double x = a.get(i, p);
                                dots[i * n + j] += x * w.get(j, p);
                                abs[i * n + j] += Math.abs(x);
                            }
                        }
                    }
                    for (Variant v : Variant.values()) {
                        double[] ref = new double[m * n];
                        double[] tol = new double[m * n];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double extra = switch (v) {
                                    case PLAIN -> 0;
                                    case BIAS -> bias.get(j);
                                    case ACCUMULATE -> c0.get(i, j);
                                };
                                ref[i * n + j] = dots[i * n + j] + extra;
                                tol[i * n + j] = (k + 2) * 0x1p-24 * (abs[i * n + j] + Math.abs(extra)) + Float.MIN_NORMAL;
                            }
                        }
                        for (var e : impls.entrySet()) {
                            Tensor c = c0.copy();
                            run(new BinaryWeightGemm(Parallelism.singleThread(), e.getValue()), v, a, w, bias, c);
                            for (int x = 0; x < m * n; x++) {
                                double err = Math.abs(c.data()[x] - ref[x]);
                                if (err > tol[x]) {
                                    throw new AssertionError(e.getKey() + " " + v + " m=" + m + " k=" + k + " n=" + n
                                            + " element " + x + ": " + c.data()[x] + " vs " + ref[x] + " (tolerance "
                                            + tol[x] + ")");
                                }
                            }
                            checked++;
                        }
                    }
                }
            }
        }
        assertEquals(KS.length * MNS.length * MNS.length * Variant.values().length * impls.size(), checked);
    }

    @Test
    void resultsAreBitIdenticalAcrossThreadCounts() {
        RandomGenerator rng = Seeds.generator(22);
        // m = 1 with wide n splits columns; large m splits rows.
        int[][] shapes = {{1, 300, 1000}, {200, 100, 21}};
        for (var e : implementations().entrySet()) {
            for (int[] s : shapes) {
                int m = s[0];
                int k = s[1];
                int n = s[2];
                Tensor a = Tensor.uniform(rng, -1f, 1f, m, k);
                BitMatrix w = BitMatrix.packSigns(TestShapes.randomSigns(rng, n, k));
                Tensor bias = Tensor.uniform(rng, -1f, 1f, n);
                Tensor c0 = Tensor.uniform(rng, -1f, 1f, m, n);
                for (Variant v : Variant.values()) {
                    float[] first = null;
                    for (int threads = 1; threads <= 3; threads++) {
                        try (Parallelism par = Parallelism.threads(threads, 1)) {
                            Tensor c = c0.copy();
                            run(new BinaryWeightGemm(par, e.getValue()), v, a, w, bias, c);
                            if (first == null) {
                                first = c.data();
                            } else {
                                assertArrayEquals(first, c.data(), e.getKey() + " " + v + " threads=" + threads);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void anElementDoesNotDependOnTheTileBounds() {
        Assumptions.assumeTrue(KernelProvider.vectorModulePresent(),
                "jdk.incubator.vector is not in the boot layer: Panama kernels cannot be tested");
        RandomGenerator rng = Seeds.generator(23);
        int m = 11;
        int k = 77;
        int n = 13;
        float[] a = Tensor.uniform(rng, -1f, 1f, m, k).data();
        BitMatrix w = BitMatrix.packSigns(TestShapes.randomSigns(rng, n, k));
        for (var e : panamaImplementations().entrySet()) {
            float[] whole = new float[m * n];
            e.getValue().gemm(a, m, k, w, whole, null, false, 0, m, 0, n);
            // Odd tile bounds move elements between the 4 x 4, 1 x 4 and 1 x 1 kernels.
            float[] tiled = new float[m * n];
            int[] rowCuts = {0, 1, 6, 11};
            int[] colCuts = {0, 3, 10, 13};
            for (int r = 0; r + 1 < rowCuts.length; r++) {
                for (int q = 0; q + 1 < colCuts.length; q++) {
                    e.getValue().gemm(a, m, k, w, tiled, null, false, rowCuts[r], rowCuts[r + 1], colCuts[q], colCuts[q + 1]);
                }
            }
            assertArrayEquals(whole, tiled, e.getKey());
        }
    }

    @Test
    void handComputedCase() {
        // a = [0.5, 2, -1], w = [+1, -1, -1]: 0.5 - 2 + 1 = -0.5, plus bias 0.25.
        Tensor a = Tensor.wrap(new float[] {0.5f, 2f, -1f}, 1, 3);
        BitMatrix w = BitMatrix.packSigns(new float[] {1f, -1f, -1f}, 1, 3);
        for (var e : implementations().entrySet()) {
            Tensor c = Tensor.zeros(1, 1);
            new BinaryWeightGemm(Parallelism.singleThread(), e.getValue())
                    .multTransB(a, w, Tensor.wrap(new float[] {0.25f}, 1), c);
            assertEquals(-0.25f, c.get(0, 0), e.getKey());
        }
    }

    @Test
    void shapeErrorsNameBothShapes() {
        BinaryWeightGemm g = new BinaryWeightGemm(Parallelism.singleThread(), new ScalarBinaryWeightGemm());
        var e = assertThrows(ShapeMismatchException.class,
                () -> g.multTransB(Tensor.zeros(3, 10), new BitMatrix(4, 11), Tensor.zeros(3, 4)));
        assertTrue(e.getMessage().contains("[3, 10]") && e.getMessage().contains("[4, 11]"), e.getMessage());
        var e2 = assertThrows(ShapeMismatchException.class,
                () -> g.multTransB(Tensor.zeros(3, 10), new BitMatrix(4, 10), Tensor.zeros(4, 3)));
        assertTrue(e2.getMessage().contains("[4, 3]") && e2.getMessage().contains("[3, 4]"), e2.getMessage());
        assertThrows(ShapeMismatchException.class,
                () -> g.multTransB(Tensor.zeros(3, 10), new BitMatrix(4, 10), Tensor.zeros(3), Tensor.zeros(3, 4)));
    }
}
