package dev.bnn.train.quantize;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
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
 */
public final class StochasticSign extends ClippedSign {

    public StochasticSign() {
        this(1f);
    }

    public StochasticSign(float clip) {
        super("StochasticSign", clip);
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
}
