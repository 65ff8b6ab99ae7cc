package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.testing.FloatTolerance;
import dev.bnn.core.testing.TensorViews;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Float GEMM: the scalar reference and the Vector API kernel (at this JVM's width) against a
 * double-precision reference over awkward shapes, every facade variant, thread-count invariance
 * and argument checks.
 */
class FloatGemmTest {
    private static final int[] MN_SIZES = {1, 2, 3, 5, 6, 7, 17, 63, 64, 65, 100};
    private static final int[] K_SIZES = {1, 2, 7, 63, 64, 65, 127, 300, 1000};

    /** The Panama kernel of this JVM, skipping (not passing) in a scalar JVM. */
    private static FloatGemmSupport panama() {
        return KernelImplementations.panamaProvider().floatGemm();
    }

    /** Every implementation usable in this JVM: scalar always, Panama at this JVM's width when chosen. */
    private static List<FloatGemmSupport> implementations() {
        return List.copyOf(KernelImplementations.all(KernelProvider::floatGemm).values());
    }

    @Test
    void scalarMatchesDoubleReference() {
        sweepAwkwardShapes(new ScalarFloatGemm(), 11);
    }

    @Test
    void panamaMatchesDoubleReference() {
        sweepAwkwardShapes(panama(), 12);
    }

    /**
     * One shape just past every cache block of the Panama kernel (MC = 192 rows, KC = 160 k,
     * NC = 4096 columns), so each loop level runs a full and a partial block, in all four
     * transpose combinations.
     */
    @Test
    void panamaCrossesCacheBlockBoundaries() {
        FloatGemmSupport support = panama();
        RandomGenerator rng = Seeds.generator(41);
        try (Parallelism single = Parallelism.singleThread()) {
            FloatGemm gemm = new FloatGemm(single, support);
            for (int flags = 0; flags < 4; flags++) {
                // Accumulate and bias on alternate combinations.
                checkAgainstReference(gemm, rng, 197, 4100, 170, flags | (flags % 2 == 0 ? 12 : 0));
            }
        }
    }

    /**
     * Every (m, n) pair of {@link #MN_SIZES}, each with one k from {@link #K_SIZES} (every k
     * about 13 times), cycling through the 16 combinations of (transA, transB, accumulate,
     * bias); plus k = 0 with each combination.
     */
    private static void sweepAwkwardShapes(FloatGemmSupport support, long seed) {
        RandomGenerator rng = Seeds.generator(seed);
        int flags = 0;
        int cases = 0;
        try (Parallelism single = Parallelism.singleThread()) {
            FloatGemm gemm = new FloatGemm(single, support);
            for (int mi = 0; mi < MN_SIZES.length; mi++) {
                for (int ni = 0; ni < MN_SIZES.length; ni++) {
                    int k = K_SIZES[(mi * 5 + ni * 3) % K_SIZES.length];
                    checkAgainstReference(gemm, rng, MN_SIZES[mi], MN_SIZES[ni], k, flags++ % 16);
                    cases++;
                }
            }
            for (int f = 0; f < 16; f++) {
                // Empty sum: C is its starting value (0 or C) plus the bias.
                checkAgainstReference(gemm, rng, 7, 65, 0, f);
                cases++;
            }
        }
        assertEquals(MN_SIZES.length * MN_SIZES.length + 16, cases);
    }

    /** flags bit 0: transA, bit 1: transB, bit 2: accumulate, bit 3: bias. */
    private static void checkAgainstReference(FloatGemm gemm, RandomGenerator rng, int m, int n, int k, int flags) {
        boolean transA = (flags & 1) != 0;
        boolean transB = (flags & 2) != 0;
        boolean accumulate = (flags & 4) != 0;
        boolean withBias = (flags & 8) != 0;
        Tensor a = transA ? Tensor.uniform(rng, -1f, 1f, k, m) : Tensor.uniform(rng, -1f, 1f, m, k);
        Tensor b = transB ? Tensor.uniform(rng, -1f, 1f, n, k) : Tensor.uniform(rng, -1f, 1f, k, n);
        Tensor bias = withBias ? Tensor.uniform(rng, -1f, 1f, n) : null;
        Tensor c = Tensor.uniform(rng, -1f, 1f, m, n);
        Tensor c0 = c.copy();
        gemm.gemm(transA, transB, a, b, bias, accumulate, c);
        assertCloseToReference(String.format("%s m=%d n=%d k=%d transA=%b transB=%b accumulate=%b bias=%b",
                gemm, m, n, k, transA, transB, accumulate, withBias), transA, transB, a, b, bias, accumulate, c0, c);
    }

    /**
     * Compares c against c0 (if accumulate) + opA opB (+ bias) computed in double, within
     * {@link FloatTolerance}: a chain of k fused multiply-adds from c0, then one add of the bias,
     * over terms of magnitude S = |c0| + sum_p |a_ip b_pj| + |bias_j|.
     */
    private static void assertCloseToReference(String what, boolean transA, boolean transB, Tensor a, Tensor b,
                                               Tensor bias, boolean accumulate, Tensor c0, Tensor c) {
        int m = c.dim(0);
        int n = c.dim(1);
        int k = transA ? a.dim(0) : a.dim(1);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? c0.get(i, j) : 0;
                double magnitude = Math.abs(sum);
                for (int p = 0; p < k; p++) {
                    double prod = (double) (transA ? a.get(p, i) : a.get(i, p)) * (transB ? b.get(j, p) : b.get(p, j));
                    sum += prod;
                    magnitude += Math.abs(prod);
                }
                if (bias != null) {
                    sum += bias.get(j);
                    magnitude += Math.abs(bias.get(j));
                }
                FloatTolerance.assertClose(what + ": C[" + i + ", " + j + "]", sum, c.get(i, j), k, magnitude);
            }
        }
    }

    /** One public variant of the facade, with the (transA, transB, bias, accumulate) it stands for. */
    private record Variant(String method, boolean transA, boolean transB, boolean bias, boolean accumulate, Call call) {}

    @FunctionalInterface
    private interface Call {
        void run(FloatGemm gemm, Tensor a, Tensor b, Tensor bias, Tensor c);
    }

    private static List<Variant> facadeVariants() {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("mult", false, false, false, false, (g, a, b, bias, c) -> g.mult(a, b, c)));
        v.add(new Variant("mult", false, false, true, false, (g, a, b, bias, c) -> g.mult(a, b, bias, c)));
        v.add(new Variant("multAdd", false, false, false, true, (g, a, b, bias, c) -> g.multAdd(a, b, c)));
        v.add(new Variant("multTransA", true, false, false, false, (g, a, b, bias, c) -> g.multTransA(a, b, c)));
        v.add(new Variant("multAddTransA", true, false, false, true, (g, a, b, bias, c) -> g.multAddTransA(a, b, c)));
        v.add(new Variant("multTransB", false, true, false, false, (g, a, b, bias, c) -> g.multTransB(a, b, c)));
        v.add(new Variant("multTransB", false, true, true, false, (g, a, b, bias, c) -> g.multTransB(a, b, bias, c)));
        v.add(new Variant("multAddTransB", false, true, false, true, (g, a, b, bias, c) -> g.multAddTransB(a, b, c)));
        // The general form, in its most demanding setting (its other settings are swept above).
        v.add(new Variant("gemm", true, true, true, true, (g, a, b, bias, c) -> g.gemm(true, true, a, b, bias, true, c)));
        return v;
    }

    /**
     * EJML-style: every public product method of the facade is checked, and the count of checked
     * variants must equal the count of public methods, so a new variant cannot escape testing.
     */
    @Test
    void everyFacadeVariantMatchesReference() {
        List<Variant> variants = facadeVariants();
        long publicProducts = Arrays.stream(FloatGemm.class.getDeclaredMethods())
                .filter(meth -> Modifier.isPublic(meth.getModifiers()) && !Modifier.isStatic(meth.getModifiers()))
                .map(Method::getName)
                .filter(name -> name.startsWith("mult") || name.equals("gemm"))
                .count();
        assertEquals(publicProducts, variants.size(), "a public FloatGemm method is not covered by facadeVariants()");

        RandomGenerator rng = Seeds.generator(21);
        int checked = 0;
        for (FloatGemmSupport support : implementations()) {
            try (Parallelism single = Parallelism.singleThread()) {
                FloatGemm gemm = new FloatGemm(single, support);
                for (Variant v : variants) {
                    int m = 13;
                    int n = 70;
                    int k = 67;
                    Tensor a = v.transA ? Tensor.uniform(rng, -1f, 1f, k, m) : Tensor.uniform(rng, -1f, 1f, m, k);
                    Tensor b = v.transB ? Tensor.uniform(rng, -1f, 1f, n, k) : Tensor.uniform(rng, -1f, 1f, k, n);
                    Tensor bias = v.bias ? Tensor.uniform(rng, -1f, 1f, n) : null;
                    Tensor c = Tensor.uniform(rng, -1f, 1f, m, n);
                    Tensor c0 = c.copy();
                    v.call.run(gemm, a, b, bias, c);
                    assertCloseToReference(support + " " + v, v.transA, v.transB, a, b, bias, v.accumulate, c0, c);
                    checked++;
                }
            }
        }
        assertEquals(9, variants.size());
        assertEquals(9 * implementations().size(), checked);
    }

    /** [[1,2,3],[4,5,6]] [[7,8],[9,10],[11,12]] = [[58,64],[139,154]], exact in float. */
    @Test
    void handComputedProduct() {
        Tensor a = Tensor.wrap(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.wrap(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
        Tensor bt = Tensor.wrap(new float[] {7, 9, 11, 8, 10, 12}, 2, 3);
        Tensor bias = Tensor.wrap(new float[] {1, -1}, 2);
        for (FloatGemmSupport support : implementations()) {
            try (Parallelism single = Parallelism.singleThread()) {
                FloatGemm gemm = new FloatGemm(single, support);
                Tensor c = Tensor.zeros(2, 2);
                gemm.mult(a, b, c);
                assertArrayEquals(new float[] {58, 64, 139, 154}, c.data(), support.toString());
                gemm.multTransB(a, bt, bias, c);
                assertArrayEquals(new float[] {59, 63, 140, 153}, c.data(), support.toString());
                gemm.multAdd(a, b, c);
                assertArrayEquals(new float[] {117, 127, 279, 307}, c.data(), support.toString());
            }
        }
    }

    /**
     * The same product with 1, 2 and 3 threads is bit-identical: m = 1 and wide outputs are split
     * by columns, tall ones by rows.
     */
    @Test
    void resultDoesNotDependOnThreadCount() {
        int[][] shapes = {{1, 300, 1000}, {1, 1000, 129}, {500, 100, 64}, {37, 515, 129}, {100, 64, 700}, {300, 33, 150}};
        RandomGenerator rng = Seeds.generator(31);
        // The split is the facade's, the same at every width.
        List<FloatGemmSupport> supports = implementations();
        for (FloatGemmSupport support : supports) {
            for (int[] shape : shapes) {
                int m = shape[0];
                int k = shape[1];
                int n = shape[2];
                for (int flags = 0; flags < 16; flags += 5) {
                    boolean transA = (flags & 1) != 0;
                    boolean transB = (flags & 2) != 0;
                    boolean accumulate = (flags & 4) != 0;
                    Tensor a = transA ? Tensor.uniform(rng, -1f, 1f, k, m) : Tensor.uniform(rng, -1f, 1f, m, k);
                    Tensor b = transB ? Tensor.uniform(rng, -1f, 1f, n, k) : Tensor.uniform(rng, -1f, 1f, k, n);
                    Tensor bias = (flags & 8) != 0 ? Tensor.uniform(rng, -1f, 1f, n) : null;
                    Tensor start = Tensor.uniform(rng, -1f, 1f, m, n);
                    float[] expected = null;
                    for (int threads = 1; threads <= 3; threads++) {
                        try (Parallelism parallelism = Parallelism.threads(threads, 1)) {
                            Tensor c = start.copy();
                            new FloatGemm(parallelism, support).gemm(transA, transB, a, b, bias, accumulate, c);
                            if (expected == null) {
                                expected = c.data();
                            } else {
                                assertArrayEquals(expected, c.data(), support + " " + Arrays.toString(shape)
                                        + " flags " + flags + " with " + threads + " threads");
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A, B, bias and C as views at odd offsets inside larger NaN-filled arrays, in every
     * transpose combination, on each implementation: the same bits as whole-array operands, and
     * nothing outside C's window written. Shapes take both the packed and the unpacked paths.
     */
    @Test
    void viewsAtNonzeroOffsetsReadAndWriteOnlyTheirWindow() {
        RandomGenerator rng = Seeds.generator(51);
        int[][] shapes = {{1, 70, 67}, {3, 70, 67}, {13, 70, 67}, {8, 33, 0}};
        int checked = 0;
        for (FloatGemmSupport support : implementations()) {
            try (Parallelism single = Parallelism.singleThread()) {
                FloatGemm gemm = new FloatGemm(single, support);
                for (int[] s : shapes) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    for (int flags = 0; flags < 16; flags++) {
                        boolean transA = (flags & 1) != 0;
                        boolean transB = (flags & 2) != 0;
                        boolean accumulate = (flags & 4) != 0;
                        Tensor a = transA ? Tensor.uniform(rng, -1f, 1f, k, m) : Tensor.uniform(rng, -1f, 1f, m, k);
                        Tensor b = transB ? Tensor.uniform(rng, -1f, 1f, n, k) : Tensor.uniform(rng, -1f, 1f, k, n);
                        Tensor bias = (flags & 8) != 0 ? Tensor.uniform(rng, -1f, 1f, n) : null;
                        Tensor expected = Tensor.uniform(rng, -1f, 1f, m, n);
                        Tensor c = TensorViews.embed(expected, 9, 5);
                        gemm.gemm(transA, transB, a, b, bias, accumulate, expected);
                        float[] before = c.data().clone();
                        gemm.gemm(transA, transB, TensorViews.embed(a, 3, 4), TensorViews.embed(b, 17, 2),
                                bias == null ? null : TensorViews.embed(bias, 1, 1), accumulate, c);
                        String what = support + " " + Arrays.toString(s) + " flags " + flags;
                        assertArrayEquals(expected.data(), c.copy().data(), what);
                        TensorViews.assertOutsideUnchanged(what, before, c);
                        checked++;
                    }
                }
            }
        }
        assertEquals(implementations().size() * shapes.length * 16, checked);
    }

    @Test
    void innerDimensionMismatchNamesBothShapes() {
        try (Parallelism single = Parallelism.singleThread()) {
            FloatGemm gemm = new FloatGemm(single, new ScalarFloatGemm());
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> gemm.mult(Tensor.zeros(3, 4), Tensor.zeros(5, 2), Tensor.zeros(3, 2)));
            assertMentions(e, "[3, 4]", "[5, 2]");
            e = assertThrows(ShapeMismatchException.class,
                    () -> gemm.multTransA(Tensor.zeros(4, 3), Tensor.zeros(5, 2), Tensor.zeros(3, 2)));
            assertMentions(e, "[4, 3]", "[5, 2]");
            e = assertThrows(ShapeMismatchException.class,
                    () -> gemm.multTransB(Tensor.zeros(3, 4), Tensor.zeros(2, 5), Tensor.zeros(3, 2)));
            assertMentions(e, "[3, 4]", "[2, 5]");
        }
    }

    @Test
    void wrongOutputAndBiasShapesNameBothShapes() {
        try (Parallelism single = Parallelism.singleThread()) {
            FloatGemm gemm = new FloatGemm(single, new ScalarFloatGemm());
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> gemm.mult(Tensor.zeros(3, 4), Tensor.zeros(4, 2), Tensor.zeros(3, 3)));
            assertMentions(e, "[3, 3]", "[3, 2]");
            e = assertThrows(ShapeMismatchException.class,
                    () -> gemm.mult(Tensor.zeros(3, 4), Tensor.zeros(4, 2), Tensor.zeros(3), Tensor.zeros(3, 2)));
            assertMentions(e, "[3]", "[2]");
            e = assertThrows(ShapeMismatchException.class,
                    () -> gemm.mult(Tensor.zeros(3, 4, 1), Tensor.zeros(4, 2), Tensor.zeros(3, 2)));
            assertMentions(e, "[3, 4, 1]");
        }
    }

    @Test
    void outputAliasingAnInputIsRejected() {
        try (Parallelism single = Parallelism.singleThread()) {
            FloatGemm gemm = new FloatGemm(single, new ScalarFloatGemm());
            Tensor a = Tensor.zeros(3, 3);
            Tensor b = Tensor.zeros(3, 3);
            assertAliasRejected(() -> gemm.mult(a, b, a));
            assertAliasRejected(() -> gemm.multAdd(a, b, b));
            // A reshaped view shares the array, so it aliases too.
            assertAliasRejected(() -> gemm.multTransB(a, b, a.reshape(3, 3)));
            Tensor row = Tensor.zeros(1, 3);
            Tensor bias = Tensor.zeros(3);
            assertAliasRejected(() -> gemm.mult(row, b, bias, bias.reshape(1, 3)));
        }
    }

    /** Rejected for aliasing, not for a shape (ShapeMismatchException is also an IllegalArgumentException). */
    private static void assertAliasRejected(org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(!(e instanceof ShapeMismatchException) && e.getMessage().contains("same array"), e.getMessage());
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message should mention " + part + ": " + e.getMessage());
        }
    }
}
