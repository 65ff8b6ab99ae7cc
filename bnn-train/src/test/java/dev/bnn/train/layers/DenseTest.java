package dev.bnn.train.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.nn.LayerSummary;
import dev.bnn.train.testing.GradientChecker;
import dev.bnn.train.testing.Reference;
import org.junit.jupiter.api.Test;

class DenseTest {

    @Test
    void forwardIsTheAffineMap() {
        Dense d = new Dense(5, 3, true, Init.GLOROT_UNIFORM, 7);
        d.parameters().get(1).value().copyFrom(Tensor.wrap(new float[] {0.5f, -1f, 2f}, 3));
        Tensor x = Tensor.uniform(Seeds.generator(1), -1, 1, 4, 5);
        Reference.assertClose(Reference.product(x, d.parameters().get(0).value(), d.parameters().get(1).value()),
                d.forward(x), "Dense forward");
    }

    @Test
    void handComputedCase() {
        Dense d = new Dense(2, 1, true, Init.GLOROT_UNIFORM, 0);
        d.parameters().get(0).value().copyFrom(Tensor.wrap(new float[] {2f, -3f}, 1, 2));
        d.parameters().get(1).value().set(0.5f, 0);
        Tensor y = d.forward(Tensor.wrap(new float[] {1f, 1f, 4f, 2f}, 2, 2));
        assertEquals(-0.5f, y.get(0, 0)); // 2 - 3 + 0.5
        assertEquals(2.5f, y.get(1, 0)); // 8 - 6 + 0.5
        Tensor gx = d.backward(Tensor.wrap(new float[] {1f, -1f}, 2, 1));
        assertEquals(Tensor.wrap(new float[] {2f, -3f, -2f, 3f}, 2, 2), gx);
        assertEquals(Tensor.wrap(new float[] {1f - 4f, 1f - 2f}, 1, 2), d.parameters().get(0).grad());
        assertEquals(0f, d.parameters().get(1).grad().getFlat(0));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradientChecker checker = new GradientChecker(1e-2, 8, 3);
        Dense d = new Dense(7, 4, true, Init.GLOROT_UNIFORM, 11);
        checker.checkModule(d, Tensor.uniform(Seeds.generator(2), -1, 1, 3, 7));
        assertEquals(3 * 7 + 4 * 7 + 4, checker.checked());
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        Dense d = new Dense(3, 2);
        Tensor x = Tensor.uniform(Seeds.generator(4), -1, 1, 2, 3);
        Tensor g = Tensor.uniform(Seeds.generator(5), -1, 1, 2, 2);
        d.forward(x);
        d.backward(g);
        Tensor once = d.parameters().get(0).grad().copy();
        d.forward(x);
        d.backward(g);
        assertEquals(once, scaled(d.parameters().get(0).grad(), 0.5f), "the same product added twice is exactly doubled");
        d.zeroGrad();
        assertEquals(0.0, dev.bnn.core.TensorOps.maxAbs(d.parameters().get(0).grad()));
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        Dense one = new Dense(300, 200, true, Init.GLOROT_UNIFORM, 9);
        Dense two = new Dense(300, 200, true, Init.GLOROT_UNIFORM, 9);
        Tensor x = Tensor.uniform(Seeds.generator(6), -1, 1, 64, 300);
        try (Parallelism p = Parallelism.threads(2)) {
            two.setParallelism(p);
            assertEquals(one.forward(x), two.forward(x));
        }
    }

    @Test
    void acceptsABatchView() {
        Dense d = new Dense(4, 2, true, Init.GLOROT_UNIFORM, 1);
        Tensor all = Tensor.uniform(Seeds.generator(8), -1, 1, 6, 4);
        Tensor expected = d.forward(all.slice(2, 5).copy()).copy();
        assertEquals(expected, d.forward(all.slice(2, 5)));
    }

    @Test
    void badInputNamesTheLayerAndBothShapes() {
        Dense d = new Dense(784, 10);
        for (Tensor bad : new Tensor[] {Tensor.zeros(784), Tensor.zeros(2, 783), Tensor.zeros(0, 784),
                Tensor.zeros(2, 28, 28)}) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> d.forward(bad));
            assertTrue(e.getMessage().contains("Dense(784 -> 10)"), e.getMessage());
            assertTrue(e.getMessage().contains(ShapeMismatchException.format(bad.shape())), e.getMessage());
            assertTrue(e.getMessage().contains("[N, 784]"), e.getMessage());
        }
        d.forward(Tensor.zeros(2, 784));
        assertThrows(ShapeMismatchException.class, () -> d.backward(Tensor.zeros(2, 11)));
    }

    @Test
    void toStringAndSummary() {
        Dense d = new Dense(784, 10);
        assertEquals("Dense(784 -> 10)", d.toString());
        LayerSummary s = d.summarize(784);
        assertEquals(0, s.binaryParams());
        assertEquals(7850, s.floatParams());
        assertEquals(7840, s.floatMacs());
    }

    private static Tensor scaled(Tensor t, float a) {
        Tensor c = t.copy();
        dev.bnn.core.TensorOps.scale(a, c, c);
        return c;
    }
}
