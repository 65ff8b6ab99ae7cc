package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.testing.TestShapes;
import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Sign packing: Panama at every usable width, the scalar reference and BitMatrix.packSigns agree. */
class BitPackingTest {
    private static final int[] SIZES = {1, 3, 15, 16, 17, 63, 64, 65, 127, 128, 129};

    private static Map<String, BitPackingSupport> panamaImplementations() {
        return KernelImplementations.panama(KernelProvider::bitPacking);
    }

    private static Map<String, BitPackingSupport> implementations() {
        return KernelImplementations.all(KernelProvider::bitPacking);
    }

    /** A bit matrix whose words are all ones, padding included, so that every stale bit shows. */
    private static BitMatrix dirty(int rows, int cols) {
        BitMatrix m = new BitMatrix(rows, cols);
        Arrays.fill(m.words(), -1L);
        return m;
    }

    @Test
    void everyImplementationEqualsPackSignsAcrossWordBoundaries() {
        RandomGenerator rng = Seeds.generator(3);
        Map<String, BitPackingSupport> impls = implementations();
        int checked = 0;
        for (int rows : SIZES) {
            for (int cols : SIZES) {
                float[] v = TestShapes.signTestValues(rng, rows * cols);
                BitMatrix expected = BitMatrix.packSigns(v, rows, cols);
                for (var e : impls.entrySet()) {
                    BitMatrix out = dirty(rows, cols);
                    e.getValue().pack(v, 0, out, 0, rows);
                    out.checkPadding();
                    assertEquals(expected, out, e.getKey() + " " + rows + " x " + cols);
                    checked++;
                }
            }
        }
        assertEquals(SIZES.length * SIZES.length * impls.size(), checked);
    }

    @Test
    void packingARowRangeLeavesOtherRowsAlone() {
        RandomGenerator rng = Seeds.generator(4);
        int rows = 5;
        int cols = 130;
        float[] v = TestShapes.signTestValues(rng, rows * cols);
        BitMatrix all = BitMatrix.packSigns(v, rows, cols);
        for (var e : implementations().entrySet()) {
            BitMatrix out = new BitMatrix(rows, cols);
            e.getValue().pack(v, 0, out, 1, 4);
            for (int r = 0; r < rows; r++) {
                long[] expected = r >= 1 && r < 4
                        ? Arrays.copyOfRange(all.words(), all.rowOffset(r), all.rowOffset(r) + all.wordsPerRow())
                        : new long[all.wordsPerRow()];
                long[] actual = Arrays.copyOfRange(out.words(), out.rowOffset(r), out.rowOffset(r) + out.wordsPerRow());
                assertArrayEquals(expected, actual, e.getKey() + " row " + r);
            }
        }
    }

    @Test
    void zerosNegativeZeroAndNaNPackToPlusOne() {
        Assumptions.assumeTrue(KernelProvider.vectorModulePresent(),
                "jdk.incubator.vector is not in the boot layer: Panama kernels cannot be tested");
        // 70 values: more than one word and a vector tail. sign(0) = +1; NaN compares false, so +1.
        float[] v = new float[70];
        float negativeNaN = Float.intBitsToFloat(0xFFC00000);
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (i % 5) {
                case 0 -> 0f;
                case 1 -> -0f;
                case 2 -> Float.NaN;
                case 3 -> negativeNaN;
                default -> -Float.MIN_VALUE;
            };
        }
        BitMatrix expected = BitMatrix.packSigns(v, 1, v.length);
        for (int c = 0; c < v.length; c++) {
            assertEquals(c % 5 == 4 ? -1 : 1, expected.get(0, c), "reference at " + c);
        }
        for (var e : implementations().entrySet()) {
            BitMatrix out = dirty(1, v.length);
            e.getValue().pack(v, 0, out, 0, 1);
            assertEquals(expected, out, e.getKey());
        }
    }

    @Test
    void facadeMatchesPackSigns() {
        RandomGenerator rng = Seeds.generator(5);
        Tensor t = Tensor.wrap(TestShapes.signTestValues(rng, 7 * 129), 7, 129);
        assertEquals(BitMatrix.packSigns(t), BitPacking.packSigns(t));
    }
}
