package dev.bnn.core.testing;

import dev.bnn.core.Tensor;
import java.util.random.RandomGenerator;

/** Shared test helpers: the awkward sizes every packed-bit test sweeps, and random inputs. */
public final class TestShapes {
    /** Row and column counts across word boundaries. */
    public static final int[] WORD_BOUNDARY_SIZES = {1, 3, 63, 64, 65, 127, 128, 129};

    private TestShapes() {}

    /**
     * Random values in [-1, 1) with exact zeros, negative zeros and tiny values mixed in, so that
     * sign(0) = +1 is exercised.
     */
    public static float[] signTestValues(RandomGenerator rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (rng.nextInt(8)) {
                case 0 -> 0f;
                case 1 -> -0f;
                case 2 -> rng.nextBoolean() ? Float.MIN_VALUE : -Float.MIN_VALUE;
                default -> rng.nextFloat() * 2f - 1f;
            };
        }
        return v;
    }

    /** A rows x cols tensor of ±1 values drawn from {@code rng}. */
    public static Tensor randomSigns(RandomGenerator rng, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextBoolean() ? 1f : -1f;
        }
        return Tensor.wrap(v, rows, cols);
    }
}
