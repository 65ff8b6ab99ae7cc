package dev.bnn.train.recipe;

import dev.bnn.train.layers.Init;
import java.util.Objects;

/**
 * How {@link Architectures} builds a network.
 *
 * @param binarization what is binarized
 * @param width        MLP: units per hidden layer; ConvNet: channels of the first block
 * @param init         the initial latent weights of the binary layers (float layers: always Glorot uniform)
 * @param stochastic   BinaryConnect's stochastic binarization of the weights, tested with the real-valued
 *                     weights (the paper's section 2.6); {@link Binarization#BC} only
 * @param dropoutIn    dropout probability on the input, in [0, 1)
 * @param dropoutHidden dropout probability after each hidden activation, in [0, 1)
 * @param seed         the network seed (each layer's is derived from it)
 * @param rotateInput  an MLP's input through a Haar-random rotation ({@link dev.bnn.train.layers.RandomRotation})
 *                     before the first binary layer (Anderson and Berg 2018)
 */
public record NetworkOptions(Binarization binarization, int width, Init init, boolean stochastic, float dropoutIn,
                             float dropoutHidden, long seed, boolean rotateInput) {

    /** Options without the input rotation. */
    public NetworkOptions(Binarization binarization, int width, Init init, boolean stochastic, float dropoutIn,
                          float dropoutHidden, long seed) {
        this(binarization, width, init, stochastic, dropoutIn, dropoutHidden, seed, false);
    }

    /** These options with the MLP's input rotated by a Haar-random rotation. */
    public NetworkOptions withInputRotation() {
        return new NetworkOptions(binarization, width, init, stochastic, dropoutIn, dropoutHidden, seed, true);
    }

    public NetworkOptions {
        Objects.requireNonNull(binarization, "binarization");
        Objects.requireNonNull(init, "init");
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive, got " + width);
        }
        if (stochastic && binarization != Binarization.BC) {
            throw new IllegalArgumentException("stochastic binarization is BinaryConnect's: it applies to BC networks, not "
                    + binarization);
        }
        if (!(dropoutIn >= 0 && dropoutIn < 1) || !(dropoutHidden >= 0 && dropoutHidden < 1)) {
            throw new IllegalArgumentException("dropout probabilities must be in [0, 1), got " + dropoutIn + " (input) and "
                    + dropoutHidden + " (hidden)");
        }
    }

    /** {@code width} wide, latent binary weights U(-1, 1) (the papers' H = 1), deterministic, no dropout, seed 1. */
    public static NetworkOptions of(Binarization binarization, int width) {
        return new NetworkOptions(binarization, width, Init.UNIFORM_H1, false, 0f, 0f, 1);
    }
}
