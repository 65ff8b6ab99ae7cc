package dev.bnn.train.optim;

import dev.bnn.core.config.ConfigType;

/**
 * AdaMax, the infinity-norm variant of Adam (Kingma and Ba 2015, Algorithm 2), with Lasagne's
 * epsilon in the denominator as in the BNN paper's Theano code. At step t:
 * <pre>
 *   m &lt;- beta1 m + (1 - beta1) g
 *   u &lt;- max(beta2 u, |g|)
 *   w &lt;- w - r / (1 - beta1^t) * m / (u + epsilon)
 * </pre>
 * Defaults are the paper's: r = 0.002, beta1 = 0.9, beta2 = 0.999; epsilon = 1e-8.
 *
 * @see ShiftAdaMax the BNN paper's multiplication-free variant
 */
public final class AdaMax extends MomentOptimizer {
    public static final double DEFAULT_LEARNING_RATE = 0.002;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;

    private double correction;

    /** The paper's defaults, Glorot scale on for latent binary weights. */
    public AdaMax() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** The paper's betas and epsilon at {@code learningRate}, Glorot scale on. */
    public AdaMax(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, true);
    }

    public AdaMax(double learningRate, double beta1, double beta2, double epsilon, boolean glorotScale) {
        super(learningRate, beta1, beta2, epsilon, glorotScale, "u");
    }

    @Override
    protected void beginStep(long t) {
        correction = 1 / (1 - Math.pow(beta1, t));
    }

    @Override
    protected void update(float[] w, float[] g, float[][] s, int from, int to, float rate) {
        float[] m = s[0];
        float[] u = s[1];
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float eps = (float) epsilon;
        float a = (float) (rate * correction);
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float ui = Math.max(b2 * u[i], Math.abs(gi));
            m[i] = mi;
            u[i] = ui;
            w[i] -= a * mi / (ui + eps);
        }
    }

    /** Registers {@code "AdaMax"}. */
    public static final class Type extends ConfigType<Optimizer> {
        public Type() {
            super("AdaMax", Optimizer.class, c -> MomentOptimizer.fromConfig(c, AdaMax::new));
        }
    }
}
