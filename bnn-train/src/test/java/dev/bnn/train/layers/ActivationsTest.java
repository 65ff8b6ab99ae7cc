package dev.bnn.train.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.train.nn.Module;
import dev.bnn.train.quantize.ApproxSign;
import dev.bnn.train.quantize.StochasticSign;
import dev.bnn.train.testing.GradientChecker;
import org.junit.jupiter.api.Test;

/** SignActivation (STE, checked against its formula), HardTanh and Dropout (finite differences), Flatten. */
class ActivationsTest {

    @Test
    void signForwardAndStraightThroughGradient() {
        SignActivation sign = new SignActivation();
        Tensor x = Tensor.wrap(new float[] {0f, -0f, 0.3f, -0.3f, 1f, -1f, 1.0001f, -7f}, 2, 4);
        assertEquals(Tensor.wrap(new float[] {1, 1, 1, -1, 1, -1, 1, -1}, 2, 4), sign.forward(x));
        Tensor g = Tensor.wrap(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
        // g 1_{|x| <= 1}
        assertEquals(Tensor.wrap(new float[] {1, 2, 3, 4, 5, 6, 0, 0}, 2, 4), sign.backward(g));
        assertEquals("SignActivation(SteSign)", sign.toString());
    }

    @Test
    void signRejectsNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SignActivation().forward(Tensor.wrap(new float[] {1f, Float.NaN}, 1, 2)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void approxSignGradientFollowsBiRealFormula() {
        SignActivation sign = new SignActivation(new ApproxSign(), 0);
        sign.forward(Tensor.wrap(new float[] {0f, 0.25f, -0.5f, 2f}, 1, 4));
        Tensor gx = sign.backward(Tensor.wrap(new float[] {1, 1, 2, 1}, 1, 4));
        assertEquals(Tensor.wrap(new float[] {2f, 1.5f, 2f, 0f}, 1, 4), gx); // (2 - 2|x|) g
    }

    @Test
    void stochasticSignActivationResumesFromItsState() {
        SignActivation a = new SignActivation(new StochasticSign(), 5);
        SignActivation b = new SignActivation(new StochasticSign(), 5);
        Tensor x = Tensor.uniform(Seeds.generator(1), -1, 1, 4, 50);
        a.forward(x);
        b.loadState(a.state());
        Tensor next = a.forward(x).copy();
        assertEquals(next, b.forward(x));
        assertNotEquals(next, a.forward(x));
    }

    @Test
    void hardTanhGradientMatchesFiniteDifferences() {
        // inputs kept away from the kinks at |x| = 1 by more than the step
        Tensor x = Tensor.uniform(Seeds.generator(2), -0.9f, 0.9f, 3, 5);
        x.set(1.5f, 0, 0);
        x.set(-2f, 2, 4);
        GradientChecker checker = new GradientChecker(1e-2, 1, 3);
        checker.checkModule(new HardTanh(), x);
        assertEquals(15, checker.checked());
    }

    @Test
    void dropoutGradientMatchesFiniteDifferencesAndEvalIsIdentity() {
        Dropout d = new Dropout(0.5f, 9);
        Tensor x = Tensor.uniform(Seeds.generator(3), -1, 1, 4, 8);
        GradientChecker checker = new GradientChecker(1e-2, 1, 4);
        checker.checkModule(d, x);
        assertEquals(32, checker.checked());
        Tensor y = d.forward(x);
        int zeros = 0;
        for (int i = 0; i < y.size(); i++) {
            zeros += y.getFlat(i) == 0 ? 1 : 0;
            assertTrue(y.getFlat(i) == 0 || y.getFlat(i) == 2 * x.getFlat(i));
        }
        assertTrue(zeros > 4 && zeros < 28, "about half dropped: " + zeros);
        d.eval();
        assertEquals(x, d.forward(x));
    }

    @Test
    void flattenIsAViewBothWays() {
        Flatten f = new Flatten();
        Tensor x = Tensor.uniform(Seeds.generator(4), -1, 1, 2, 3, 3, 4);
        Tensor y = f.forward(x);
        assertEquals(2, y.rank());
        assertEquals(36, y.dim(1));
        assertEquals(x.getFlat(17), y.getFlat(17));
        assertEquals(4, f.backward(y).rank());
        assertEquals(36, f.outputShape(3, 3, 4)[0]);
    }

    @Test
    void elementwiseLayersRejectAnEmptyBatch() {
        for (Module m : new Module[] {new SignActivation(), new HardTanh(), new Dropout(0.1f, 0), new Flatten()}) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> m.forward(Tensor.zeros(0, 4)));
            assertTrue(e.getMessage().contains(m.toString()) && e.getMessage().contains("[0, 4]"), e.getMessage());
        }
    }
}
