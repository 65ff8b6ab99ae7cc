package dev.bnn.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.io.Json;
import java.util.List;
import java.util.Map;
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
        assertEquals("exponential(to x0.0001)", LearningRateSchedule.exponential(3e-7 / 0.003).toString());
        assertEquals("cosine(to x0)", LearningRateSchedule.cosine(0).toString());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1.5));
    }

    /** Each schedule rebuilt from its config (through JSON) gives the same factors, bit for bit, and the same description. */
    @Test
    void everyScheduleRoundTripsThroughItsConfig() {
        for (LearningRateSchedule s : List.of(LearningRateSchedule.constant(), LearningRateSchedule.exponential(3e-7 / 0.003),
                LearningRateSchedule.step(7, 0.3), LearningRateSchedule.cosine(0.05))) {
            LearningRateSchedule back = LearningRateSchedules.fromConfig(Json.parseObject(Json.write(s.config())));
            assertEquals(s, back);
            assertEquals(s.toString(), back.toString());
            for (int e = 0; e < 30; e++) {
                assertEquals(Double.doubleToRawLongBits(s.factor(e, 30)), Double.doubleToRawLongBits(back.factor(e, 30)), s + " at " + e);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedules.fromConfig(Map.of("type", "Linear")));
        assertTrue(e.getMessage().contains("'Linear'") && e.getMessage().contains("Constant, Cosine, Exponential, Step"),
                e.getMessage());
    }
}
