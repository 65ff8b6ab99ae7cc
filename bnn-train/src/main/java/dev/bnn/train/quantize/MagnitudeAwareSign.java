package dev.bnn.train.quantize;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Sign scaled per output channel by the mean magnitude (XNOR-Net, Rastegari et al. 2016, eq. 6;
 * Bi-Real Net; Larq {@code magnitude_aware_sign}), for weights stored with one row per output
 * (a rank-2 tensor, outputs x inputs).
 * <ul>
 *   <li>forward: q(w)_ij = alpha_i sign(w_ij), alpha_i = (1/n) sum_j |w_ij| (sign(0) = +1);</li>
 *   <li>pseudo-gradient: dq/dw_ij = alpha_i if |w_ij| &lt;= clip, else 0 (alpha treated as a
 *       constant, as Larq's stop-gradient does).</li>
 * </ul>
 * The output is not ±1, so layers use float kernels on it; its 1-bit storage plus one float
 * scale per output is what inference would keep.
 */
public final class MagnitudeAwareSign implements Quantizer {
    private final float clip;

    public MagnitudeAwareSign() {
        this(1f);
    }

    public MagnitudeAwareSign(float clip) {
        this.clip = StraightThrough.checkClip(clip);
    }

    @Override
    public void forward(Tensor x, RandomGenerator rng, Tensor out) {
        Elementwise.check("MagnitudeAwareSign", x, x, out);
        TensorOps.requireNoNaN("MagnitudeAwareSign", x);
        forEachRow(x, (row, from, n, alpha) -> {
            float[] xd = x.data(), od = out.data();
            for (int j = 0; j < n; j++) {
                od[out.offset() + from + j] = xd[x.offset() + from + j] >= 0f ? alpha : -alpha;
            }
        });
    }

    @Override
    public void backward(Tensor x, Tensor g, Tensor out, boolean accumulate) {
        Elementwise.check("MagnitudeAwareSign", x, g, out);
        float keep = accumulate ? 1f : 0f;
        forEachRow(x, (row, from, n, alpha) -> {
            float[] xd = x.data(), gd = g.data(), od = out.data();
            for (int j = 0; j < n; j++) {
                float grad = Math.abs(xd[x.offset() + from + j]) <= clip ? alpha * gd[g.offset() + from + j] : 0f;
                od[out.offset() + from + j] = keep * od[out.offset() + from + j] + grad;
            }
        });
    }

    @FunctionalInterface
    private interface RowVisitor {
        void visit(int row, int from, int n, float alpha);
    }

    /** Calls the visitor with each row's start (relative to the offset), length and mean magnitude alpha. */
    private static void forEachRow(Tensor x, RowVisitor visitor) {
        if (x.rank() != 2) {
            throw new ShapeMismatchException("MagnitudeAwareSign: weights must be rank 2 (outputs x inputs) but have shape "
                    + ShapeMismatchException.format(x.shape()));
        }
        int rows = x.dim(0), n = x.dim(1);
        float[] xd = x.data();
        for (int r = 0; r < rows; r++) {
            int base = x.offset() + r * n;
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.abs(xd[base + j]);
            }
            visitor.visit(r, r * n, n, (float) (sum / n));
        }
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("MagnitudeAwareSign", "clip", clip);
    }

    @Override
    public String toString() {
        return "MagnitudeAwareSign" + (clip == 1f ? "" : "(clip " + clip + ")");
    }

    /** Registers {@code "MagnitudeAwareSign"} with the quantizer registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Quantizer> {
        public Type() {
            super("MagnitudeAwareSign", Quantizer.class, c -> new MagnitudeAwareSign(Config.real(c, "clip")));
        }
    }
}
