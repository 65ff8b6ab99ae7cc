package dev.bnn.train.constraint;

import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.core.config.Registry;
import java.util.Map;

/**
 * Clips a latent weight to [-bound, bound] after each optimizer update (BinaryConnect,
 * Courbariaux et al. 2015, Algorithm 1: "clip(W, -H, H)"; Larq's {@code weight_clip}). Without it
 * a latent weight can grow without bound and its sign stops responding to gradients.
 * {@link dev.bnn.train.nn.Parameter#update} applies it, chunk by chunk, with every update.
 */
public final class WeightClip {
    private static final Registry<WeightClip> REGISTRY = Registry.of("weight constraint", WeightClip.class);

    private final float bound;

    /** Clip to [-bound, bound]; bound must be positive and finite. */
    public WeightClip(float bound) {
        if (!(bound > 0) || Float.isInfinite(bound)) {
            throw new IllegalArgumentException("weight clip bound must be positive and finite, got " + bound);
        }
        this.bound = bound;
    }

    /** The papers' clip to [-1, 1]. */
    public static WeightClip unit() {
        return new WeightClip(1f);
    }

    /** The constraint described by {@link #config()}; an unknown type names the known ones. */
    public static WeightClip fromConfig(Map<String, ?> config) {
        return REGISTRY.fromConfig(config);
    }

    public float bound() {
        return bound;
    }

    /** value = clip(value, -bound, bound), in place, as {@link #apply(float[], int, int)}. */
    public void apply(Tensor value) {
        apply(value.data(), value.offset(), value.offset() + value.size());
    }

    /**
     * w[i] = clip(w[i], -bound, bound) for i = from .. to-1: the one implementation of the clip.
     * NaN stays NaN and -0.0 stays -0.0.
     */
    public void apply(float[] w, int from, int to) {
        float b = bound;
        for (int i = from; i < to; i++) {
            // min/max vectorize where a chain of conditionals would not
            w[i] = Math.max(-b, Math.min(b, w[i]));
        }
    }

    /** {"type": "WeightClip", "bound": ...}. */
    public Map<String, Object> config() {
        return Config.of("WeightClip", "bound", bound);
    }

    @Override
    public String toString() {
        return "clip " + bound;
    }

    /** Registers {@code "WeightClip"}. */
    public static final class Type extends ConfigType<WeightClip> {
        public Type() {
            super("WeightClip", WeightClip.class, c -> new WeightClip(Config.real(c, "bound")));
        }
    }
}
