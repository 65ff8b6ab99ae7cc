package dev.bnn.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.train.testing.GradientChecker;
import org.junit.jupiter.api.Test;

class LossTest {

    @Test
    void squaredHingeHandComputed() {
        Tensor y = Tensor.wrap(new float[] {0.5f, -2f, 3f, 0.5f}, 2, 2);
        Tensor t = Tensor.wrap(new float[] {1f, -1f, -1f, 1f}, 2, 2);
        Tensor g = Tensor.zeros(2, 2);
        // margins: 1 - 0.5 = 0.5, 1 - 2 < 0 -> 0, 1 + 3 = 4, 1 - 0.5 = 0.5; loss (0.25 + 16 + 0.25) / 2
        assertEquals(8.25f, new SquaredHinge().evaluate(y, t, g));
        assertEquals(Tensor.wrap(new float[] {-0.5f, 0f, 4f, -0.5f}, 2, 2), g); // -(2/N) t margin
    }

    @Test
    void crossEntropyHandComputed() {
        Tensor y = Tensor.wrap(new float[] {0f, 0f, 1000f, 0f}, 2, 2);
        Tensor t = Tensor.wrap(new float[] {1f, 0f, 0f, 1f}, 2, 2);
        Tensor g = Tensor.zeros(2, 2);
        float loss = new SoftmaxCrossEntropy().evaluate(y, t, g);
        assertEquals((Math.log(2) + 1000) / 2, loss, 1e-3); // finite although p = e^-1000 underflows
        assertEquals(0.25f, g.getFlat(1), 1e-6);
        assertEquals(-0.5f, g.getFlat(3), 1e-6);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradientChecker checker = new GradientChecker(1e-3, 8, 1);
        Tensor y = Tensor.uniform(Seeds.generator(2), -2, 2, 4, 5);
        Tensor hinge = Tensor.zeros(4, 5);
        new SquaredHinge().encodeTargets(new int[] {0, 3, 4, 1}, hinge);
        checker.checkLoss(new SquaredHinge(), y, hinge);
        Tensor oneHot = Tensor.zeros(4, 5);
        new SoftmaxCrossEntropy().encodeTargets(new int[] {2, 2, 0, 4}, oneHot);
        checker.checkLoss(new SoftmaxCrossEntropy(), y, oneHot);
        assertEquals(40, checker.checked());
    }

    @Test
    void badShapesAndTargetsAreNamed() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> new SquaredHinge().evaluate(Tensor.zeros(3, 10), Tensor.zeros(3, 9), null));
        assertTrue(e.getMessage().contains("SquaredHinge") && e.getMessage().contains("[3, 9]")
                && e.getMessage().contains("[3, 10]"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new SoftmaxCrossEntropy().evaluate(Tensor.zeros(0, 10),
                Tensor.zeros(0, 10), null));
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy().evaluate(Tensor.zeros(2, 3),
                Tensor.zeros(2, 3), null));
        assertEquals("SquaredHinge", Losses.fromConfig(new SquaredHinge().config()).toString());
    }

    /** The squared hinge trains towards +1 at the label and -1 elsewhere, cross-entropy towards one-hot; rows are overwritten. */
    @Test
    void eachLossEncodesItsTargets() {
        Tensor t = Tensor.wrap(new float[] {7f, 7f, 7f, 7f, 7f, 7f}, 2, 3);
        new SquaredHinge().encodeTargets(new int[] {2, 0}, t);
        assertArrayEquals(new float[] {-1f, -1f, 1f, 1f, -1f, -1f}, t.data());
        new SoftmaxCrossEntropy().encodeTargets(new int[] {1, 2}, t);
        assertArrayEquals(new float[] {0f, 1f, 0f, 0f, 0f, 1f}, t.data());
    }

    @Test
    void encodingNamesABadLabelAndAWrongShape() {
        Tensor t = Tensor.zeros(3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SquaredHinge().encodeTargets(new int[] {0, 4, 1}, t));
        assertTrue(e.getMessage().contains("label 4 at index 1") && e.getMessage().contains("0..3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy().encodeTargets(new int[] {-1, 0, 0}, t));
        assertTrue(e.getMessage().contains("label -1 at index 0"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new SquaredHinge().encodeTargets(new int[] {0, 1}, t));
    }

    /** Called per batch: after warm-up, encoding 64 rows 200 times allocates nothing (a row view per example would be ~600 KB). */
    @Test
    void encodingAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int[] labels = new int[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        Tensor t = Tensor.zeros(64, 10);
        Loss loss = new SquaredHinge();
        for (int i = 0; i < 200; i++) {
            loss.encodeTargets(labels, t);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200; i++) {
            loss.encodeTargets(labels, t);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4096, allocated + " bytes");
    }

    @Test
    void everyLossRoundTripsThroughItsConfigAndUnknownTypesListTheKnownOnes() {
        for (Loss loss : new Loss[] {new SquaredHinge(), new SoftmaxCrossEntropy()}) {
            Loss back = Losses.fromConfig(loss.config());
            assertEquals(loss.getClass(), back.getClass());
            assertEquals(loss.config(), back.config());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.fromConfig(java.util.Map.of("type", "Hinge")));
        assertTrue(e.getMessage().contains("'Hinge'") && e.getMessage().contains("SoftmaxCrossEntropy, SquaredHinge"), e.getMessage());
    }
}
