package dev.bnn.core;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Seeded random generators. Every bnn component that draws random numbers takes a
 * {@link RandomGenerator} (or a seed) explicitly; there is no global random state, so the same
 * seed and thread count give the same result.
 *
 * <p>The algorithm is fixed ({@value #ALGORITHM}, an LXM generator) so that a seed means the same
 * stream on every JDK, unlike {@link RandomGenerator#getDefault()} whose algorithm may change.
 */
public final class Seeds {
    /** The generator algorithm behind every seed. */
    public static final String ALGORITHM = "L64X128MixRandom";

    private static final RandomGeneratorFactory<RandomGenerator.SplittableGenerator> FACTORY =
            RandomGeneratorFactory.of(ALGORITHM);

    private Seeds() {}

    /** A new generator whose stream is fully determined by {@code seed}. */
    public static RandomGenerator.SplittableGenerator generator(long seed) {
        return FACTORY.create(seed);
    }
}
