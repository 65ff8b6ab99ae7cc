package dev.bnn.train;

import dev.bnn.core.Dataset;
import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.train.layers.BatchNorm;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.HardTanh;
import dev.bnn.train.layers.SignActivation;
import dev.bnn.train.nn.Sequential;
import java.util.random.RandomGenerator;

/**
 * A synthetic task no linear model fits: 2-d points around the four corners (±1, ±1) with
 * Gaussian noise of std 0.25, class 0 when both coordinates have the same sign (XOR of the
 * signs), padded with 6 pure-noise inputs. Any linear classifier is at ~50% error; the Bayes
 * error is ~0.1% (a corner is 4 std from the far side of an axis).
 */
final class XorTask {
    static final int FEATURES = 8;

    private XorTask() {}

    static Dataset data(String name, int n, long seed) {
        RandomGenerator rng = Seeds.generator(seed);
        float[] x = new float[n * FEATURES];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int a = rng.nextBoolean() ? 1 : -1;
            int b = rng.nextBoolean() ? 1 : -1;
            x[i * FEATURES] = (float) (a + 0.25 * rng.nextGaussian());
            x[i * FEATURES + 1] = (float) (b + 0.25 * rng.nextGaussian());
            for (int k = 2; k < FEATURES; k++) {
                x[i * FEATURES + k] = (float) rng.nextGaussian();
            }
            labels[i] = a == b ? 0 : 1;
        }
        return new Dataset(name, Tensor.wrap(x, n, FEATURES), labels, 2);
    }

    /** BinaryConnect: binary weights, real activations (batch norm + hard tanh). */
    static Sequential binaryConnect(int hidden, long seed) {
        Sequential net = new Sequential(new BinaryDense(FEATURES, hidden), new BatchNorm(hidden), new HardTanh(),
                new BinaryDense(hidden, hidden), new BatchNorm(hidden), new HardTanh(),
                new BinaryDense(hidden, 2), new BatchNorm(2));
        net.reset(seed);
        return net;
    }

    /** BNN: real input into a BinaryConnect layer, then binary activations and XNOR-popcount layers. */
    static Sequential bnn(int hidden, long seed) {
        Sequential net = new Sequential(new BinaryDense(FEATURES, hidden), new BatchNorm(hidden), new SignActivation(),
                BinaryDense.builder(hidden, hidden).binaryInput().build(), new BatchNorm(hidden), new SignActivation(),
                BinaryDense.builder(hidden, 2).binaryInput().build(), new BatchNorm(2));
        net.reset(seed);
        return net;
    }
}
