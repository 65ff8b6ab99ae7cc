package dev.bnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Dataset fourImages() {
        float[] x = new float[4 * 2 * 1 * 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return new Dataset("toy", Tensor.wrap(x, 4, 2, 1, 1), new int[] {0, 1, 2, 1}, 3);
    }

    @Test
    void gatherCopiesShuffledExamplesAndLabels() {
        Dataset d = fourImages();
        Tensor batch = Tensor.zeros(2, 2, 1, 1);
        int[] labels = new int[2];
        d.gather(new int[] {3, 0}, batch, labels);
        assertArrayEquals(new float[] {6, 7, 0, 1}, batch.data());
        assertArrayEquals(new int[] {1, 0}, labels);
    }

    @Test
    void sliceIsAViewOfTheLastExamples() {
        Dataset validation = fourImages().slice("toy-validation", 2, 4);
        assertEquals(2, validation.size());
        assertEquals(4f, validation.inputs().get(0, 0, 0, 0));
        assertArrayEquals(new int[] {2, 1}, validation.labels());
        Tensor batch = Tensor.zeros(1, 2, 1, 1);
        validation.gather(new int[] {1}, batch, new int[1]);
        assertArrayEquals(new float[] {6, 7}, batch.data());
    }

    @Test
    void labelsOutOfRangeAndCountMismatchNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("bad", Tensor.zeros(2, 3), new int[] {0, 5}, 3));
        assertTrue(e.getMessage().contains("label 5 of example 1"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new Dataset("bad", Tensor.zeros(2, 3), new int[] {0}, 3));
        assertThrows(ShapeMismatchException.class,
                () -> fourImages().gather(new int[] {0}, Tensor.zeros(1, 3), new int[1]));
    }
}
