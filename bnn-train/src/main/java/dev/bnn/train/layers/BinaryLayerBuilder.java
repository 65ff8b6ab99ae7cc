package dev.bnn.train.layers;

import dev.bnn.core.config.Config;
import dev.bnn.train.constraint.WeightClip;
import dev.bnn.train.quantize.Quantizer;
import dev.bnn.train.quantize.Quantizers;
import dev.bnn.train.quantize.SteSign;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The options every binary layer shares ({@link BinaryDense.Builder}, {@link BinaryConv2d.Builder}):
 * BNN or BinaryConnect mode, the weight quantizer, the latent weight clip, the bias, the
 * initialisation and the seed. Defaults: BinaryConnect mode, {@link SteSign}, clip to [-1, 1],
 * a bias, Glorot uniform, seed 0.
 */
public abstract sealed class BinaryLayerBuilder<B extends BinaryLayerBuilder<B>>
        permits BinaryDense.Builder, BinaryConv2d.Builder {
    boolean binaryInput;
    Quantizer weights = new SteSign();
    WeightClip clip = WeightClip.unit();
    boolean bias = true;
    Init init = Init.GLOROT_UNIFORM;
    long seed;

    BinaryLayerBuilder() {}

    abstract B self();

    /** BNN mode: the input is ±1 (from a {@link SignActivation}) and the XNOR-popcount kernel runs. */
    public B binaryInput() {
        this.binaryInput = true;
        return self();
    }

    /** The weight quantizer (default {@link SteSign}). */
    public B weights(Quantizer quantizer) {
        this.weights = Objects.requireNonNull(quantizer, "quantizer");
        return self();
    }

    /** The latent weight clip, or null for none (the layer then logs a warning). */
    public B clip(WeightClip clip) {
        this.clip = clip;
        return self();
    }

    public B bias(boolean bias) {
        this.bias = bias;
        return self();
    }

    public B init(Init init) {
        this.init = Objects.requireNonNull(init, "init");
        return self();
    }

    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Reads the shared entries of a binary layer's config. */
    B read(Map<String, ?> c) {
        weights(Quantizers.fromConfig(Config.map(c, "weights")));
        clip(Config.has(c, "clip") ? new WeightClip(Config.real(c, "clip")) : null);
        bias(Config.bool(c, "bias")).init(Init.valueOf(Config.string(c, "init"))).seed(Config.seed(c, "seed"));
        return Config.bool(c, "binary_input") ? binaryInput() : self();
    }

    /** Rejects BNN mode with a non-±1 quantizer or real-valued test-time weights (before the layer exists, so {@code name} describes it). */
    void checkMode(String name) {
        if (binaryInput && weights.bits() != 1) {
            throw new IllegalArgumentException(name + ": BNN mode needs a ±1 quantizer, " + weights + " is not");
        }
        if (binaryInput && weights.evaluatesLatent()) {
            throw new IllegalArgumentException(name + ": BNN mode evaluates with ±1 weights; " + weights
                    + " keeps real-valued weights at test time (BinaryConnect's)");
        }
    }

    /** Logs the one warning of a layer built without a clip. */
    void warnIfUnclipped(Logger log, Object layer) {
        if (clip == null) {
            log.warn("{} has no weight clip: its latent weights can grow without bound and stop flipping", layer);
        }
    }

    /** ", weights: SteSign, clip 1.0" for a layer's toString. */
    static String describeWeights(Quantizer quantizer, WeightClip clip) {
        return ", weights: " + quantizer + ", " + (clip == null ? "no clip" : clip);
    }
}
