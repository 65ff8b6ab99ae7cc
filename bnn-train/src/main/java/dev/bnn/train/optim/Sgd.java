package dev.bnn.train.optim;

import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum (Polyak) or Nesterov momentum, in the
 * convention of PyTorch's {@code SGD}: with velocity v (zero at the start), rate r, momentum mu,
 * <pre>
 *   v &lt;- mu v + g
 *   w &lt;- w - r v                (momentum)
 *   w &lt;- w - r (g + mu v)       (Nesterov: Sutskever et al. 2013, as reformulated by Bengio et al. 2013)
 * </pre>
 * With mu = 0 this is plain SGD, w &lt;- w - r g, and keeps no state.
 */
public final class Sgd extends ElementwiseOptimizer {
    private final double momentum;
    private final boolean nesterov;

    /** Plain SGD at {@code learningRate}, Glorot scale on for latent binary weights. */
    public Sgd(double learningRate) {
        this(learningRate, 0, false, true);
    }

    /**
     * @param momentum mu in [0, 1)
     * @param nesterov Nesterov momentum (needs mu &gt; 0)
     */
    public Sgd(double learningRate, double momentum, boolean nesterov, boolean glorotScale) {
        super(learningRate, glorotScale, momentum == 0 ? new String[0] : new String[] {"velocity"});
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("Sgd: momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum needs a positive momentum");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] s, int from, int to, float rate) {
        if (momentum == 0) {
            for (int i = from; i < to; i++) {
                w[i] -= rate * g[i];
            }
            return;
        }
        float mu = (float) momentum;
        float[] v = s[0];
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float vi = mu * v[i] + gi;
            v[i] = vi;
            w[i] -= rate * (nesterov ? gi + mu * vi : vi);
        }
    }

    /** {"type": "Sgd", "learning_rate", "momentum", "nesterov", "glorot_scale"}. */
    @Override
    public Map<String, Object> config() {
        return Config.of("Sgd", "learning_rate", learningRate(), "momentum", momentum, "nesterov", nesterov,
                "glorot_scale", glorotScale());
    }

    @Override
    public String toString() {
        return "Sgd(lr " + learningRate() + ", momentum " + momentum + (nesterov ? ", Nesterov" : "")
                + ", Glorot scale " + (glorotScale() ? "on" : "off") + ")";
    }

    /** Registers {@code "Sgd"}. */
    public static final class Type extends ConfigType<Optimizer> {
        public Type() {
            super("Sgd", Optimizer.class, c -> new Sgd(Config.number(c, "learning_rate"), Config.number(c, "momentum"),
                    Config.bool(c, "nesterov"), Config.bool(c, "glorot_scale")));
        }
    }
}
