package dev.bnn.train.quantize;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;

/** The clipped straight-through estimator shared by the sign-like quantizers. */
final class StraightThrough {
    private StraightThrough() {}

    static float checkClip(float clip) {
        if (!(clip > 0)) {
            throw new IllegalArgumentException("straight-through clip must be positive, got " + clip);
        }
        return clip;
    }

    /** out (+)= g where |x| &lt;= clip. */
    static void mask(Tensor x, float clip, Tensor g, Tensor out, boolean accumulate) {
        if (accumulate) {
            TensorOps.addSteGradient(x, clip, g, out);
        } else {
            TensorOps.steGradient(x, clip, g, out);
        }
    }
}
