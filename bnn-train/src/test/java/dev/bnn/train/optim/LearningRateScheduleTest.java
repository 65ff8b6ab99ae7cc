package dev.bnn.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    /** The BNN MNIST recipe: LR_start 0.003, LR_fin 3e-7 over 1000 epochs; epoch 500 is at sqrt(1e-4) = 1e-2. */
    @Test
    void exponentialDecaysFromStartTowardsTheFinalFactor() {
        LearningRateSchedule s = LearningRateSchedule.exponential(1e-4);
        assertEquals(1, s.factor(0, 1000));
        assertEquals(1e-2, s.factor(500, 1000), 1e-15);
        assertEquals(Math.pow(1e-4, 999 / 1000.0), s.factor(999, 1000), 1e-18);
        assertEquals(Math.pow(1e-4, 1 / 1000.0) * Math.pow(1e-4, 1 / 1000.0), s.factor(2, 1000), 1e-15);
    }

    @Test
    void stepAndCosine() {
        LearningRateSchedule step = LearningRateSchedule.step(10, 0.1);
        assertEquals(1, step.factor(9, 100));
        assertEquals(0.1, step.factor(10, 100), 1e-15);
        assertEquals(0.01, step.factor(25, 100), 1e-15);
        LearningRateSchedule cosine = LearningRateSchedule.cosine(0.1);
        assertEquals(1, cosine.factor(0, 10), 1e-15);
        assertEquals(0.55, cosine.factor(5, 10), 1e-15);
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 0.9)) / 2, cosine.factor(9, 10), 1e-15);
        assertEquals(1, LearningRateSchedule.constant().factor(7, 10));
        assertEquals("step(x0.1 every 10 epochs)", step.toString());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1.5));
    }
}
