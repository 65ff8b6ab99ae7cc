package dev.bnn.train.quantize;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import java.util.random.RandomGenerator;

/**
 * Deterministic sign with the straight-through estimator (Hubara et al. 2016, "Binarized Neural
 * Networks", eq. 1 and 4; Larq {@code ste_sign}).
 * <ul>
 *   <li>forward: q(x) = +1 if x &gt;= 0, else -1 (sign(0) = sign(-0.0) = +1, the bit encoding's);</li>
 *   <li>pseudo-gradient: dq/dx = 1 if |x| &lt;= clip, else 0 (the "hard tanh" STE; clip 1 in the paper).</li>
 * </ul>
 */
public final class SteSign extends ClippedSign {

    /** The paper's STE, clip 1. */
    public SteSign() {
        this(1f);
    }

    /** The gradient passes where |x| &lt;= clip (positive; infinity for the identity). */
    public SteSign(float clip) {
        super("SteSign", clip);
    }

    @Override
    public void forward(Tensor x, RandomGenerator rng, Tensor out) {
        TensorOps.sign(x, out);
    }

    /** Registers {@code "SteSign"} with the quantizer registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Quantizer> {
        public Type() {
            super("SteSign", Quantizer.class, c -> new SteSign(Config.real(c, "clip")));
        }
    }
}
