package dev.bnn.train.quantize;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Ternarization with the straight-through estimator (Ternary Weight Networks, Li et al. 2016;
 * Larq {@code ste_tern} with a fixed threshold).
 * <ul>
 *   <li>forward: q(x) = +1 if x &gt; threshold, -1 if x &lt; -threshold, else 0;</li>
 *   <li>pseudo-gradient: dq/dx = 1 if |x| &lt;= clip, else 0.</li>
 * </ul>
 * Larq's default threshold is 0.05.
 */
public final class SteTern implements Quantizer {
    private final float threshold;
    private final float clip;

    public SteTern() {
        this(0.05f, 1f);
    }

    public SteTern(float threshold, float clip) {
        if (!(threshold >= 0) || Float.isInfinite(threshold)) {
            throw new IllegalArgumentException("SteTern threshold must be >= 0 and finite, got " + threshold);
        }
        this.threshold = threshold;
        this.clip = StraightThrough.checkClip(clip);
    }

    @Override
    public void forward(Tensor x, RandomGenerator rng, Tensor out) {
        Elementwise.check("SteTern", x, x, out);
        TensorOps.requireNoNaN("SteTern", x);
        float[] xd = x.data(), od = out.data();
        int xo = x.offset(), oo = out.offset(), n = x.size();
        for (int i = 0; i < n; i++) {
            float v = xd[xo + i];
            od[oo + i] = v > threshold ? 1f : v < -threshold ? -1f : 0f;
        }
    }

    @Override
    public void backward(Tensor x, Tensor g, Tensor out, boolean accumulate) {
        StraightThrough.mask(x, clip, g, out, accumulate);
    }

    @Override
    public int bits() {
        return 2;
    }

    @Override
    public float passThroughBound() {
        return clip;
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("SteTern", "threshold", threshold, "clip", clip);
    }

    @Override
    public String toString() {
        return "SteTern(threshold " + threshold + ")";
    }

    /** Registers {@code "SteTern"} with the quantizer registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Quantizer> {
        public Type() {
            super("SteTern", Quantizer.class, c -> new SteTern(Config.real(c, "threshold"), Config.real(c, "clip")));
        }
    }
}
