package dev.bnn.train.quantize;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Stochastic binarization (Courbariaux et al. 2015, "BinaryConnect", eq. 2).
 * <ul>
 *   <li>forward in training: q(x) = +1 with probability p = hard_sigmoid(x) = clip((x + 1) / 2, 0, 1),
 *       else -1, drawn from the caller's seeded generator; in evaluation (no generator) the
 *       deterministic sign, sign(0) = +1;</li>
 *   <li>pseudo-gradient: dq/dx = 1 if |x| &lt;= clip, else 0 (BinaryConnect passes the gradient
 *       straight to the clipped latent weight).</li>
 * </ul>
 *
 * <p>Test-time weights ({@link #evaluatesLatent()}): the paper's section 2.6 evaluates stochastic
 * BinaryConnect with the real-valued weights ("method 2", which its 1.18% MNIST figure uses), not
 * with sign(w), since latent weights near 0 take either sign in training. With
 * {@code realValuedAtTest} the layers holding this quantizer evaluate with their latent weights;
 * without it, with the deterministic sign (a network that binarizes at deployment).
 */
public final class StochasticSign extends ClippedSign {
    private final boolean realValuedAtTest;

    /** Clip 1, evaluated with the deterministic sign. */
    public StochasticSign() {
        this(1f, false);
    }

    public StochasticSign(float clip, boolean realValuedAtTest) {
        super("StochasticSign", clip);
        this.realValuedAtTest = realValuedAtTest;
    }

    @Override
    public void forward(Tensor x, RandomGenerator rng, Tensor out) {
        if (rng == null) {
            TensorOps.sign(x, out);
        } else {
            TensorOps.stochasticSign(rng, x, out);
        }
    }

    @Override
    public boolean isStochastic() {
        return true;
    }

    @Override
    public boolean evaluatesLatent() {
        return realValuedAtTest;
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("StochasticSign", "clip", clip(), "real_valued_at_test", realValuedAtTest);
    }

    @Override
    public String toString() {
        return super.toString() + (realValuedAtTest ? ", real-valued at test" : "");
    }

    /** Registers {@code "StochasticSign"} with the quantizer registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Quantizer> {
        public Type() {
            super("StochasticSign", Quantizer.class, c -> new StochasticSign(Config.real(c, "clip"),
                    // model files written before the option existed evaluate with the sign
                    Config.has(c, "real_valued_at_test") && Config.bool(c, "real_valued_at_test")));
        }
    }
}
