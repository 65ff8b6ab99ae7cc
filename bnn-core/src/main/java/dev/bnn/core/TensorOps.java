package dev.bnn.core;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The element-wise and reduction operations that layers, quantizers and losses are built from,
 * so that none of them loops over {@link Tensor#data()} itself.
 *
 * <p>Conventions: inputs first, the output argument last; only the output is modified (the
 * {@code add*} forms add into it). An element-wise output may be one of the inputs (in place).
 * Every operation respects {@link Tensor#offset()} and {@link Tensor#size()}, so views are fine.
 * Loops are simple counted loops over the backing arrays, which C2 auto-vectorizes.
 *
 * <p>"Column" operations treat a tensor whose last dimension is n as an (size / n) x n matrix:
 * a dense batch {@code N x F} has F columns, a spatial batch {@code N x H x W x C} has C columns
 * (one per channel), so one per-channel reduction serves dense and convolutional layers.
 */
public final class TensorOps {
    private TensorOps() {}

    /** out_i = value. */
    public static void fill(float value, Tensor out) {
        Arrays.fill(out.data(), out.offset(), out.offset() + out.size(), value);
    }

    /** out = a + b. */
    public static void add(Tensor a, Tensor b, Tensor out) {
        same("add", a, b, out);
        float[] ad = a.data(), bd = b.data(), od = out.data();
        int ao = a.offset(), bo = b.offset(), oo = out.offset(), n = out.size();
        for (int i = 0; i < n; i++) {
            od[oo + i] = ad[ao + i] + bd[bo + i];
        }
    }

    /** y += alpha x. */
    public static void axpy(float alpha, Tensor x, Tensor y) {
        same("axpy", x, y, y);
        float[] xd = x.data(), yd = y.data();
        int xo = x.offset(), yo = y.offset(), n = y.size();
        for (int i = 0; i < n; i++) {
            yd[yo + i] += alpha * xd[xo + i];
        }
    }

    /** out = alpha x + beta (element-wise). */
    public static void affine(float alpha, Tensor x, float beta, Tensor out) {
        same("affine", x, x, out);
        float[] xd = x.data(), od = out.data();
        int xo = x.offset(), oo = out.offset(), n = out.size();
        for (int i = 0; i < n; i++) {
            od[oo + i] = alpha * xd[xo + i] + beta;
        }
    }

    /** out = alpha x. */
    public static void scale(float alpha, Tensor x, Tensor out) {
        affine(alpha, x, 0f, out);
    }

    /** out = a * b (element-wise). */
    public static void multiply(Tensor a, Tensor b, Tensor out) {
        same("multiply", a, b, out);
        float[] ad = a.data(), bd = b.data(), od = out.data();
        int ao = a.offset(), bo = b.offset(), oo = out.offset(), n = out.size();
        for (int i = 0; i < n; i++) {
            od[oo + i] = ad[ao + i] * bd[bo + i];
        }
    }

    /** out = min(max(x, lo), hi); NaN stays NaN. */
    public static void clip(Tensor x, float lo, float hi, Tensor out) {
        same("clip", x, x, out);
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clip: bounds [" + lo + ", " + hi + "] are empty");
        }
        float[] xd = x.data(), od = out.data();
        int xo = x.offset(), oo = out.offset(), n = out.size();
        if (xo == oo) {
            // One index for both arrays lets C2 vectorize (see sameOffsets); in place is this case.
            for (int i = xo; i < xo + n; i++) {
                float v = xd[i];
                od[i] = v < lo ? lo : v > hi ? hi : v;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            float v = xd[xo + i];
            od[oo + i] = v < lo ? lo : v > hi ? hi : v;
        }
    }

    /** Hard tanh: out = clip(x, -1, 1). */
    public static void hardTanh(Tensor x, Tensor out) {
        clip(x, -1f, 1f, out);
    }

    /**
     * out = sign(x) in {-1, +1} with sign(0) = sign(-0.0) = +1 (the {@link BitMatrix} encoding).
     *
     * @throws IllegalArgumentException if x holds a NaN (which has no sign), naming its index
     */
    public static void sign(Tensor x, Tensor out) {
        same("sign", x, x, out);
        float[] xd = x.data(), od = out.data();
        int xo = x.offset(), oo = out.offset(), n = out.size();
        for (int i = 0; i < n; i++) {
            // x + 0 turns -0.0 into +0.0, so copySign gives sign(0) = sign(-0.0) = +1, branch-free
            od[oo + i] = Math.copySign(1f, xd[xo + i] + 0f);
        }
        requireNoNaN("sign", x); // a NaN got a meaningless ±1 above; reject it
    }

    /**
     * Straight-through estimator of sign: out = g where |x| &lt;= clip, else 0 (Hubara et al. 2016,
     * eq. 4: g_r = g_q 1_{|r| &lt;= 1}).
     */
    public static void steGradient(Tensor x, float clip, Tensor g, Tensor out) {
        same("steGradient", x, g, out);
        float[] xd = x.data(), gd = g.data(), od = out.data();
        int xo = x.offset(), go = g.offset(), oo = out.offset(), n = out.size(), cb = passBits(clip);
        if (sameOffsets(x, g, out)) {
            // One index for every array lets C2 vectorize (see sameOffsets): the usual case, whole buffers.
            for (int i = xo; i < xo + n; i++) {
                od[i] = Float.intBitsToFloat(Float.floatToRawIntBits(gd[i]) & passMask(xd[i], cb));
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            od[oo + i] = Float.intBitsToFloat(Float.floatToRawIntBits(gd[go + i]) & passMask(xd[xo + i], cb));
        }
    }

    /** out += g where |x| &lt;= clip (the accumulating form of {@link #steGradient}). */
    public static void addSteGradient(Tensor x, float clip, Tensor g, Tensor out) {
        same("addSteGradient", x, g, out);
        float[] xd = x.data(), gd = g.data(), od = out.data();
        int xo = x.offset(), go = g.offset(), oo = out.offset(), n = out.size(), cb = passBits(clip);
        if (sameOffsets(x, g, out)) {
            // One index for every array lets C2 vectorize (see sameOffsets): the usual case, whole buffers.
            for (int i = xo; i < xo + n; i++) {
                od[i] += Float.intBitsToFloat(Float.floatToRawIntBits(gd[i]) & passMask(xd[i], cb));
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            od[oo + i] += Float.intBitsToFloat(Float.floatToRawIntBits(gd[go + i]) & passMask(xd[xo + i], cb));
        }
    }

    /** The raw bits of a clip bound for {@link #passMask}: -1 (nothing passes) for a negative or NaN bound. */
    private static int passBits(float clip) {
        return clip >= 0 ? Float.floatToRawIntBits(Math.abs(clip)) : -1; // abs: -0.0 as +0, which |x| = 0 passes
    }

    /**
     * All ones where |x| &lt;= the clip whose {@link #passBits} are {@code clipBits}, else 0. The STE
     * gradients select g or +0 with this mask rather than a branch or a conditional expression:
     * about half the activations pass, in no pattern, so a branch mispredicts every other element
     * (~5 ns per element measured), while the integer form is branch-free and C2 vectorizes it
     * (~10x faster on 100 x 4096). For x, y &gt;= 0 and not NaN, x &lt;= y exactly when
     * bits(x) &lt;= bits(y) as ints; |x| has its sign bit cleared, and a NaN's bits exceed those
     * of every non-NaN, so a NaN never passes.
     */
    private static int passMask(float x, int clipBits) {
        // Both operands lie in [-1, 0x7fffffff], so the difference cannot overflow.
        return ((Float.floatToRawIntBits(x) & 0x7fffffff) - clipBits - 1) >> 31;
    }

    /** True when every entry is exactly -1 or +1 (the output of a sign). */
    public static boolean isSigns(Tensor x) {
        float[] xd = x.data();
        int xo = x.offset(), n = x.size();
        boolean ok = true;
        for (int i = 0; i < n; i++) {
            ok &= Math.abs(xd[xo + i]) == 1f;
        }
        return ok;
    }

    /** out_j = 1 / sqrt(x_j + epsilon) (batch norm's inverse standard deviation). */
    public static void inverseSqrt(Tensor x, float epsilon, Tensor out) {
        same("inverseSqrt", x, x, out);
        float[] xd = x.data(), od = out.data();
        int xo = x.offset(), oo = out.offset(), n = out.size();
        for (int i = 0; i < n; i++) {
            od[oo + i] = (float) (1 / Math.sqrt(xd[xo + i] + epsilon));
        }
    }

    /**
     * AP2, the power-of-two approximation of the BNN paper's shift-based batch norm (Hubara et al.
     * 2016, Algorithm 3): out = sign(x) 2^round(log2 |x|), and 0 for x = 0. With |x| = m 2^e,
     * 1 &lt;= m &lt; 2, round(log2 |x|) = e + 1 exactly when m &gt;= sqrt(2).
     */
    public static void roundToPowerOfTwo(Tensor x, Tensor out) {
        same("roundToPowerOfTwo", x, x, out);
        requireNoNaN("roundToPowerOfTwo", x);
        float[] xd = x.data(), od = out.data();
        int xo = x.offset(), oo = out.offset(), n = out.size();
        for (int i = 0; i < n; i++) {
            float v = xd[xo + i];
            float a = Math.abs(v);
            float p = Math.scalb(1f, Math.getExponent(a));
            float r = a == 0f ? 0f : a >= p * (float) Math.sqrt(2) ? 2f * p : p;
            od[oo + i] = Math.copySign(r, v);
        }
    }

    /** max_i |x_i| (0 for an empty tensor; NaN if x holds a NaN). */
    public static float maxAbs(Tensor x) {
        float[] xd = x.data();
        int xo = x.offset(), n = x.size();
        float m = 0f;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(xd[xo + i]));
        }
        return m;
    }

    /** sum_i x_i, accumulated in double. */
    public static double sum(Tensor x) {
        float[] xd = x.data();
        int xo = x.offset(), n = x.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += xd[xo + i];
        }
        return s;
    }

    /** sum_i a_i b_i, accumulated in double. */
    public static double dot(Tensor a, Tensor b) {
        same("dot", a, b, b);
        float[] ad = a.data(), bd = b.data();
        int ao = a.offset(), bo = b.offset(), n = a.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) ad[ao + i] * bd[bo + i];
        }
        return s;
    }

    /** out_j += sum_i a_ij over the rows of a (bias gradients). */
    public static void addColumnSums(Tensor a, Tensor out) {
        int n = columns("addColumnSums", a, out);
        float[] ad = a.data(), od = out.data();
        int oo = out.offset();
        for (int row = a.offset(), end = a.offset() + a.size(); row < end; row += n) {
            for (int j = 0; j < n; j++) {
                od[oo + j] += ad[row + j];
            }
        }
    }

    /** out_j += sum_i a_ij b_ij over the rows (batch norm: sum of gradient times normalized input). */
    public static void addColumnProductSums(Tensor a, Tensor b, Tensor out) {
        same("addColumnProductSums", a, b, b);
        int n = columns("addColumnProductSums", a, out);
        float[] ad = a.data(), bd = b.data(), od = out.data();
        int oo = out.offset(), shift = b.offset() - a.offset();
        for (int row = a.offset(), end = a.offset() + a.size(); row < end; row += n) {
            for (int j = 0; j < n; j++) {
                od[oo + j] += ad[row + j] * bd[row + shift + j];
            }
        }
    }

    /**
     * Per-column mean and biased variance (divided by the row count m):
     * mean_j = (1/m) sum_i a_ij, var_j = (1/m) sum_i (a_ij - mean_j)^2 (two passes, so no
     * cancellation). Requires at least one row.
     */
    public static void columnMeanVariance(Tensor a, Tensor mean, Tensor var) {
        int n = columns("columnMeanVariance", a, mean);
        columns("columnMeanVariance", a, var);
        int m = a.size() / n;
        if (m == 0) {
            throw new IllegalArgumentException("columnMeanVariance: no rows in a tensor of shape "
                    + ShapeMismatchException.format(a.shape()));
        }
        fill(0f, mean);
        addColumnSums(a, mean);
        scale(1f / m, mean, mean);
        fill(0f, var);
        float[] ad = a.data(), md = mean.data(), vd = var.data();
        int mo = mean.offset(), vo = var.offset();
        for (int row = a.offset(), end = a.offset() + a.size(); row < end; row += n) {
            for (int j = 0; j < n; j++) {
                float d = ad[row + j] - md[mo + j];
                vd[vo + j] += d * d;
            }
        }
        scale(1f / m, var, var);
    }

    /** out_ij = x_ij scale_j + shift_j (normalisation and affine maps per column / channel). */
    public static void scaleShiftColumns(Tensor x, Tensor scale, Tensor shift, Tensor out) {
        same("scaleShiftColumns", x, x, out);
        int n = columns("scaleShiftColumns", x, scale);
        columns("scaleShiftColumns", x, shift);
        float[] xd = x.data(), sd = scale.data(), td = shift.data(), od = out.data();
        int so = scale.offset(), to = shift.offset(), shiftOut = out.offset() - x.offset();
        for (int row = x.offset(), end = x.offset() + x.size(); row < end; row += n) {
            for (int j = 0; j < n; j++) {
                od[row + shiftOut + j] = xd[row + j] * sd[so + j] + td[to + j];
            }
        }
    }

    /** out_ij += x_ij scale_j. */
    public static void addScaledColumns(Tensor x, Tensor scale, Tensor out) {
        same("addScaledColumns", x, x, out);
        int n = columns("addScaledColumns", x, scale);
        float[] xd = x.data(), sd = scale.data(), od = out.data();
        int so = scale.offset(), shiftOut = out.offset() - x.offset();
        for (int row = x.offset(), end = x.offset() + x.size(); row < end; row += n) {
            for (int j = 0; j < n; j++) {
                od[row + shiftOut + j] += xd[row + j] * sd[so + j];
            }
        }
    }

    /** out_i += v_(i mod v.size()): adds a per-image pattern to every image of a batch. */
    public static void addRepeated(Tensor v, Tensor out) {
        int p = v.size();
        if (p == 0 || out.size() % p != 0) {
            throw new ShapeMismatchException("addRepeated: output has shape " + ShapeMismatchException.format(out.shape())
                    + " which is not a whole number of patterns of shape " + ShapeMismatchException.format(v.shape()));
        }
        float[] vd = v.data(), od = out.data();
        int vo = v.offset();
        for (int start = out.offset(), end = out.offset() + out.size(); start < end; start += p) {
            for (int i = 0; i < p; i++) {
                od[start + i] += vd[vo + i];
            }
        }
    }

    /** out_i = index of the largest entry of row i of a (the first on ties; rows by the last dimension). */
    public static void argmaxRows(Tensor a, int[] out) {
        int n = a.dim(a.rank() - 1);
        int rows = n == 0 ? 0 : a.size() / n;
        if (out.length != rows || n == 0) {
            throw new ShapeMismatchException("argmaxRows: input has shape " + ShapeMismatchException.format(a.shape())
                    + " (" + rows + " rows of " + n + ") but the output has " + out.length + " entries");
        }
        float[] ad = a.data();
        for (int r = 0; r < rows; r++) {
            int base = a.offset() + r * n;
            int best = 0;
            for (int j = 1; j < n; j++) {
                if (ad[base + j] > ad[base + best]) {
                    best = j;
                }
            }
            out[r] = best;
        }
    }

    /** out_i = sum_j a_ij (rows by the last dimension; out has one entry per row). */
    public static void rowSums(Tensor a, Tensor out) {
        int n = rowLength("rowSums", a, out);
        float[] ad = a.data(), od = out.data();
        for (int r = 0; r < out.size(); r++) {
            double s = 0;
            int base = a.offset() + r * n;
            for (int j = 0; j < n; j++) {
                s += ad[base + j];
            }
            od[out.offset() + r] = (float) s;
        }
    }

    /** out_i = log sum_j exp(x_ij), computed as max_j x_ij + log sum_j exp(x_ij - max) (no overflow). */
    public static void logSumExpRows(Tensor x, Tensor out) {
        int n = rowLength("logSumExpRows", x, out);
        float[] xd = x.data(), od = out.data();
        for (int r = 0; r < out.size(); r++) {
            int base = x.offset() + r * n;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, xd[base + j]);
            }
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += Math.exp(xd[base + j] - max);
            }
            od[out.offset() + r] = (float) (max + Math.log(s));
        }
    }

    /** Row-wise softmax: out_ij = exp(x_ij - max_j x_ij) / sum_k exp(x_ik - max_k x_ik). */
    public static void softmaxRows(Tensor x, Tensor out) {
        same("softmaxRows", x, x, out);
        int n = x.dim(x.rank() - 1);
        float[] xd = x.data(), od = out.data();
        for (int r = 0; n > 0 && r < x.size() / n; r++) {
            int xb = x.offset() + r * n, ob = out.offset() + r * n;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, xd[xb + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                float e = (float) Math.exp(xd[xb + j] - max);
                od[ob + j] = e;
                sum += e;
            }
            float inv = (float) (1 / sum);
            for (int j = 0; j < n; j++) {
                od[ob + j] *= inv;
            }
        }
    }

    /** out_i = value with probability p, else 0, independently (dropout masks). */
    public static void bernoulli(RandomGenerator rng, float p, float value, Tensor out) {
        float[] od = out.data();
        int oo = out.offset(), n = out.size();
        for (int i = 0; i < n; i++) {
            od[oo + i] = rng.nextFloat() < p ? value : 0f;
        }
    }

    /**
     * Stochastic binarization (Courbariaux et al. 2015, eq. 2): out_i = +1 with probability
     * hard_sigmoid(x_i) = clip((x_i + 1) / 2, 0, 1), else -1.
     *
     * <p>The uniforms are 24-bit, from a SplitMix64 sequence (Steele, Lea and Flood 2014) started
     * by one {@code rng.nextLong()}, and the comparison is branch-free. A call through
     * {@link RandomGenerator} and a branch per element (mispredicted half the time at p = 1/2)
     * made this loop the largest cost of a stochastic BinaryConnect step, which draws one uniform
     * per weight per mini-batch: 730 training images/s against 2186 deterministic, now 1900 against
     * 2106 (784 - 3 x 1024 - 10, one thread).
     *
     * @throws IllegalArgumentException if x holds a NaN
     */
    public static void stochasticSign(RandomGenerator rng, Tensor x, Tensor out) {
        same("stochasticSign", x, x, out);
        float[] xd = x.data(), od = out.data();
        int xo = x.offset(), oo = out.offset(), n = out.size();
        long state = rng.nextLong();
        for (int i = 0; i < n; i++) {
            float p = Math.min(1f, Math.max(0f, (xd[xo + i] + 1f) * 0.5f));
            state += Seeds.GOLDEN_GAMMA;
            int r = (int) (Seeds.splitMix64(state) >>> 40); // uniform in [0, 2^24)
            // r < threshold <=> r 2^-24 < p; without a branch, which would mispredict at p near 1/2
            int threshold = (int) Math.ceil(p * 0x1p24f);
            od[oo + i] = Float.intBitsToFloat(Float.floatToRawIntBits(1f) | ((threshold - r - 1) & Integer.MIN_VALUE));
        }
        requireNoNaN("stochasticSign", x);
    }

    /** Throws an IllegalArgumentException naming {@code op} and the first NaN's index. */
    public static void requireNoNaN(String op, Tensor x) {
        float[] xd = x.data();
        int xo = x.offset(), n = x.size();
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(xd[xo + i])) {
                throw new IllegalArgumentException(op + ": NaN at flat index " + i + " of a tensor of shape "
                        + ShapeMismatchException.format(x.shape()) + " (a NaN has no sign)");
            }
        }
    }

    /**
     * True when the three tensors start at the same index of their arrays. C2 vectorizes a loop
     * over several arrays only when it can rule out that a store to one feeds a load from another
     * in the next iterations; indexed at different offsets, two arrays might be one and overlap,
     * so such a loop stays scalar. With one index for all of them, it vectorizes.
     */
    private static boolean sameOffsets(Tensor a, Tensor b, Tensor c) {
        return a.offset() == b.offset() && b.offset() == c.offset();
    }

    private static void same(String op, Tensor a, Tensor b, Tensor out) {
        if (!a.hasShape(b.shape())) {
            throw new ShapeMismatchException(op + ": operands have shapes " + ShapeMismatchException.format(a.shape())
                    + " and " + ShapeMismatchException.format(b.shape()));
        }
        if (!a.hasShape(out.shape())) {
            throw new ShapeMismatchException(op + ": output has shape " + ShapeMismatchException.format(out.shape())
                    + " but the operands have shape " + ShapeMismatchException.format(a.shape()));
        }
    }

    /** The row length after checking that {@code out} has one entry per row of {@code a}. */
    private static int rowLength(String op, Tensor a, Tensor out) {
        int n = a.rank() == 0 ? 0 : a.dim(a.rank() - 1);
        if (n == 0 || out.rank() != 1 || (long) out.size() * n != a.size()) {
            throw new ShapeMismatchException(op + ": output has shape " + ShapeMismatchException.format(out.shape())
                    + " but the input has shape " + ShapeMismatchException.format(a.shape())
                    + "; the output needs one entry per row of a non-empty last dimension");
        }
        return n;
    }

    /** The column count n = vec.size() after checking a's last dimension is n. */
    private static int columns(String op, Tensor a, Tensor vec) {
        int n = vec.size();
        if (vec.rank() != 1 || a.rank() == 0 || a.dim(a.rank() - 1) != n) {
            throw new ShapeMismatchException(op + ": vector has shape " + ShapeMismatchException.format(vec.shape())
                    + " but the matrix has shape " + ShapeMismatchException.format(a.shape())
                    + "; the vector needs one entry per entry of the last dimension");
        }
        return n;
    }
}
