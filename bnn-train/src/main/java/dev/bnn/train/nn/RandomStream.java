package dev.bnn.train.nn;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import java.util.random.RandomGenerator;

/**
 * The random numbers of a stochastic module (dropout, stochastic binarization), reproducible and
 * resumable: the generator of the c-th training-mode forward is
 * {@code Seeds.generator(Seeds.mix(seed, c))}, so a module's draws depend only on its seed and how many
 * forwards it has run. The counter lives in a 2-element tensor exported with the module's state
 * (entry {@code rng_counter}): c = low + 2^24 high, each part an integer a float holds exactly;
 * restoring the state resumes the stream exactly.
 */
public final class RandomStream {
    private static final long LOW = 1L << 24;

    private long seed;
    private final Tensor counter = Tensor.zeros(2);

    public RandomStream(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** Restarts the stream from {@code seed}, counter 0. */
    public void reseed(long seed) {
        this.seed = seed;
        counter.zero();
    }

    /** The number of generators handed out. */
    public long count() {
        float low = counter.getFlat(0);
        float high = counter.getFlat(1);
        if (low != Math.rint(low) || high != Math.rint(high) || low < 0 || low >= LOW || high < 0) {
            throw new IllegalStateException("rng_counter holds [" + low + ", " + high + "], not a valid counter");
        }
        return (long) low + LOW * (long) high;
    }

    /** The generator of the next forward; advances the counter. */
    public RandomGenerator next() {
        long c = count();
        long n = c + 1;
        counter.set((float) (n % LOW), 0);
        counter.set((float) (n / LOW), 1);
        return Seeds.generator(Seeds.mix(seed, c));
    }

    /** The counter tensor (live), exported as the buffer {@code rng_counter}. */
    public Tensor counter() {
        return counter;
    }
}
