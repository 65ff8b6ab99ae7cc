package dev.bnn.train.constraint;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Clips a latent weight to [-bound, bound] after each optimizer update (BinaryConnect,
 * Courbariaux et al. 2015, Algorithm 1: "clip(W, -H, H)"; Larq's {@code weight_clip}). Without it
 * a latent weight can grow without bound and its sign stops responding to gradients.
 */
public final class WeightClip {
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

    public float bound() {
        return bound;
    }

    /** value = clip(value, -bound, bound), in place. */
    public void apply(Tensor value) {
        TensorOps.clip(value, -bound, bound, value);
    }

    /** {"type": "WeightClip", "bound": ...}. */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "WeightClip");
        c.put("bound", (double) bound);
        return c;
    }

    @Override
    public String toString() {
        return "clip " + bound;
    }
}
