package dev.bnn.train.layers;

import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.RandomStream;
import dev.bnn.train.nn.Seedable;
import dev.bnn.train.quantize.Quantizer;
import dev.bnn.train.quantize.Quantizers;
import dev.bnn.train.quantize.SteSign;
import java.util.Map;
import java.util.Objects;

/**
 * The binary activation of a BNN (Hubara et al. 2016, eq. 1 and 4): y = q(x), by default the
 * deterministic sign with the straight-through estimator, gx = g 1_{|x| &lt;= 1} ({@link SteSign}).
 * Any {@link Quantizer} fits (e.g. {@code ApproxSign}, or {@code DoReFa} for k-bit
 * activations); a stochastic one draws from this layer's {@link RandomStream} in training
 * (buffer {@code rng_counter}) and is deterministic in evaluation.
 *
 * <p>Shapes: any batch, output of the same shape. A {@link BinaryDense} or {@link BinaryConv2d}
 * in BNN mode after this layer packs its ±1 output to bits.
 */
public final class SignActivation extends ElementwiseModule implements Seedable {
    private final Quantizer quantizer;
    private final RandomStream stream;

    /** Sign with the paper's straight-through estimator ({@link SteSign}, clip 1). */
    public SignActivation() {
        this(new SteSign(), 0L);
    }

    public SignActivation(Quantizer quantizer, long seed) {
        this.quantizer = Objects.requireNonNull(quantizer, "quantizer");
        if (quantizer.evaluatesLatent()) {
            throw new IllegalArgumentException("SignActivation: " + quantizer + " keeps real-valued weights at test "
                    + "time, which applies to a layer's weights, not to activations");
        }
        this.stream = new RandomStream(seed);
    }

    public static SignActivation fromConfig(Map<String, ?> c) {
        return new SignActivation(Quantizers.fromConfig(Config.map(c, "quantizer")), Config.seed(c, "seed"));
    }

    @Override
    void apply(Tensor x, Tensor out) {
        quantizer.forward(x, quantizer.isStochastic() && isTraining() ? stream.next() : null, out);
    }

    @Override
    void gradient(Tensor x, Tensor g, Tensor out) {
        quantizer.backward(x, g, out, false);
    }

    /** The quantizer applied to the input (sign with a straight-through estimator by default). */
    public Quantizer quantizer() {
        return quantizer;
    }

    @Override
    public void reset(long seed) {
        stream.reseed(seed);
    }

    @Override
    public long seed() {
        return stream.seed();
    }

    @Override
    public Map<String, Tensor> buffers() {
        return quantizer.isStochastic() ? Map.of("rng_counter", stream.counter()) : Map.of();
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("SignActivation", "quantizer", quantizer.config(), "seed", seed());
    }

    @Override
    public String toString() {
        return "SignActivation(" + quantizer + ")";
    }

    /** Registers {@code "SignActivation"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("SignActivation", Module.class, SignActivation::fromConfig);
        }
    }
}
