package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.testing.FloatTolerance;
import dev.bnn.core.testing.TensorViews;
import dev.bnn.core.testing.TestShapes;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Float-by-sign-bits products: every public variant on every implementation against a
 * double-precision reference on the unpacked ±1 values over awkward shapes; bit-identical across
 * thread counts and tile bounds; views; argument errors.
 */
class BinaryWeightGemmTest {
    /** Inner dimensions across word and vector boundaries. */
    private static final int[] KS = {1, 7, 16, 17, 63, 64, 65, 127, 128, 129, 300};
    private static final int[] MS = {1, 3, 5, 6, 7, 13};
    /** Output columns: for mult and multTransA these run along the bits of B. */
    private static final int[] NS = {1, 3, 15, 16, 17, 63, 64, 65, 127, 128, 129};

    private static Map<String, BinaryWeightGemmSupport> implementations() {
        return KernelImplementations.all(KernelProvider::binaryWeightGemm);
    }

    /** One public method: its name, how A and B are laid out, and whether it adds a bias or to C. */
    private enum Variant {
        MULT_TRANS_B("multTransB", false, true, false, false, (g, a, w, bias, c) -> g.multTransB(a, w, c)),
        MULT_TRANS_B_BIAS("multTransB", false, true, true, false, (g, a, w, bias, c) -> g.multTransB(a, w, bias, c)),
        MULT_ADD_TRANS_B("multAddTransB", false, true, false, true, (g, a, w, bias, c) -> g.multAddTransB(a, w, c)),
        MULT("mult", false, false, false, false, (g, a, w, bias, c) -> g.mult(a, w, c)),
        MULT_ADD("multAdd", false, false, false, true, (g, a, w, bias, c) -> g.multAdd(a, w, c)),
        MULT_TRANS_A("multTransA", true, false, false, false, (g, a, w, bias, c) -> g.multTransA(a, w, c)),
        MULT_ADD_TRANS_A("multAddTransA", true, false, false, true, (g, a, w, bias, c) -> g.multAddTransA(a, w, c));

        final String method;
        final boolean transA;
        final boolean transB;
        final boolean bias;
        final boolean accumulate;
        final Call call;

        Variant(String method, boolean transA, boolean transB, boolean bias, boolean accumulate, Call call) {
            this.method = method;
            this.transA = transA;
            this.transB = transB;
            this.bias = bias;
            this.accumulate = accumulate;
            this.call = call;
        }

        /** Random operands for an m x n output with inner dimension k, laid out for this variant. */
        Operands operands(RandomGenerator rng, int m, int n, int k) {
            Tensor a = Tensor.wrap(TestShapes.signTestValues(rng, m * k), transA ? k : m, transA ? m : k);
            Tensor signs = transB ? TestShapes.randomSigns(rng, n, k) : TestShapes.randomSigns(rng, k, n);
            return new Operands(a, signs, BitPacking.packSigns(signs), Tensor.uniform(rng, -1f, 1f, n),
                    Tensor.uniform(rng, -1f, 1f, m, n));
        }

        double a(Operands o, int i, int p) {
            return transA ? o.a.get(p, i) : o.a.get(i, p);
        }

        double b(Operands o, int p, int j) {
            return transB ? o.signs.get(j, p) : o.signs.get(p, j);
        }
    }

    @FunctionalInterface
    private interface Call {
        void run(BinaryWeightGemm g, Tensor a, BitMatrix w, Tensor bias, Tensor c);
    }

    /** A, the ±1 values of B and their bits, a bias, and a starting C. */
    private record Operands(Tensor a, Tensor signs, BitMatrix bits, Tensor bias, Tensor c0) {}

