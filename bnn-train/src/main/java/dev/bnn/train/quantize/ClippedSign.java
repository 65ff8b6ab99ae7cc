package dev.bnn.train.quantize;

import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import java.util.Map;

/**
 * The part that {@link SteSign} and {@link StochasticSign} share: a ±1 output and the clipped
 * straight-through pseudo-gradient dq/dx = 1 if |x| &lt;= clip, else 0. Subclasses give the forward.
 */
abstract sealed class ClippedSign implements Quantizer permits SteSign, StochasticSign {
    private final String name;
    private final float clip;

    ClippedSign(String name, float clip) {
        this.name = name;
        this.clip = StraightThrough.checkClip(clip);
    }

    /** The gradient passes where |x| &lt;= clip. */
    public float clip() {
        return clip;
    }

    @Override
    public void backward(Tensor x, Tensor g, Tensor out, boolean accumulate) {
        StraightThrough.mask(x, clip, g, out, accumulate);
    }

    @Override
    public float passThroughBound() {
        return clip;
    }

    @Override
    public int bits() {
        return 1;
    }

    @Override
    public boolean isSign() {
        return true;
    }

    @Override
    public Map<String, Object> config() {
        return Config.of(name, "clip", clip);
    }

    @Override
    public String toString() {
        return name + (clip == 1f ? "" : "(clip " + clip + ")");
    }
}
