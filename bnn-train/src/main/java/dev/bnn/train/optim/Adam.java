package dev.bnn.train.optim;

import dev.bnn.core.config.ConfigType;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1, with the efficient ordering of its section 2), the
 * optimizer of the BinaryConnect and BNN papers' MNIST and CIFAR-10 runs. At step t:
 * <pre>
 *   m &lt;- beta1 m + (1 - beta1) g
 *   v &lt;- beta2 v + (1 - beta2) g^2
 *   w &lt;- w - r sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)
 * </pre>
 * Defaults are the paper's: r = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8.
 */
public final class Adam extends MomentOptimizer {
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;

    private double correction;

    /** The paper's defaults, Glorot scale on for latent binary weights. */
    public Adam() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** The paper's betas and epsilon at {@code learningRate}, Glorot scale on. */
    public Adam(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, true);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean glorotScale) {
        super(learningRate, beta1, beta2, epsilon, glorotScale, "v");
    }

    @Override
    protected void beginStep(long t) {
        correction = Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    }

    @Override
    protected void update(float[] w, float[] g, float[][] s, int from, int to, float rate) {
        float[] m = s[0];
        float[] v = s[1];
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float eps = (float) epsilon;
        float a = (float) (rate * correction);
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= a * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    /** Registers {@code "Adam"}. */
    public static final class Type extends ConfigType<Optimizer> {
        public Type() {
            super("Adam", Optimizer.class, c -> MomentOptimizer.fromConfig(c, Adam::new));
        }
    }
}
