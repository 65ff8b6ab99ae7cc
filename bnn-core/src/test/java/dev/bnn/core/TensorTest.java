package dev.bnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void rowMajorElementAccess() {
        Tensor t = Tensor.wrap(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2);
        assertEquals(7f, t.get(1, 0, 1));
        t.set(-1f, 0, 2, 1);
        assertEquals(-1f, t.data()[5]);
        Tensor m = t.reshape(6, 2);
        assertEquals(-1f, m.get(2, 1));
        assertArrayEquals(new int[] {6, 2}, m.shape());
    }

    @Test
    void reshapeSharesDataAndInfersOneDimension() {
        Tensor t = Tensor.zeros(4, 6);
        Tensor v = t.reshape(-1, 3);
        assertArrayEquals(new int[] {8, 3}, v.shape());
        v.set(5f, 7, 2);
        assertEquals(5f, t.get(3, 5));
    }

    @Test
    void reshapeToAnotherSizeNamesBothShapes() {
        ShapeMismatchException e =
                assertThrows(ShapeMismatchException.class, () -> Tensor.zeros(4, 6).reshape(5, 5));
        assertTrue(e.getMessage().contains("[4, 6]") && e.getMessage().contains("[5, 5]"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> Tensor.zeros(4, 6).reshape(-1, 5));
    }

    @Test
    void requireShapeNamesBothShapes() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> Tensor.zeros(2, 3).requireShape("layer input", 2, 4));
        assertEquals("layer input: expected shape [2, 4] but found [2, 3]", e.getMessage());
    }

    @Test
    void wrapChecksLengthAndIndicesAreChecked() {
        assertThrows(ShapeMismatchException.class, () -> Tensor.wrap(new float[5], 2, 3));
        Tensor t = Tensor.zeros(2, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IllegalArgumentException.class, () -> t.get(1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(-1, 3));
    }

    @Test
    void sameSeedSameTensor() {
        Tensor a = Tensor.gaussian(Seeds.generator(42), 1f, 3, 5);
        Tensor b = Tensor.gaussian(Seeds.generator(42), 1f, 3, 5);
        Tensor c = Tensor.gaussian(Seeds.generator(43), 1f, 3, 5);
        assertEquals(a, b);
        assertNotEquals(a, c);
        Tensor u = Tensor.uniform(Seeds.generator(1), -2f, 3f, 1000);
        for (float x : u.data()) {
            assertTrue(x >= -2f && x < 3f);
        }
    }

    @Test
    void sliceIsAViewWithAnOffset() {
        Tensor batch = Tensor.wrap(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 4, 2, 1, 2);
        Tensor mid = batch.slice(1, 3);
        assertArrayEquals(new int[] {2, 2, 1, 2}, mid.shape());
        assertEquals(4, mid.offset());
        assertEquals(8, mid.size());
        assertEquals(7f, mid.get(0, 1, 0, 1));
        Tensor rows = mid.reshape(2, 4);
        assertEquals(11f, rows.get(1, 3));
        rows.set(1, 3, -1f);
        assertEquals(-1f, batch.get(2, 1, 0, 1));
        mid.zero();
        assertEquals(3f, batch.data()[3]);
        assertEquals(0f, batch.data()[4]);
        assertEquals(12f, batch.data()[12]);
        assertEquals(Tensor.zeros(2, 2, 1, 2), mid.copy());
        assertTrue(mid.copy().isWholeArray());
        assertEquals(0, batch.slice(4, 4).size());
        assertThrows(IndexOutOfBoundsException.class, () -> batch.slice(3, 5));
    }

    @Test
    void viewWithOffsetChecksTheWindow() {
        float[] a = {9, 1, 2, 3, 4, 9};
        Tensor t = Tensor.view(a, 1, 2, 2);
        assertEquals(4f, t.get(1, 1));
        Tensor c = Tensor.zeros(2, 2);
        c.copyFrom(t);
        assertEquals(t, c);
        assertEquals(t.hashCode(), c.hashCode());
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> Tensor.view(a, 3, 2, 2));
        assertTrue(e.getMessage().contains("offset 3"), e.getMessage());
    }
}
