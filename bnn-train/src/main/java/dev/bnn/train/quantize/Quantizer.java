package dev.bnn.train.quantize;

import dev.bnn.core.Tensor;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A quantizer with a straight-through estimator (Larq's quantizers): a forward function q(x) and
 * a pseudo-gradient used in its place by backward, since the true derivative of a step function
 * is zero almost everywhere. Each implementation documents both formulas and its paper.
 *
 * <p>Quantizers are stateless; a stochastic one draws from the generator its caller passes (the
 * caller's {@code RandomStream}), and is deterministic when passed null (evaluation mode).
 * NaN inputs are rejected with a clear error, never quantized to a silent +1.
 */
public interface Quantizer {

    /** out = q(x); {@code rng} is used only by stochastic quantizers, which are deterministic when it is null. */
    void forward(Tensor x, RandomGenerator rng, Tensor out);

    /** out = pseudo-gradient(x) * g, or out += it when {@code accumulate}. */
    void backward(Tensor x, Tensor g, Tensor out, boolean accumulate);

    /**
     * The precision of the outputs, in bits: 1 when every output is exactly -1 or +1 (the packed
     * XNOR-popcount and sign-bit kernels may run on it), 2 for {-1, 0, +1}, k for k-bit levels,
     * 32 for real values. 1 means exactly -1 and +1: a scaled sign (+-alpha) reports 32 and a 1-bit
     * quantizer onto {0, 1} reports 2, as their outputs are not the ±1 the packed kernels compute with. The default, 32, is the safe one: a quantizer that does not
     * state its precision runs on the float path, never on the ±1 kernels.
     */
    default int bits() {
        return 32;
    }

    /** True when the forward draws random numbers in training. */
    default boolean isStochastic() {
        return false;
    }

    /**
     * The pseudo-gradient is exactly 1 wherever |x| &lt;= this bound (the clip of a straight-through
     * estimator); -1 when there is no such region. A layer whose weights all lie within it skips
     * the mask pass and accumulates the weight gradient directly.
     */
    default float passThroughBound() {
        return -1f;
    }

    /**
     * True when the deterministic forward (no generator) is sign(x) with sign(0) = +1, so that a
     * layer may pack the signs of x directly instead of materialising q(x).
     */
    default boolean isSign() {
        return false;
    }

    /**
     * True when a layer holding this quantizer evaluates (no generator) with the real-valued latent
     * weights instead of q(w): stochastic BinaryConnect's test-time inference in the paper.
     */
    default boolean evaluatesLatent() {
        return false;
    }

    /** {"type": name, hyperparameters...}, read back by {@link Quantizers#fromConfig}. */
    Map<String, Object> config();
}
