package dev.bnn.train.quantize;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * k-bit uniform quantization of activations in [0, 1] (DoReFa-Net, Zhou et al. 2016, eq. 3;
 * Larq {@code DoReFa}).
 * <ul>
 *   <li>forward: q(x) = round(c (2^k - 1)) / (2^k - 1) with c = clip(x, 0, 1) (round half to even);</li>
 *   <li>pseudo-gradient: dq/dx = 1 if 0 &lt;= x &lt;= 1, else 0.</li>
 * </ul>
 */
public final class DoReFa implements Quantizer {
    private final int bits;

    /** k-bit quantization, 1 &lt;= k &lt;= 24 (a float holds 24-bit levels exactly). */
    public DoReFa(int bits) {
        if (bits < 1 || bits > 24) {
            throw new IllegalArgumentException("DoReFa bits must be in 1..24, got " + bits);
        }
        this.bits = bits;
    }

    @Override
    public void forward(Tensor x, RandomGenerator rng, Tensor out) {
        Elementwise.check("DoReFa", x, x, out);
        TensorOps.requireNoNaN("DoReFa", x);
        float levels = (1 << bits) - 1;
        float[] xd = x.data(), od = out.data();
        int xo = x.offset(), oo = out.offset(), n = x.size();
        for (int i = 0; i < n; i++) {
            float c = Math.min(1f, Math.max(0f, xd[xo + i]));
            od[oo + i] = (float) Math.rint(c * levels) / levels;
        }
    }

    @Override
    public void backward(Tensor x, Tensor g, Tensor out, boolean accumulate) {
        Elementwise.check("DoReFa", x, g, out);
        float[] xd = x.data(), gd = g.data(), od = out.data();
        int xo = x.offset(), go = g.offset(), oo = out.offset(), n = x.size();
        float keep = accumulate ? 1f : 0f;
        for (int i = 0; i < n; i++) {
            float v = xd[xo + i];
            od[oo + i] = keep * od[oo + i] + (v >= 0f && v <= 1f ? gd[go + i] : 0f);
        }
    }

    /** k, except that 1-bit DoReFa ({0, 1}, not the ±1 of the 1-bit kernels) reports 2 and runs on the float path. */
    @Override
    public int bits() {
        return bits == 1 ? 2 : bits;
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("DoReFa", "bits", bits);
    }

    @Override
    public String toString() {
        return "DoReFa(" + bits + " bits)";
    }

    /** Registers {@code "DoReFa"} with the quantizer registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Quantizer> {
        public Type() {
            super("DoReFa", Quantizer.class, c -> new DoReFa(Config.integer(c, "bits")));
        }
    }
}
