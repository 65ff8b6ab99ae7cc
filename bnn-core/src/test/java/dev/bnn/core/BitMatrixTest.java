package dev.bnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.testing.TestShapes;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The encoding, through {@link BitMatrix#set}; bnn-kernels tests its packer against the same rules. */
class BitMatrixTest {

    /** A rows x cols matrix with bit (r, c) set where values[r * cols + c] &lt; 0, built through {@link BitMatrix#set}. */
    private static BitMatrix signsOf(float[] values, int rows, int cols) {
        BitMatrix m = new BitMatrix(rows, cols);
        for (int i = 0; i < values.length; i++) {
            m.set(i / cols, i % cols, values[i]);
        }
        return m;
    }

    @Test
    void packUnpackRoundTripAcrossWordBoundaries() {
        RandomGenerator rng = Seeds.generator(1);
        int checked = 0;
        for (int rows : TestShapes.WORD_BOUNDARY_SIZES) {
            for (int cols : TestShapes.WORD_BOUNDARY_SIZES) {
                float[] values = TestShapes.signTestValues(rng, rows * cols);
                BitMatrix m = signsOf(values, rows, cols);
                assertEquals(BitMatrix.wordsFor(cols), m.wordsPerRow());
                assertEquals(rows * m.wordsPerRow(), m.words().length);
                m.checkPadding();
                long padding = ~BitMatrix.lastWordMask(cols);
                for (int r = 0; r < rows; r++) {
                    assertEquals(0L, m.words()[m.rowOffset(r) + m.wordsPerRow() - 1] & padding,
                            "padding of row " + r + " in " + rows + " x " + cols);
                }
                float[] unpacked = m.unpack().data();
                for (int i = 0; i < values.length; i++) {
                    float expected = values[i] < 0f ? -1f : 1f;
                    assertEquals(expected, unpacked[i], "element " + i + " of " + rows + " x " + cols);
                    assertEquals((int) expected, m.get(i / cols, i % cols));
                }
                assertEquals(m, signsOf(unpacked, rows, cols), "repacking the unpacked ±1 values");
                checked++;
            }
        }
        assertEquals(64, checked);
    }

    @Test
    void signOfZeroIsPlusOne() {
        BitMatrix m = signsOf(new float[] {0f, -0f, -1e-30f, 1e-30f}, 1, 4);
        assertEquals(1, m.get(0, 0));
        assertEquals(1, m.get(0, 1));
        assertEquals(-1, m.get(0, 2));
        assertEquals(1, m.get(0, 3));
        assertEquals(0b0100L, m.words()[0]);
    }

    @Test
    void bitOrderIsLeastSignificantFirstAndRowsStartOnFreshWords() {
        float[] v = new float[2 * 65];
        v[0] = -1f;          // row 0, col 0 -> word 0 bit 0
        v[64] = -1f;         // row 0, col 64 -> word 1 bit 0
        v[65 + 63] = -1f;    // row 1, col 63 -> word 2 bit 63
        BitMatrix m = signsOf(v, 2, 65);
        assertEquals(1L, m.words()[0]);
        assertEquals(1L, m.words()[1]);
        assertEquals(Long.MIN_VALUE, m.words()[2]);
        assertEquals(0L, m.words()[3]);
    }

    @Test
    void packedDotEqualsFloatDotOfSignRows() {
        RandomGenerator rng = Seeds.generator(2);
        for (int k : new int[] {1, 3, 63, 64, 65, 127, 128, 129, 1000}) {
            Tensor a = TestShapes.randomSigns(rng, 3, k);
            Tensor b = TestShapes.randomSigns(rng, 4, k);
            BitMatrix pa = signsOf(a.data(), 3, k);
            BitMatrix pb = signsOf(b.data(), 4, k);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    float dot = 0f;
                    for (int c = 0; c < k; c++) {
                        dot += a.get(i, c) * b.get(j, c);
                    }
                    assertEquals((int) dot, pa.dot(i, pb, j), "K = " + k);
                }
            }
        }
    }

    @Test
    void setKeepsPaddingZeroAndFollowsSign() {
        BitMatrix m = new BitMatrix(2, 70);
        m.set(1, 69, -3f);
        assertEquals(-1, m.get(1, 69));
        m.set(1, 69, 0f);
        assertEquals(1, m.get(1, 69));
        m.checkPadding();
        assertThrows(IndexOutOfBoundsException.class, () -> m.set(1, 70, -1f));
    }

    @Test
    void wrapRejectsSetPaddingBitsAndWrongLengths() {
        IllegalArgumentException padding =
                assertThrows(IllegalArgumentException.class, () -> BitMatrix.wrap(new long[] {1L << 10}, 1, 10));
        assertTrue(padding.getMessage().contains("row 0"), padding.getMessage());
        // Row 2 of 3, 70 columns: its second word has a bit past column 69.
        padding = assertThrows(IllegalArgumentException.class,
                () -> BitMatrix.wrap(new long[] {0, 0, 0, 0, 0, 1L << 6}, 3, 70));
        assertTrue(padding.getMessage().contains("row 2"), padding.getMessage());
        IllegalArgumentException length =
                assertThrows(IllegalArgumentException.class, () -> BitMatrix.wrap(new long[3], 2, 65));
        assertTrue(length.getMessage().contains("needs 4 words"), length.getMessage());
        BitMatrix.wrap(new long[] {-1L}, 1, 64).checkPadding();
    }

    @Test
    void checkPaddingNamesTheRowAfterABadWrite() {
        BitMatrix m = new BitMatrix(3, 10);
        assertTrue(m.checkPadding());
        m.words()[1] |= 1L << 12;
        IllegalStateException e = assertThrows(IllegalStateException.class, m::checkPadding);
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    /** More than 2^31 - 1 values (256 MB of words): a clear error instead of an int overflow deep inside. */
    @Test
    void unpackingMoreValuesThanATensorHoldsFailsClearly() {
        Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() >= (1L << 30), "needs 1 GB of heap for 256 MB of words");
        BitMatrix huge = new BitMatrix(2, Integer.MAX_VALUE / 2 + 64);
        IllegalStateException e = assertThrows(IllegalStateException.class, huge::unpack);
        assertTrue(e.getMessage().contains("2 x " + (Integer.MAX_VALUE / 2 + 64)), e.getMessage());
    }
}
