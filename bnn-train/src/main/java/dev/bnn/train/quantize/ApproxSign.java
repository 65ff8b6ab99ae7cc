package dev.bnn.train.quantize;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Sign with the piecewise-polynomial pseudo-gradient of Bi-Real Net (Liu et al. 2018, eq. 5;
 * Larq {@code approx_sign}), a closer fit to sign than the box of {@link SteSign}.
 * <ul>
 *   <li>forward: q(x) = +1 if x &gt;= 0, else -1;</li>
 *   <li>pseudo-gradient: dq/dx = 2 - 2|x| if |x| &lt;= 1, else 0.</li>
 * </ul>
 */
public final class ApproxSign implements Quantizer {

    @Override
    public void forward(Tensor x, RandomGenerator rng, Tensor out) {
        TensorOps.sign(x, out);
    }

    @Override
    public void backward(Tensor x, Tensor g, Tensor out, boolean accumulate) {
        Elementwise.check("ApproxSign", x, g, out);
        float[] xd = x.data(), gd = g.data(), od = out.data();
        int xo = x.offset(), go = g.offset(), oo = out.offset(), n = x.size();
        float keep = accumulate ? 1f : 0f;
        for (int i = 0; i < n; i++) {
            float a = Math.abs(xd[xo + i]);
            od[oo + i] = keep * od[oo + i] + (a <= 1f ? (2f - 2f * a) * gd[go + i] : 0f);
        }
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
        return Config.of("ApproxSign");
    }

    @Override
    public String toString() {
        return "ApproxSign";
    }

    /** Registers {@code "ApproxSign"} with the quantizer registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Quantizer> {
        public Type() {
            super("ApproxSign", Quantizer.class, c -> new ApproxSign());
        }
    }
}