    /** Runs v on a copy of the starting C and checks every element against the double reference. */
    private static Tensor checkAgainstReference(String what, BinaryWeightGemm g, Variant v, Operands o) {
        int m = o.c0.dim(0);
        int n = o.c0.dim(1);
        int k = v.transA ? o.a.dim(0) : o.a.dim(1);
        Tensor c = o.c0.copy();
        v.call.run(g, o.a, o.bits, o.bias, c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double start = v.accumulate ? o.c0.get(i, j) : 0;
                double sum = start;
                double magnitude = Math.abs(start);
                for (int p = 0; p < k; p++) {
                    double term = v.a(o, i, p) * v.b(o, p, j);
                    sum += term;
                    magnitude += Math.abs(term);
                }
                if (v.bias) {
                    sum += o.bias.get(j);
                    magnitude += Math.abs(o.bias.get(j));
                }
                FloatTolerance.assertClose(what + " C[" + i + ", " + j + "]", sum, c.get(i, j), k, magnitude);
            }
        }
        return c;
    }

    /**
     * Every (m, n) pair with one k each (cycling through {@link #KS}), every k at one (m, n), and
     * one shape past the cache blocks, for every variant and implementation. mult and multTransA are also bit-identical to the
     * scalar reference (same summation order).
     */
    @Test
    void everyVariantAndImplementationMatchesTheDoubleReference() {
        RandomGenerator rng = Seeds.generator(21);
        Map<String, BinaryWeightGemmSupport> impls = implementations();
        BinaryWeightGemm scalar = new BinaryWeightGemm(Parallelism.singleThread(), new ScalarBinaryWeightGemm());
        int checked = 0;
        int shapes = 0;
        for (int mi = 0; mi < MS.length; mi++) {
            for (int ni = 0; ni < NS.length; ni++) {
                checked += checkShape(rng, impls, scalar, MS[mi], NS[ni], KS[(mi * 5 + ni * 3) % KS.length]);
                shapes++;
            }
        }
        for (int k : KS) {
            checked += checkShape(rng, impls, scalar, 7, 65, k);
            shapes++;
        }
        // Past the Panama mult cache blocks (126 rows, 256 values of k) and with whole 6-row x 4-vector tiles.
        checked += checkShape(rng, impls, scalar, 133, 130, 520);
        shapes++;
        assertEquals(MS.length * NS.length + KS.length + 1, shapes);
        assertEquals(shapes * Variant.values().length * impls.size(), checked);
    }

    private static int checkShape(RandomGenerator rng, Map<String, BinaryWeightGemmSupport> impls,
                                  BinaryWeightGemm scalar, int m, int n, int k) {
        int checked = 0;
        for (Variant v : Variant.values()) {
            Operands o = v.operands(rng, m, n, k);
            Tensor reference = o.c0.copy();
            v.call.run(scalar, o.a, o.bits, o.bias, reference);
            for (var e : impls.entrySet()) {
                String what = e.getKey() + " " + v + " m=" + m + " n=" + n + " k=" + k;
                Tensor c = checkAgainstReference(what, new BinaryWeightGemm(Parallelism.singleThread(), e.getValue()), v, o);
                if (!v.transB) {
                    assertArrayEquals(reference.data(), c.data(), what + ": not bit-identical to the scalar reference");
                }
                checked++;
            }
        }
        return checked;
    }

    /**
     * mult and multTransA sum in FloatGemm's order (fma(a, ±1, acc) rounds like acc ± a), so on
     * the unpacked ±1 values they equal FloatGemm bit for bit, for every pair of implementations.
     */
    @Test
    void multAndMultTransAEqualFloatGemmOnTheUnpackedSignsBitForBit() {
        RandomGenerator rng = Seeds.generator(25);
        int checked = 0;
        for (var f : KernelImplementations.all(KernelProvider::floatGemm).entrySet()) {
            FloatGemm floats = new FloatGemm(Parallelism.singleThread(), f.getValue());
            for (var e : implementations().entrySet()) {
                BinaryWeightGemm bits = new BinaryWeightGemm(Parallelism.singleThread(), e.getValue());
                for (Variant v : List.of(Variant.MULT, Variant.MULT_ADD, Variant.MULT_TRANS_A, Variant.MULT_ADD_TRANS_A)) {
                    for (int[] s : new int[][] {{7, 129, 65}, {13, 70, 300}}) {
                        Operands o = v.operands(rng, s[0], s[1], s[2]);
                        Tensor expected = o.c0.copy();
                        floats.gemm(v.transA, false, o.a, o.signs, null, v.accumulate, expected);
                        Tensor c = o.c0.copy();
                        v.call.run(bits, o.a, o.bits, null, c);
                        assertArrayEquals(expected.data(), c.data(), f.getKey() + " vs " + e.getKey() + " " + v);
                        checked++;
                    }
                }
            }
        }
        assertEquals(KernelImplementations.all(KernelProvider::floatGemm).size() * implementations().size() * 4 * 2, checked);
    }

    /** EJML-style: the variants above cover every public product method of the facade. */
    @Test
    void everyPublicMethodIsAVariant() {
        long publicProducts = Arrays.stream(BinaryWeightGemm.class.getDeclaredMethods())
                .filter(meth -> Modifier.isPublic(meth.getModifiers()) && !Modifier.isStatic(meth.getModifiers()))
                .map(Method::getName)
                .filter(name -> name.startsWith("mult"))
                .count();
        assertEquals(publicProducts, Variant.values().length, "a public BinaryWeightGemm method has no Variant");
    }

    @Test
    void resultsAreBitIdenticalAcrossThreadCounts() {
        RandomGenerator rng = Seeds.generator(22);
        // m = 1 with wide n splits columns; large m splits rows; {m, n, k}.
        int[][] shapes = {{1, 1000, 300}, {200, 21, 100}, {37, 129, 65}};
        int checked = 0;
        for (var e : implementations().entrySet()) {
            for (int[] s : shapes) {
                for (Variant v : Variant.values()) {
                    Operands o = v.operands(rng, s[0], s[1], s[2]);
                    float[] first = null;
                    for (int threads = 1; threads <= 4; threads++) {
                        try (Parallelism par = Parallelism.threads(threads, 1)) {
                            Tensor c = o.c0.copy();
                            v.call.run(new BinaryWeightGemm(par, e.getValue()), o.a, o.bits, o.bias, c);
                            if (first == null) {
                                first = c.data();
                            } else {
                                assertArrayEquals(first, c.data(), e.getKey() + " " + v + " " + Arrays.toString(s)
                                        + " threads=" + threads);
                            }
                            checked++;
                        }
                    }
                }
            }
        }
        assertEquals(implementations().size() * shapes.length * Variant.values().length * 4, checked);
    }

    @Test
    void anElementDoesNotDependOnTheTileBounds() {
        Assumptions.assumeTrue(KernelProvider.vectorModulePresent(),
                "jdk.incubator.vector is not in the boot layer: Panama kernels cannot be tested");
        RandomGenerator rng = Seeds.generator(23);
        int m = 11;
        int k = 77;
        // Odd cuts move elements between the block, single-vector and scalar-edge kernels.
        int[] rowCuts = {0, 1, 7, 11};
        for (var e : KernelImplementations.panama(KernelProvider::binaryWeightGemm).entrySet()) {
            BinaryWeightGemmSupport s = e.getValue();
            for (boolean transA : new boolean[] {false, true}) {
                int n = 150;
                int[] colCuts = {0, 3, 64, 70, 150};
                Tensor a = transA ? Tensor.uniform(rng, -1f, 1f, k, m) : Tensor.uniform(rng, -1f, 1f, m, k);
                BitMatrix b = BitPacking.packSigns(TestShapes.randomSigns(rng, k, n));
                Tensor whole = Tensor.zeros(m, n);
                s.mult(transA, a, b, false, whole, 0, m, 0, n);
                Tensor tiled = Tensor.zeros(m, n);
                forEachTile(rowCuts, colCuts, (r0, r1, c0, c1) -> s.mult(transA, a, b, false, tiled, r0, r1, c0, c1));
                assertArrayEquals(whole.data(), tiled.data(), e.getKey() + " mult transA=" + transA);
            }
            int n = 13;
            Tensor a = Tensor.uniform(rng, -1f, 1f, m, k);
            BitMatrix w = BitPacking.packSigns(TestShapes.randomSigns(rng, n, k));
            Tensor whole = Tensor.zeros(m, n);
            s.multTransB(a, w, null, false, whole, 0, m, 0, n);
            Tensor tiled = Tensor.zeros(m, n);
            forEachTile(rowCuts, new int[] {0, 3, 10, 13},
                    (r0, r1, c0, c1) -> s.multTransB(a, w, null, false, tiled, r0, r1, c0, c1));
            assertArrayEquals(whole.data(), tiled.data(), e.getKey() + " multTransB");
        }
    }

    private static void forEachTile(int[] rowCuts, int[] colCuts, Tiles.TileKernel tile) {
        for (int r = 0; r + 1 < rowCuts.length; r++) {
            for (int q = 0; q + 1 < colCuts.length; q++) {
                tile.run(rowCuts[r], rowCuts[r + 1], colCuts[q], colCuts[q + 1]);
            }
        }
    }

    /**
     * Operands and output as views at odd offsets inside larger arrays: the result equals the
     * whole-array one bit for bit, and no entry outside C's window changes.
     */
    @Test
    void viewsAtNonzeroOffsetsReadAndWriteOnlyTheirWindow() {
        RandomGenerator rng = Seeds.generator(24);
        int m = 9;
        int n = 70;
        int k = 67;
        for (var e : implementations().entrySet()) {
            BinaryWeightGemm g = new BinaryWeightGemm(Parallelism.singleThread(), e.getValue());
            for (Variant v : Variant.values()) {
                Operands o = v.operands(rng, m, n, k);
                Tensor expected = o.c0.copy();
                v.call.run(g, o.a, o.bits, o.bias, expected);
                Tensor a = TensorViews.embed(o.a, 5, 11);
                Tensor bias = TensorViews.embed(o.bias, 3, 1);
                Tensor c = TensorViews.embed(o.c0, 13, 7);
                float[] before = c.data().clone();
                v.call.run(g, a, o.bits, bias, c);
                String what = e.getKey() + " " + v;
                assertArrayEquals(expected.data(), c.copy().data(), what);
                TensorViews.assertOutsideUnchanged(what, before, c);
            }
        }
    }

    @Test
    void handComputedCases() {
        // a = [0.5, 2, -1], w = [+1, -1, -1]: 0.5 - 2 + 1 = -0.5, plus bias 0.25.
        Tensor a = Tensor.wrap(new float[] {0.5f, 2f, -1f}, 1, 3);
        BitMatrix w = BitPacking.packSigns(Tensor.wrap(new float[] {1f, -1f, -1f}, 1, 3));
        // gradInput of a 2 -> 3 layer: g = [1, 2], W = [[+1, -1, +1], [-1, -1, +1]] (2 x 3):
        // g W = [1 - 2, -1 - 2, 1 + 2] = [-1, -3, 3].
        Tensor grad = Tensor.wrap(new float[] {1f, 2f}, 1, 2);
        BitMatrix w23 = BitPacking.packSigns(Tensor.wrap(new float[] {1, -1, 1, -1, -1, 1}, 2, 3));
        // Weight gradient: G = [[1, 2], [3, 4]] (batch 2 x out 2), X = [[+1, -1], [-1, -1]]:
        // G^T X = [[1 - 3, -1 - 3], [2 - 4, -2 - 4]] = [[-2, -4], [-2, -6]].
        Tensor g2 = Tensor.wrap(new float[] {1, 2, 3, 4}, 2, 2);
        BitMatrix x = BitPacking.packSigns(Tensor.wrap(new float[] {1, -1, -1, -1}, 2, 2));
        for (var e : implementations().entrySet()) {
            BinaryWeightGemm g = new BinaryWeightGemm(Parallelism.singleThread(), e.getValue());
            Tensor c = Tensor.zeros(1, 1);
            g.multTransB(a, w, Tensor.wrap(new float[] {0.25f}, 1), c);
            assertEquals(-0.25f, c.get(0, 0), e.getKey());
            Tensor gi = Tensor.zeros(1, 3);
            g.mult(grad, w23, gi);
            assertArrayEquals(new float[] {-1, -3, 3}, gi.data(), e.getKey());
            Tensor gw = Tensor.zeros(2, 2);
            g.multTransA(g2, x, gw);
            assertArrayEquals(new float[] {-2, -4, -2, -6}, gw.data(), e.getKey());
            g.multAddTransA(g2, x, gw);
            assertArrayEquals(new float[] {-4, -8, -4, -12}, gw.data(), e.getKey());
        }
    }

    @Test
    void shapeErrorsNameBothShapes() {
        BinaryWeightGemm g = new BinaryWeightGemm(Parallelism.singleThread(), new ScalarBinaryWeightGemm());
        var e = assertThrows(ShapeMismatchException.class,
                () -> g.multTransB(Tensor.zeros(3, 10), new BitMatrix(4, 11), Tensor.zeros(3, 4)));
        assertMentions(e, "multTransB", "[3, 10]", "[4, 11]");
        e = assertThrows(ShapeMismatchException.class,
                () -> g.multTransB(Tensor.zeros(3, 10), new BitMatrix(4, 10), Tensor.zeros(4, 3)));
        assertMentions(e, "[4, 3]", "[3, 4]");
        e = assertThrows(ShapeMismatchException.class,
                () -> g.multTransB(Tensor.zeros(3, 10), new BitMatrix(4, 10), Tensor.zeros(3), Tensor.zeros(3, 4)));
        assertMentions(e, "bias", "[3]", "[4]");
        e = assertThrows(ShapeMismatchException.class,
                () -> g.mult(Tensor.zeros(3, 10), new BitMatrix(11, 4), Tensor.zeros(3, 4)));
        assertMentions(e, "mult", "[3, 10]", "[11, 4]");
        e = assertThrows(ShapeMismatchException.class,
                () -> g.multAddTransA(Tensor.zeros(10, 3), new BitMatrix(10, 4), Tensor.zeros(4, 3)));
        assertMentions(e, "multAddTransA", "[4, 3]", "[3, 4]");
    }

    @Test
    void nullArgumentsAreNamed() {
        BinaryWeightGemm g = new BinaryWeightGemm(Parallelism.singleThread(), new ScalarBinaryWeightGemm());
        Tensor a = Tensor.zeros(2, 3);
        BitMatrix w = new BitMatrix(3, 4);
        Tensor c = Tensor.zeros(2, 4);
        assertMentions(assertThrows(NullPointerException.class, () -> g.mult(null, w, c)), "mult", "A");
        assertMentions(assertThrows(NullPointerException.class, () -> g.mult(a, null, c)), "mult", "W");
        assertMentions(assertThrows(NullPointerException.class, () -> g.multAdd(a, w, null)), "multAdd", "C");
        assertMentions(assertThrows(NullPointerException.class, () -> g.multTransA(a, null, c)), "multTransA", "X");
        // A null bias is no bias (layers without one pass it through).
        Tensor plain = Tensor.zeros(2, 4);
        g.multTransB(a, new BitMatrix(4, 3), null, c);
        g.multTransB(a, new BitMatrix(4, 3), plain);
        assertArrayEquals(plain.data(), c.data());
    }

    @Test
    void anOutputSharingEntriesWithAnInputIsRejected() {
        BinaryWeightGemm g = new BinaryWeightGemm(Parallelism.singleThread(), new ScalarBinaryWeightGemm());
        float[] shared = new float[40];
        Tensor a = Tensor.view(shared, 0, 4, 4);
        // Overlapping windows of one array alias; the same entries through another Tensor object too.
        assertAliasRejected(() -> g.mult(a, new BitMatrix(4, 4), Tensor.view(shared, 10, 4, 4)));
        assertAliasRejected(() -> g.multTransA(a, new BitMatrix(4, 4), Tensor.wrap(shared, 40).slice(0, 16).reshape(4, 4)));
        Tensor bias = Tensor.view(shared, 30, 4);
        assertAliasRejected(() -> g.multTransB(a.slice(0, 1), new BitMatrix(4, 4), bias, Tensor.view(shared, 28, 1, 4)));
        // Disjoint windows of one array are fine.
        g.mult(a, new BitMatrix(4, 4), Tensor.view(shared, 16, 4, 4));
    }

    private static void assertAliasRejected(org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(!(e instanceof ShapeMismatchException) && e.getMessage().contains("shares entries"), e.getMessage());
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : List.of(parts)) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(part),
                    "message should mention " + part + ": " + e.getMessage());
        }
    }
    /**
     * For a short k, multTransB runs the column kernel: bit-identical to the element kernel (the
     * same summation order), for every k around the lane count, with bias and accumulation, any tile.
     */
    @Test
    void shortKColumnKernelIsBitIdenticalToTheElementKernel() {
        KernelProvider panama = KernelImplementations.panamaProvider();
        PanamaBinaryWeightGemm g = (PanamaBinaryWeightGemm) panama.binaryWeightGemm();
        int lanes = PanamaSpecies.FLOATS.length();
        RandomGenerator rng = Seeds.generator(27);
        for (int k : new int[] {1, 2, 9, lanes - 1, lanes, lanes + 1, 27, 2 * lanes + 3, PanamaBinaryWeightGemm.COLUMN_K_LIMIT - 1}) {
            int m = 9;
            int n = 3 * lanes + 5;
            Tensor a = Tensor.uniform(rng, -3f, 3f, m, k);
            BitMatrix w = BitPacking.packSigns(TestShapes.randomSigns(rng, n, k));
            Tensor bias = Tensor.uniform(rng, -1f, 1f, n);
            for (boolean accumulate : new boolean[] {false, true}) {
                Tensor start = Tensor.uniform(rng, -1f, 1f, m, n);
                Tensor byElements = start.copy();
                g.byElements(a, w, bias, accumulate, byElements, 0, m, 0, n);
                Tensor tiled = start.copy();
                forEachTile(new int[] {0, 4, m}, new int[] {0, lanes, 2 * lanes + 1, n},
                        (r0, r1, c0, c1) -> g.multTransB(a, w, bias, accumulate, tiled, r0, r1, c0, c1));
                assertArrayEquals(byElements.data(), tiled.data(), "k " + k + ", accumulate " + accumulate);
            }
        }
    }
}
