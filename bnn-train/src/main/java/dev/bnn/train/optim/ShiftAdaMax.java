package dev.bnn.train.optim;

import dev.bnn.core.config.ConfigType;

/**
 * Shift-based AdaMax (Courbariaux, Hubara et al. 2016, "Binarized Neural Networks", Algorithm 4):
 * AdaMax with its two multiplications by real numbers replaced by multiplications by powers of
 * two (bit shifts in hardware). With AP2(x) = sign(x) 2^round(log2 |x|), at step t:
 * <pre>
 *   m &lt;- beta1 m + (1 - beta1) g
 *   u &lt;- max(beta2 u, |g|)
 *   w &lt;- w - AP2(r / (1 - beta1^t)) * m * AP2(1 / (u + epsilon))
 * </pre>
 * Rounding is to the nearest power in the log domain (|x| in [2^e, 2^e sqrt 2) rounds to 2^e).
 * Defaults as {@link AdaMax}: r = 0.002, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8.
 */
public final class ShiftAdaMax extends MomentOptimizer {
    /** Mantissa bits of the largest float below sqrt(2): a mantissa above it rounds up. */
    private static final int SQRT2_MANTISSA = 0x3504F3;

    private double correction;

    /** The paper's defaults, Glorot scale on for latent binary weights. */
    public ShiftAdaMax() {
        this(AdaMax.DEFAULT_LEARNING_RATE);
    }

    /** The paper's betas and epsilon at {@code learningRate}, Glorot scale on. */
    public ShiftAdaMax(double learningRate) {
        this(learningRate, AdaMax.DEFAULT_BETA1, AdaMax.DEFAULT_BETA2, AdaMax.DEFAULT_EPSILON, true);
    }

    public ShiftAdaMax(double learningRate, double beta1, double beta2, double epsilon, boolean glorotScale) {
        super(learningRate, beta1, beta2, epsilon, glorotScale, "u");
    }

    /**
     * AP2(x) = sign(x) 2^round(log2 |x|) for a normal float x: keeps sign and exponent, and adds
     * one to the exponent when the mantissa 1.f is at least sqrt(2).
     */
    static float ap2(float x) {
        int bits = Float.floatToRawIntBits(x);
        int rounded = (bits & 0xFF800000) + ((bits & 0x007FFFFF) > SQRT2_MANTISSA ? 0x00800000 : 0);
        return Float.intBitsToFloat(rounded);
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
        float a = ap2((float) (rate * correction));
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float ui = Math.max(b2 * u[i], Math.abs(gi));
            m[i] = mi;
            u[i] = ui;
            w[i] -= a * mi * ap2(1 / (ui + eps));
        }
    }

    /** Registers {@code "ShiftAdaMax"}. */
    public static final class Type extends ConfigType<Optimizer> {
        public Type() {
            super("ShiftAdaMax", Optimizer.class, c -> MomentOptimizer.fromConfig(c, ShiftAdaMax::new));
        }
    }
}
