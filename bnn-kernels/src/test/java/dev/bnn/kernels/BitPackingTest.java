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
import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Sign packing: every implementation (the scalar reference always, Panama at every usable width
 * when present) against the encoding written through {@link BitMatrix#set}.
 */
class BitPackingTest {
    private static final int[] SIZES = {1, 3, 15, 16, 17, 63, 64, 65, 127, 128, 129};

    private static Map<String, BitPackingSupport> implementations() {
        return KernelImplementations.all(KernelProvider::bitPacking);
    }

    /** The expected bits, one {@link BitMatrix#set} (bit 1 iff x &lt; 0) per value. */
    private static BitMatrix expected(float[] v, int offset, int rows, int cols) {
        BitMatrix m = new BitMatrix(rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            m.set(i / cols, i % cols, v[offset + i]);
        }
        return m;
    }

    /** A bit matrix whose words are all ones, padding included, so that every stale bit shows. */
    private static BitMatrix dirty(int rows, int cols) {
        BitMatrix m = new BitMatrix(rows, cols);
        Arrays.fill(m.words(), -1L);
        return m;
    }

    @Test
    void everyImplementationFollowsTheEncodingAcrossWordBoundaries() {
        RandomGenerator rng = Seeds.generator(3);
        Map<String, BitPackingSupport> impls = implementations();
        int checked = 0;
        for (int rows : SIZES) {
            for (int cols : SIZES) {
                float[] v = TestShapes.signTestValues(rng, rows * cols);
                BitMatrix expected = expected(v, 0, rows, cols);
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
        BitMatrix all = expected(v, 0, rows, cols);
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

    /**
     * sign(0) = +1, and NaN compares false, so +1 too: on the scalar reference always (it is in
     * {@link #implementations()} with or without the vector module), and on every Panama width.
     */
    @Test
    void zerosNegativeZeroAndNaNPackToPlusOne() {
        // 70 values: more than one word and a vector tail.
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
        Map<String, BitPackingSupport> impls = implementations();
        assertTrue(impls.containsKey("scalar"));
        for (var e : impls.entrySet()) {
            BitMatrix out = dirty(1, v.length);
            e.getValue().pack(v, 0, out, 0, 1);
            for (int c = 0; c < v.length; c++) {
                assertEquals(c % 5 == 4 ? -1 : 1, out.get(0, c), e.getKey() + " value " + v[c] + " at " + c);
            }
            out.checkPadding();
        }
    }

    @Test
    void facadeMatchesTheEncodingAndReadsOnlyAViewsWindow() {
        RandomGenerator rng = Seeds.generator(5);
        Tensor t = Tensor.wrap(TestShapes.signTestValues(rng, 7 * 129), 7, 129);
        assertEquals(expected(t.data(), 0, 7, 129), BitPacking.packSigns(t));
        // Rows 2..5 of a NaN-surrounded copy: NaN would pack to +1, a stray read of the wrong rows shows.
        Tensor view = TensorViews.embed(t, 11, 3).slice(2, 6);
        assertEquals(expected(t.data(), 2 * 129, 4, 129), BitPacking.packSigns(view));
        BitMatrix out = dirty(4, 129);
        BitPacking.packSigns(view, out);
        assertEquals(expected(t.data(), 2 * 129, 4, 129), out);
    }

    /** max |x| of a plain loop: Math.max from +0, so a NaN anywhere gives NaN. */
    private static float maxAbs(float[] v, int offset, int count) {
        float m = 0f;
        for (int i = offset; i < offset + count; i++) {
            m = Math.max(m, Math.abs(v[i]));
        }
        return m;
    }

    @Test
    void everyImplementationReturnsMaxAbsOfThePackedRows() {
        RandomGenerator rng = Seeds.generator(6);
        Map<String, BitPackingSupport> impls = implementations();
        int checked = 0;
        for (int rows : SIZES) {
            for (int cols : SIZES) {
                // The largest |x| sits in each position in turn (first, a vector body, the tail, the last
                // row), and values outside rows [1, rows) and past the matrix are larger still, so a
                // stray read would show.
                int offset = 5;
                float[] v = new float[offset + rows * cols + 5];
                Arrays.fill(v, 100f);
                float[] body = TestShapes.signTestValues(rng, rows * cols);
                System.arraycopy(body, 0, v, offset, body.length);
                int start = Math.min(1, rows - 1);
                int peak = offset + start * cols + rng.nextInt((rows - start) * cols);
                v[peak] = -7.5f;
                float expected = maxAbs(v, offset + start * cols, (rows - start) * cols);
                for (var e : impls.entrySet()) {
                    float max = e.getValue().pack(v, offset, dirty(rows, cols), start, rows);
                    assertEquals(expected, max, e.getKey() + " " + rows + " x " + cols);
                    checked++;
                }
                v[peak] = Float.NaN;
                for (var e : impls.entrySet()) {
                    assertTrue(Float.isNaN(e.getValue().pack(v, offset, dirty(rows, cols), start, rows)),
                            e.getKey() + " NaN at " + peak + " of " + rows + " x " + cols);
                }
            }
        }
        assertEquals(SIZES.length * SIZES.length * impls.size(), checked);
        for (var e : impls.entrySet()) {
            assertEquals(0, Float.floatToRawIntBits(e.getValue().pack(new float[] {-0f, 0f}, 0, new BitMatrix(1, 2), 0, 1)),
                    e.getKey() + ": max |x| over zeros is +0");
            assertEquals(0, Float.floatToRawIntBits(e.getValue().pack(new float[0], 0, new BitMatrix(0, 3), 0, 0)),
                    e.getKey() + ": max |x| over no rows is +0");
        }
    }

    @Test
    void facadeMaxAbsReadsOnlyAViewsWindow() {
        RandomGenerator rng = Seeds.generator(7);
        Tensor t = Tensor.wrap(TestShapes.signTestValues(rng, 7 * 129), 7, 129);
        // NaN all around the view: any read outside its window would turn the result into NaN.
        Tensor view = TensorViews.embed(t, 11, 3).slice(2, 6);
        BitMatrix out = dirty(4, 129);
        assertEquals(maxAbs(t.data(), 2 * 129, 4 * 129), BitPacking.packSignsMaxAbs(view, out));
        assertEquals(expected(t.data(), 2 * 129, 4, 129), out);
        var e = assertThrows(ShapeMismatchException.class,
                () -> BitPacking.packSignsMaxAbs(Tensor.zeros(2, 3), new BitMatrix(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        var e = assertThrows(ShapeMismatchException.class,
                () -> BitPacking.packSigns(Tensor.zeros(2, 3), new BitMatrix(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
        var npe = assertThrows(NullPointerException.class, () -> BitPacking.packSigns(null, new BitMatrix(3, 2)));
        assertTrue(npe.getMessage().contains("input"), npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> BitPacking.packSigns(Tensor.zeros(2, 3), null));
        assertTrue(npe.getMessage().contains("output"), npe.getMessage());
    }
    /** Joined pixel rows are the flattened NHWC image: bit (i, p * cols + c) = bit (i * group + p, c). */
    @Test
    void joinRowsConcatenatesEachGroupOfRows() {
        for (int cols : new int[] {1, 7, 63, 64, 65, 128, 130}) {
            int group = 5, samples = 3;
            BitMatrix rows = BitPacking.packSigns(
                    Tensor.uniform(Seeds.generator(cols), -1, 1, samples * group, cols));
            BitMatrix joined = new BitMatrix(samples, group * cols);
            BitPacking.joinRows(rows, group, joined);
            assertTrue(joined.checkPadding());
            for (int i = 0; i < samples; i++) {
                for (int p = 0; p < group; p++) {
                    for (int c = 0; c < cols; c++) {
                        assertEquals(rows.get(i * group + p, c), joined.get(i, p * cols + c), cols + " columns");
                    }
                }
            }
        }
        assertThrows(ShapeMismatchException.class, () -> BitPacking.joinRows(new BitMatrix(6, 3), 4,
                new BitMatrix(1, 12)));
    }
}
