package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.testing.TensorViews;
import dev.bnn.core.testing.TestShapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Binary GEMM: the Panama kernel at this JVM's width and the scalar reference against a plain
 * triple loop over the unpacked ±1 values, for all three outputs, bit for bit.
 */
class BinaryGemmTest {
    private static final int[] KS = {1, 63, 64, 65, 127, 128, 129, 1000, 4096};
    private static final int[] MNS = {1, 2, 3, 7, 17, 64, 100};

    /** The scalar reference and, in a Panama JVM, Panama at this JVM's width. */
    private static Map<String, BinaryGemmSupport> implementations() {
        return KernelImplementations.all(KernelProvider::binaryGemm);
    }

    private static Map<String, BinaryGemmSupport> panamaImplementations() {
        return KernelImplementations.panama(KernelProvider::binaryGemm);
    }

    /** ±1 values as ints, row-major. */
    private static int[] unpacked(BitMatrix m) {
        int[] v = new int[m.rows() * m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                v[r * m.cols() + c] = m.get(r, c);
            }
        }
        return v;
    }

    /** dot_ij = sum_k a_ik b_jk on the unpacked values (the float GEMM on ±1 values is exact). */
    private static int[] referenceDots(BitMatrix a, BitMatrix b) {
        int m = a.rows();
        int n = b.rows();
        int k = a.cols();
        int[] av = unpacked(a);
        int[] bv = unpacked(b);
        int[] c = new int[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int s = 0;
                for (int p = 0; p < k; p++) {
                    s += av[i * k + p] * bv[j * k + p];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static BitMatrix randomBits(RandomGenerator rng, int rows, int cols) {
        return BitPacking.packSigns(TestShapes.randomSigns(rng, rows, cols));
    }

    /** An output prefilled with random bits (padding 0), so that stale bits would show. */
    private static BitMatrix garbageOutput(RandomGenerator rng, int rows, int cols) {
        return randomBits(rng, rows, cols);
    }

    /**
     * Thresholds at, just above and just below actual dot values of column j, plus the extremes,
     * with random negation.
     */
    private static SignThresholds thresholdsNear(RandomGenerator rng, int[] dots, int m, int n) {
        int[] t = new int[n];
        boolean[] neg = new boolean[n];
        for (int j = 0; j < n; j++) {
            int d = dots[rng.nextInt(m) * n + j];
            t[j] = switch (rng.nextInt(6)) {
                case 0 -> d;
                case 1 -> d + 1;
                case 2 -> d - 1;
                case 3 -> Integer.MIN_VALUE;
                case 4 -> Integer.MAX_VALUE;
                default -> 0;
            };
            neg[j] = rng.nextBoolean();
        }
        return new SignThresholds(t, neg);
    }

    @Test
    void everyImplementationEqualsTheUnpackedProductForEveryOutput() {
        RandomGenerator rng = Seeds.generator(42);
        Map<String, BinaryGemmSupport> impls = implementations();
        int checked = 0;
        for (int k : KS) {
            for (int m : MNS) {
                for (int n : MNS) {
                    BitMatrix a = randomBits(rng, m, k);
                    BitMatrix w = randomBits(rng, n, k);
                    int[] expected = referenceDots(a, w);
                    float[] scale = new float[n];
                    float[] bias = new float[n];
                    for (int j = 0; j < n; j++) {
                        scale[j] = rng.nextFloat() * 2f - 1f;
                        bias[j] = rng.nextFloat() * 10f - 5f;
                    }
                    float[] expectedScaled = new float[m * n];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            expectedScaled[i * n + j] = (float) expected[i * n + j] * scale[j] + bias[j];
                        }
                    }
                    SignThresholds th = thresholdsNear(rng, expected, m, n);
                    BitMatrix expectedBits = new BitMatrix(m, n);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            expectedBits.set(i, j, th.bit(j, expected[i * n + j]) ? -1f : 1f);
                        }
                    }
                    for (var e : impls.entrySet()) {
                        String what = e.getKey() + " m=" + m + " k=" + k + " n=" + n;
                        BinaryGemm gemm = new BinaryGemm(Parallelism.singleThread(), e.getValue());
                        BitPanels b = gemm.prepare(w);
                        int[] c = new int[m * n];
                        gemm.mult(a, b, c);
                        assertArrayEquals(expected, c, what + " int32");
                        Tensor cs = Tensor.zeros(m, n);
                        gemm.multScaled(a, b, scale, bias, cs);
                        assertArrayEquals(expectedScaled, cs.data(), what + " scaled");
                        // The same product into a view in the middle of a larger array.
                        Tensor view = TensorViews.embed(Tensor.zeros(m, n), 7, 5);
                        float[] before = view.data().clone();
                        gemm.multScaled(a, b, scale, bias, view);
                        assertEquals(cs, view.copy(), what + " scaled into a view");
                        TensorViews.assertOutsideUnchanged(what + " scaled into a view", before, view);
                        BitMatrix out = garbageOutput(rng, m, n);
                        gemm.multThreshold(a, b, th, out);
                        out.checkPadding();
                        assertEquals(expectedBits, out, what + " threshold");
                        checked++;
                    }
                }
            }
        }
        assertEquals(KS.length * MNS.length * MNS.length * impls.size(), checked);
    }

    @Test
    void panamaWritesOnlyItsTile() {
        RandomGenerator rng = Seeds.generator(7);
        int m = 9;
        int n = 150;
        int k = 200;
        BitMatrix a = randomBits(rng, m, k);
        BitMatrix w = randomBits(rng, n, k);
        ScalarBinaryGemm scalar = new ScalarBinaryGemm();
        BitPanels bs = BitPanels.of(w, scalar.panelWidth());
        float[] scale = TestShapes.signTestValues(rng, n);
        float[] bias = TestShapes.signTestValues(rng, n);
        SignThresholds th = thresholdsNear(rng, referenceDots(a, w), m, n);
        for (var e : panamaImplementations().entrySet()) {
            BinaryGemmSupport p = e.getValue();
            BitPanels b = BitPanels.of(w, p.panelWidth());
            // Tiles start on a panel (and, for bits, a word); they end anywhere, n included.
            int c0 = 64;
            int c1 = 64 + p.panelWidth() + 3;
            int[] expected = new int[m * n];
            int[] actual = new int[m * n];
            Arrays.fill(expected, 77);
            Arrays.fill(actual, 77);
            scalar.gemm(a, bs, expected, 2, 7, c0, c1);
            p.gemm(a, b, actual, 2, 7, c0, c1);
            p.gemm(a, b, actual, 1, 2, 128, n);
            scalar.gemm(a, bs, expected, 1, 2, 128, n);
            assertArrayEquals(expected, actual, e.getKey() + " int32");
            float[] expectedF = new float[m * n];
            float[] actualF = new float[m * n];
            scalar.gemmScaled(a, bs, scale, bias, expectedF, 0, 3, 9, c0, c1);
            p.gemmScaled(a, b, scale, bias, actualF, 0, 3, 9, c0, c1);
            assertArrayEquals(expectedF, actualF, e.getKey() + " scaled");
            // Threshold tiles own whole words: [64, 128) and [128, n), bits of other columns untouched.
            BitMatrix expectedBits = garbageOutput(rng, m, n);
            BitMatrix actualBits = expectedBits.copy();
            scalar.gemmThreshold(a, bs, th, expectedBits, 1, 8, 64, 128);
            p.gemmThreshold(a, b, th, actualBits, 1, 8, 64, 128);
            scalar.gemmThreshold(a, bs, th, expectedBits, 0, 9, 128, n);
            p.gemmThreshold(a, b, th, actualBits, 0, 9, 128, n);
            actualBits.checkPadding();
            assertEquals(expectedBits, actualBits, e.getKey() + " threshold");
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        RandomGenerator rng = Seeds.generator(11);
        // m = 1 with wide n splits columns; large m splits rows.
        int[][] shapes = {{1, 1000, 4000}, {500, 200, 37}, {130, 300, 130}};
        int checked = 0;
        for (var e : implementations().entrySet()) {
            for (int[] s : shapes) {
                int m = s[0];
                int k = s[1];
                int n = s[2];
                BitMatrix a = randomBits(rng, m, k);
                BitMatrix w = randomBits(rng, n, k);
                float[] scale = new float[n];
                float[] bias = new float[n];
                for (int j = 0; j < n; j++) {
                    scale[j] = rng.nextFloat();
                    bias[j] = rng.nextFloat();
                }
                int[] firstInts = null;
                float[] firstFloats = null;
                BitMatrix firstBits = null;
                SignThresholds th = null;
                for (int threads = 1; threads <= 3; threads++) {
                    try (Parallelism par = Parallelism.threads(threads, 1)) {
                        BinaryGemm gemm = new BinaryGemm(par, e.getValue());
                        BitPanels b = gemm.prepare(w);
                        int[] c = new int[m * n];
                        gemm.mult(a, b, c);
                        if (th == null) {
                            th = thresholdsNear(rng, c, m, n);
                        }
                        Tensor cs = Tensor.zeros(m, n);
                        gemm.multScaled(a, b, scale, bias, cs);
                        BitMatrix out = garbageOutput(rng, m, n);
                        gemm.multThreshold(a, b, th, out);
                        out.checkPadding();
                        String what = e.getKey() + " " + m + "x" + k + "x" + n + " threads=" + threads;
                        if (firstInts == null) {
                            firstInts = c;
                            firstFloats = cs.data();
                            firstBits = out;
                            assertArrayEquals(referenceDots(a, w), c, what);
                        } else {
                            assertArrayEquals(firstInts, c, what);
                            assertArrayEquals(firstFloats, cs.data(), what);
                            assertEquals(firstBits, out, what);
                        }
                        checked++;
                    }
                }
            }
        }
        assertEquals(implementations().size() * shapes.length * 3, checked);
    }

    @Test
    void handComputedCase() {
        // a = [+1, -1, -1], b0 = [+1, -1, +1], b1 = [-1, +1, +1]: dots 1 + 1 - 1 = 1 and -1 - 1 - 1 = -3.
        BitMatrix a = BitPacking.packSigns(Tensor.wrap(new float[] {1, -1, -1}, 1, 3));
        BitMatrix w = BitPacking.packSigns(Tensor.wrap(new float[] {1, -1, 1, -1, 1, 1}, 2, 3));
        for (var e : implementations().entrySet()) {
            BinaryGemm gemm = new BinaryGemm(Parallelism.singleThread(), e.getValue());
            int[] c = new int[2];
            gemm.mult(a, gemm.prepare(w), c);
            assertArrayEquals(new int[] {1, -3}, c, e.getKey());
        }
    }

    @Test
    void facadeRejectsBadArguments() {
        List<BinaryGemmSupport> kernels = new ArrayList<>(implementations().values());
        for (BinaryGemmSupport kernel : kernels) {
            BinaryGemm gemm = new BinaryGemm(Parallelism.singleThread(), kernel);
            BitMatrix a = new BitMatrix(3, 65);
            BitPanels b = gemm.prepare(new BitMatrix(4, 64));
            var e = assertThrows(ShapeMismatchException.class, () -> gemm.mult(a, b, new int[12]));
            assertTrue(e.getMessage().contains("[3, 65]") && e.getMessage().contains("[4, 64]"), e.getMessage());
            var e2 = assertThrows(ShapeMismatchException.class,
                    () -> gemm.multThreshold(a, b, SignThresholds.of(new int[4]), new BitMatrix(3, 4)));
            assertTrue(e2.getMessage().contains("[3, 65]") && e2.getMessage().contains("[4, 64]"), e2.getMessage());

            BitMatrix a2 = new BitMatrix(3, 64);
            assertThrows(ShapeMismatchException.class, () -> gemm.mult(a2, b, new int[11]));
            assertThrows(ShapeMismatchException.class,
                    () -> gemm.multScaled(a2, b, new float[4], new float[4], Tensor.zeros(4, 3)));
            assertThrows(ShapeMismatchException.class,
                    () -> gemm.multScaled(a2, b, new float[3], new float[4], Tensor.zeros(3, 4)));
            var e3 = assertThrows(ShapeMismatchException.class,
                    () -> gemm.multThreshold(a2, b, SignThresholds.of(new int[4]), new BitMatrix(3, 5)));
            assertTrue(e3.getMessage().contains("[3, 5]") && e3.getMessage().contains("[3, 4]"), e3.getMessage());
            assertThrows(ShapeMismatchException.class,
                    () -> gemm.multThreshold(a2, b, SignThresholds.of(new int[5]), new BitMatrix(3, 4)));

            BitPanels wrongWidth = BitPanels.of(new BitMatrix(4, 64), kernel.panelWidth() + 1);
            var e4 = assertThrows(IllegalArgumentException.class, () -> gemm.mult(a2, wrongWidth, new int[12]));
            assertTrue(e4.getMessage().contains("prepare"), e4.getMessage());
        }
    }
}
