package dev.bnn.train.optim;

import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.train.nn.Parameter;
import java.util.Map;

/**
 * Bop, the binary optimizer of Helwegen et al. 2019 ("Latent weights do not exist: rethinking
 * binarized neural network optimization"), in the form of Larq's {@code Bop}. It treats a binary
 * weight w in {-1, +1} as the thing to optimise: it keeps an exponential moving average m of the
 * gradient and flips w when m is strong enough and points the same way as w:
 * <pre>
 *   m &lt;- m + gamma (g - m)
 *   w &lt;- -sign(w)  if w m &gt; tau,   else  sign(w)        (sign(0) = +1)
 * </pre>
 * so that after the first step every weight is exactly -1 or +1. Defaults: adaptivity rate
 * gamma = 1e-4, threshold tau = 1e-8. The learning-rate factor of a schedule multiplies gamma (the
 * paper decays gamma). Bop updates latent binary weights only: route the real-valued parameters
 * to another optimizer with {@link RoutingOptimizer}.
 */
public final class Bop extends ElementwiseOptimizer {
    public static final double DEFAULT_GAMMA = 1e-4;
    public static final double DEFAULT_THRESHOLD = 1e-8;

    private final double threshold;

    /** gamma = 1e-4, tau = 1e-8. */
    public Bop() {
        this(DEFAULT_GAMMA, DEFAULT_THRESHOLD);
    }

    /**
     * @param gamma     adaptivity rate of the gradient average, in (0, 1]
     * @param threshold tau &gt;= 0
     */
    public Bop(double gamma, double threshold) {
        super(gamma, false, "m");
        if (gamma > 1) {
            throw new IllegalArgumentException("Bop: gamma must be in (0, 1], got " + gamma);
        }
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("Bop: threshold must be non-negative and finite, got " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    protected void accept(String name, Parameter p) {
        if (!p.isLatentBinary()) {
            throw new IllegalArgumentException("Bop updates binary weights only, but " + name
                    + " is real-valued; route it to another optimizer with RoutingOptimizer");
        }
    }

    @Override
    protected void update(float[] w, float[] g, float[][] s, int from, int to, float gamma) {
        float[] m = s[0];
        float tau = (float) threshold;
        for (int i = from; i < to; i++) {
            float mi = m[i] + gamma * (g[i] - m[i]);
            m[i] = mi;
            float sign = w[i] < 0 ? -1f : 1f;
            w[i] = sign * mi > tau ? -sign : sign;
        }
    }

    /** {"type": "Bop", "gamma", "threshold"}. */
    @Override
    public Map<String, Object> config() {
        return Config.of("Bop", "gamma", learningRate(), "threshold", threshold);
    }

    @Override
    public String toString() {
        return "Bop(gamma " + learningRate() + ", threshold " + threshold + ")";
    }

    /** Registers {@code "Bop"}. */
    public static final class Type extends ConfigType<Optimizer> {
        public Type() {
            super("Bop", Optimizer.class, c -> new Bop(Config.number(c, "gamma"), Config.number(c, "threshold")));
        }
    }
}
