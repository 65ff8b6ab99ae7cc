package dev.bnn.train.nn;

import dev.bnn.core.Seeds;

/**
 * A module whose initial weights or random stream come from a seed. {@link Sequential} derives
 * one seed per layer from the network seed ({@link dev.bnn.core.Seeds#mix}(networkSeed, index)).
 */
public interface Seedable {
    /**
     * Re-initialises the weights (if any) from {@code seed} and restarts the random stream (if any):
     * trained weights are wiped. The seed becomes {@link #seed()}.
     */
    void reset(long seed);

    /** The seed of the last {@link #reset} (part of the module's config). */
    long seed();
}
