package dev.bnn.train.layers;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.RandomStream;
import dev.bnn.train.nn.Seedable;
import java.util.Map;

/**
 * Inverted dropout (Srivastava et al. 2014): in training y = x m / (1 - p) with m_i ~
 * Bernoulli(1 - p) drawn from this layer's {@link RandomStream} (buffer {@code rng_counter}, so a
 * restored state resumes the same masks); in evaluation y = x. Backward: gx = g m / (1 - p).
 * Any batch shape.
 */
public final class Dropout extends ElementwiseModule implements Seedable {
    private final float p;
    private final RandomStream stream;
    private Tensor mask;
    private boolean masked;

    /** Drops each element with probability p in [0, 1). */
    public Dropout(float p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1), got " + p);
        }
        this.p = p;
        this.stream = new RandomStream(seed);
    }

    public static Dropout fromConfig(Map<String, ?> c) {
        return new Dropout(Config.real(c, "p"), Config.seed(c, "seed"));
    }

    @Override
    void apply(Tensor x, Tensor out) {
        masked = isTraining() && p > 0;
        if (!masked) {
            out.copyFrom(x);
            return;
        }
        mask = Tensor.reuse(mask, x.shape());
        TensorOps.bernoulli(stream.next(), 1f - p, 1f / (1f - p), mask);
        TensorOps.multiply(x, mask, out);
    }

    @Override
    void gradient(Tensor x, Tensor g, Tensor out) {
        if (masked) {
            TensorOps.multiply(g, mask, out);
        } else {
            out.copyFrom(g);
        }
    }

    /** The probability of dropping an input in training. */
    public float probability() {
        return p;
    }

    @Override
    public void reset(long seed) {
        stream.reseed(seed);
    }

    @Override
    public long seed() {
        return stream.seed();
    }

    @Override
    public Map<String, Tensor> buffers() {
        return Map.of("rng_counter", stream.counter());
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("Dropout", "p", p, "seed", seed());
    }

    @Override
    public String toString() {
        return "Dropout(" + p + ")";
    }

    /** Registers {@code "Dropout"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("Dropout", Module.class, Dropout::fromConfig);
        }
    }
}
