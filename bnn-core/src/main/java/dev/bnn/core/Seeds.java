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

    /** SplitMix64's state increment: 2^64 / phi, odd (Steele, Lea and Flood 2014). */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** SplitMix64's output function (Stafford's Mix13 variant), a bijection of the 64-bit state. */
    public static long splitMix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The {@code index}-th seed derived from {@code seed}: {@code splitMix64(seed + (index + 1) * GOLDEN_GAMMA)},
     * distinct and well spread for nearby indices (a network's per-layer seeds, a random stream's
     * per-forward seeds).
     */
    public static long mix(long seed, long index) {
        return splitMix64(seed + (index + 1) * GOLDEN_GAMMA);
    }

    /** A new generator whose stream is fully determined by {@code seed}. */
    public static RandomGenerator.SplittableGenerator generator(long seed) {
        return FACTORY.create(seed);
    }
}
