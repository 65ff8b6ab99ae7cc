package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.testing.TestShapes;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BitPanelsTest {

    @Test
    void panelsRoundTripAndFollowTheDocumentedLayout() {
        RandomGenerator rng = Seeds.generator(21);
        int checked = 0;
        for (int width : new int[] {1, 8, 16, 32}) {
            for (int rows : TestShapes.WORD_BOUNDARY_SIZES) {
                for (int cols : TestShapes.WORD_BOUNDARY_SIZES) {
                    BitMatrix m = BitPacking.packSigns(Tensor.wrap(TestShapes.signTestValues(rng, rows * cols), rows, cols));
                    BitPanels p = BitPanels.of(m, width);
                    assertEquals(m, p.toBitMatrix());
                    int panels = (rows + width - 1) / width;
                    assertEquals(panels * m.wordsPerRow() * width, p.words().length);
                    int r = rows - 1;
                    int w = m.wordsPerRow() - 1;
                    assertEquals(m.words()[m.rowOffset(r) + w],
                            p.words()[((r / width) * m.wordsPerRow() + w) * width + r % width]);
                    // Columns past the last row in the last panel are all zero (rows of +1).
                    for (int j = rows % width == 0 ? width : rows % width; j < width; j++) {
                        for (int ww = 0; ww < m.wordsPerRow(); ww++) {
                            assertEquals(0L, p.words()[((panels - 1) * m.wordsPerRow() + ww) * width + j]);
                        }
                    }
                    checked++;
                }
            }
        }
        assertEquals(4 * 64, checked);
        assertThrows(IllegalArgumentException.class, () -> BitPanels.of(new BitMatrix(2, 2), 0));
    }

    @Test
    void prepareIntoExistingPanelsEqualsFreshPanels() {
        RandomGenerator rng = Seeds.generator(22);
        int checked = 0;
        for (BinaryGemmSupport kernel : KernelImplementations.all(KernelProvider::binaryGemm).values()) {
            BinaryGemm gemm = new BinaryGemm(Parallelism.singleThread(), kernel);
            for (int rows : TestShapes.WORD_BOUNDARY_SIZES) {
                for (int cols : TestShapes.WORD_BOUNDARY_SIZES) {
                    BitMatrix first = BitPacking.packSigns(Tensor.wrap(TestShapes.signTestValues(rng, rows * cols), rows, cols));
                    BitMatrix second = BitPacking.packSigns(Tensor.wrap(TestShapes.signTestValues(rng, rows * cols), rows, cols));
                    BitPanels panels = gemm.prepare(first);
                    long[] words = panels.words();
                    gemm.prepare(second, panels);
                    assertSame(words, panels.words());
                    // Every word, the zero filler columns of the last panel included, as if freshly prepared.
                    assertArrayEquals(gemm.prepare(second).words(), panels.words());
                    checked++;
                }
            }
        }
        assertEquals(KernelImplementations.all(KernelProvider::binaryGemm).size() * 64, checked);
    }

    @Test
    void prepareIntoRejectsPanelsOfAnotherShapeOrWidth() {
        for (BinaryGemmSupport kernel : KernelImplementations.all(KernelProvider::binaryGemm).values()) {
            BinaryGemm gemm = new BinaryGemm(Parallelism.singleThread(), kernel);
            BitPanels panels = gemm.prepare(new BitMatrix(4, 64));
            var e = assertThrows(ShapeMismatchException.class, () -> gemm.prepare(new BitMatrix(4, 65), panels));
            assertTrue(e.getMessage().contains("[4, 65]") && e.getMessage().contains("[4, 64]"), e.getMessage());
            assertThrows(ShapeMismatchException.class, () -> gemm.prepare(new BitMatrix(5, 64), panels));
            BitPanels wrongWidth = BitPanels.of(new BitMatrix(4, 64), kernel.panelWidth() + 1);
            assertThrows(IllegalArgumentException.class, () -> gemm.prepare(new BitMatrix(4, 64), wrongWidth));
            assertThrows(NullPointerException.class, () -> gemm.prepare(null, panels));
            assertThrows(NullPointerException.class, () -> gemm.prepare(new BitMatrix(4, 64), null));
        }
    }
}
