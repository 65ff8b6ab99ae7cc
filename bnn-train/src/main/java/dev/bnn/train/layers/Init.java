package dev.bnn.train.layers;

import dev.bnn.core.Tensor;
import java.util.random.RandomGenerator;

/** Weight initialisations, drawn from a layer's seeded generator. */
public enum Init {
    /**
     * Glorot uniform (Glorot and Bengio 2010): U(-a, a) with a = sqrt(6 / (fanIn + fanOut)); the
     * layers' default, as Lasagne's, which the BinaryConnect and BNN code use for their float layers.
     */
    GLOROT_UNIFORM,
    /**
     * BinaryConnect's H = 1: U(-1, 1), the whole range of the clipped latent weights; what the
     * BinaryConnect and BNN code ({@code binary_connect.py}, {@code binary_net.py}) give their binary layers.
     */
    UNIFORM_H1;

    /** Overwrites {@code w} with fresh values for a layer with the given fans. */
    public void fill(Tensor w, int fanIn, int fanOut, RandomGenerator rng) {
        float a = this == GLOROT_UNIFORM ? (float) Math.sqrt(6.0 / ((double) fanIn + fanOut)) : 1f;
        w.copyFrom(Tensor.uniform(rng, -a, a, w.shape()));
    }
}
