package dev.bnn.train.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.train.nn.Modules;
import dev.bnn.train.testing.GradientChecker;
import org.junit.jupiter.api.Test;

class BatchNormTest {

    @Test
    void trainingForwardNormalisesWithBatchStatistics() {
        BatchNorm bn = new BatchNorm(3);
        bn.parameters().get(0).value().copyFrom(Tensor.wrap(new float[] {2f, -1f, 0.5f}, 3));
        bn.parameters().get(1).value().copyFrom(Tensor.wrap(new float[] {0.1f, 0.2f, 0.3f}, 3));
        Tensor x = Tensor.uniform(Seeds.generator(1), -3, 3, 10, 3);
        Tensor y = bn.forward(x);
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            double var = 0;
            for (int i = 0; i < 10; i++) {
                mean += x.get(i, j) / 10.0;
            }
            for (int i = 0; i < 10; i++) {
                var += Math.pow(x.get(i, j) - mean, 2) / 10.0;
            }
            for (int i = 0; i < 10; i++) {
                double expected = bn.parameters().get(0).value().getFlat(j) * (x.get(i, j) - mean) / Math.sqrt(var + 1e-4)
                        + bn.parameters().get(1).value().getFlat(j);
                assertEquals(expected, y.get(i, j), 1e-5);
            }
            // running = 0.9 running + 0.1 batch, unbiased variance
            assertEquals(0.1 * mean, bn.buffers().get("running_mean").getFlat(j), 1e-6);
            assertEquals(0.9 + 0.1 * var * 10 / 9, bn.buffers().get("running_var").getFlat(j), 1e-5);
        }
    }

    @Test
    void evalUsesRunningStatistics() {
        BatchNorm bn = new BatchNorm(2);
        bn.buffers().get("running_mean").copyFrom(Tensor.wrap(new float[] {1f, -2f}, 2));
        bn.buffers().get("running_var").copyFrom(Tensor.wrap(new float[] {4f, 0.25f}, 2));
        bn.eval();
        Tensor y = bn.forward(Tensor.wrap(new float[] {3f, -1f}, 1, 2));
        assertEquals(2 / Math.sqrt(4 + 1e-4), y.getFlat(0), 1e-6);
        assertEquals(1 / Math.sqrt(0.25 + 1e-4), y.getFlat(1), 1e-5);
    }

    @Test
    void gradientsMatchFiniteDifferencesDenseAndSpatialTrainingAndEval() {
        GradientChecker checker = new GradientChecker(1e-2, 16, 5);
        for (boolean training : new boolean[] {true, false}) {
            BatchNorm dense = new BatchNorm(4);
            randomAffine(dense, 1);
            BatchNorm spatial = new BatchNorm(3);
            randomAffine(spatial, 2);
            if (!training) {
                dense.eval();
                spatial.eval();
            }
            checker.checkModule(dense, Tensor.uniform(Seeds.generator(3), -2, 2, 6, 4));
            checker.checkModule(spatial, Tensor.uniform(Seeds.generator(4), -2, 2, 2, 3, 2, 3));
        }
        assertTrue(checker.checked() > 100, "checked " + checker.checked());
    }

    @Test
    void shiftBasedUsesPowersOfTwo() {
        BatchNorm bn = BatchNorm.shiftBased(2);
        bn.parameters().get(0).value().copyFrom(Tensor.wrap(new float[] {3f, -0.7f}, 2));
        Tensor x = Tensor.uniform(Seeds.generator(5), -2, 2, 8, 2);
        Tensor y = bn.forward(x);
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            for (int i = 0; i < 8; i++) {
                mean += x.get(i, j) / 8.0;
            }
            double var = 0;
            for (int i = 0; i < 8; i++) {
                double c = x.get(i, j) - mean;
                var += c * ap2(c) / 8;
            }
            double inv = ap2(1 / Math.sqrt(var + 1e-4));
            double gamma = ap2(bn.parameters().get(0).value().getFlat(j));
            for (int i = 0; i < 8; i++) {
                assertEquals(gamma * (x.get(i, j) - mean) * inv, y.get(i, j), 1e-5);
            }
        }
        assertEquals("ShiftBatchNorm(2, momentum 0.1, epsilon 1.0E-4)", bn.toString());
    }

    @Test
    void badInputNamesTheLayerAndBothShapes() {
        BatchNorm bn = new BatchNorm(16);
        for (Tensor bad : new Tensor[] {Tensor.zeros(2, 15), Tensor.zeros(2, 4, 4, 15), Tensor.zeros(0, 16),
                Tensor.zeros(16)}) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> bn.forward(bad));
            assertTrue(e.getMessage().contains("BatchNorm(16") && e.getMessage().contains(
                    ShapeMismatchException.format(bad.shape())), e.getMessage());
        }
    }

    @Test
    void stateRoundTripGivesIdenticalOutputs() {
        BatchNorm a = new BatchNorm(3);
        randomAffine(a, 7);
        a.forward(Tensor.uniform(Seeds.generator(8), -1, 1, 5, 3));
        BatchNorm b = (BatchNorm) Modules.fromConfig(a.config());
        b.loadState(a.state());
        a.eval();
        b.eval();
        Tensor x = Tensor.uniform(Seeds.generator(9), -1, 1, 4, 3);
        assertEquals(a.forward(x), b.forward(x));
    }

    private static void randomAffine(BatchNorm bn, long seed) {
        bn.parameters().get(0).value().copyFrom(Tensor.uniform(Seeds.generator(seed), 0.5f, 2f, bn.parameters().get(0).value().shape()));
        bn.parameters().get(1).value().copyFrom(Tensor.uniform(Seeds.generator(seed + 1), -1f, 1f, bn.parameters().get(1).value().shape()));
    }

    private static double ap2(double v) {
        if (v == 0) {
            return 0;
        }
        return Math.signum(v) * Math.pow(2, Math.round(Math.log(Math.abs(v)) / Math.log(2)));
    }

}
