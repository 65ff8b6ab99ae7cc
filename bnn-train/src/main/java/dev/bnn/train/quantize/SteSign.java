package dev.bnn.train.quantize;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.train.nn.Config;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Deterministic sign with the straight-through estimator (Hubara et al. 2016, "Binarized Neural
 * Networks", eq. 1 and 4; Larq {@code ste_sign}).
 * <ul>
 *   <li>forward: q(x) = +1 if x &gt;= 0, else -1 (sign(0) = sign(-0.0) = +1, the bit encoding's);</li>
 *   <li>pseudo-gradient: dq/dx = 1 if |x| &lt;= clip, else 0 (the "hard tanh" STE; clip 1 in the paper).</li>
 * </ul>
 */
public final class SteSign implements Quantizer {
    private final float clip;

    /** The paper's STE, clip 1. */
    public SteSign() {
        this(1f);
    }

    /** The gradient passes where |x| &lt;= clip (positive; infinity for the identity). */
    public SteSign(float clip) {
        this.clip = StraightThrough.checkClip(clip);
    }

    public float clip() {
        return clip;
    }

    @Override
    public void forward(Tensor x, RandomGenerator rng, Tensor out) {
        TensorOps.sign(x, out);
    }

    @Override
    public void backward(Tensor x, Tensor g, Tensor out, boolean accumulate) {
        StraightThrough.mask(x, clip, g, out, accumulate);
    }

    @Override
    public boolean passesGradient(Tensor x) {
        return TensorOps.maxAbs(x) <= clip;
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("SteSign", "clip", clip);
    }

    @Override
    public String toString() {
        return "SteSign" + (clip == 1f ? "" : "(clip " + clip + ")");
    }
}
