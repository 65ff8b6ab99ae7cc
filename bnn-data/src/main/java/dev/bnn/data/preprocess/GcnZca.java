package dev.bnn.data.preprocess;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.kernels.FloatGemm;
import dev.bnn.kernels.Parallelism;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Global contrast normalisation followed by ZCA whitening, Pylearn2's recipe
 * ({@code scripts/datasets/make_cifar10_gcn_whitened.py}: {@code CIFAR10(gcn=55.)} then
 * {@code preprocessing.ZCA()}), which BinaryConnect (Courbariaux et al. 2015) used for CIFAR-10
 * after Goodfellow et al. 2013 (maxout networks).
 *
 * <p>Each example x (its D = H W C values flattened) is first normalised on its own
 * (Pylearn2 {@code global_contrast_normalize} with {@code scale=55}, {@code use_std=False},
 * {@code sqrt_bias=0}, {@code min_divisor=1e-8}):
 * <pre>
 *   x' = (x - mean(x)) * s / ||x - mean(x)||_2      (the divisor is left at 1 if ||.|| / s &lt; 1e-8)
 * </pre>
 * Then, with mu the mean of x' over the training examples and
 * C = (1/N) sum_i (x'_i - mu)(x'_i - mu)^T + b I = V diag(lambda) V^T (filter bias b = 0.1),
 * <pre>
 *   z = (x' - mu) P,   P = V diag(lambda^(-1/2)) V^T
 * </pre>
 * (Pylearn2 {@code ZCA(filter_bias=0.1)}: {@code eigh(X^T X / N + b I)}, {@code P_}). GCN and ZCA
 * commute with a fixed permutation of the features, so the channels-last layout gives the same
 * images as Pylearn2's channels-first one.
 *
 * <p>Fitting on 50,000 x 3072: the covariance is accumulated chunk by chunk with
 * {@link FloatGemm#multTransA} (float products, summed over chunks in double), and
 * P = (C + b I)^(-1/2) (the same matrix as V diag(lambda^(-1/2)) V^T) is computed by a Newton-Schulz
 * iteration of float matrix products ({@link InverseSqrt}), which is much faster than an
 * eigendecomposition at this size; the tests compare it with Apache Commons Math's.
 */
public final class GcnZca implements Preprocessor {
    /** The config type. */
    public static final String TYPE = "gcn-zca";
    /** Goodfellow et al.'s GCN scale, used by Pylearn2's gcn_whitened CIFAR-10. */
    public static final float PAPER_GCN_SCALE = 55f;
    /** Pylearn2's ZCA default filter bias. */
    public static final float PAPER_FILTER_BIAS = 0.1f;
    static final double MIN_DIVISOR = 1e-8;
    private static final int CHUNK = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(GcnZca.class);

    private final float gcnScale;
    private final float filterBias;
    private final int features;
    private final Tensor mean;
    private final Tensor whitening;

    private GcnZca(float gcnScale, float filterBias, Tensor mean, Tensor whitening) {
        this.gcnScale = gcnScale;
        this.filterBias = filterBias;
        this.features = mean.size();
        this.mean = mean;
        this.whitening = whitening;
    }

    /**
     * Fits the whitening on {@code train} (N x ..., raw values; not modified): the training split
     * only, never the test split.
     *
     * @throws IllegalArgumentException if {@code filterBias} is not positive, or the data has NaNs
     */
    public static GcnZca fit(Tensor train, float gcnScale, float filterBias, Parallelism parallelism) {
        if (!(filterBias > 0) || !(gcnScale > 0)) {
            throw new IllegalArgumentException("GCN scale and ZCA filter bias must be positive, got " + gcnScale
                    + " and " + filterBias);
        }
        int n = train.dim(0);
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit ZCA on an empty training set");
        }
        int d = train.size() / n;
        long t0 = System.nanoTime();
        float[] src = train.data();
        int base = train.offset();

        double[] sum = new double[d];
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, base + i * d, row, 0, d);
            gcn(row, 0, d, gcnScale);
            for (int j = 0; j < d; j++) {
                sum[j] += row[j];
            }
        }
        float[] mu = new float[d];
        for (int j = 0; j < d; j++) {
            mu[j] = (float) (sum[j] / n);
        }

        FloatGemm gemm = new FloatGemm(parallelism);
        double[] cov = new double[d * d];
        Tensor part = Tensor.zeros(d, d);
        Tensor chunk = null;
        for (int start = 0; start < n; start += CHUNK) {
            int rows = Math.min(CHUNK, n - start);
            if (chunk == null || chunk.dim(0) != rows) {
                chunk = Tensor.zeros(rows, d);
            }
            System.arraycopy(src, base + start * d, chunk.data(), 0, rows * d);
            normaliseAndCenter(chunk.data(), rows, d, gcnScale, mu);
            gemm.multTransA(chunk, chunk, part);
            float[] p = part.data();
            for (int k = 0; k < p.length; k++) {
                cov[k] += p[k];
            }
        }
        double[] g = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                // Symmetrise: the float products of the two triangles may differ in the last bit.
                g[i * d + j] = 0.5 * (cov[i * d + j] + cov[j * d + i]) / n;
            }
            g[i * d + i] += filterBias;
        }
        long t1 = System.nanoTime();
        InverseSqrt.Result p;
        try {
            p = InverseSqrt.of(g, d, gemm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ZCA: " + e.getMessage() + "; the training data must be finite", e);
        }
        long t2 = System.nanoTime();
        LOG.info("GCN + ZCA fitted on {} x {}: covariance {} ms, (C + b I)^(-1/2) {} ms ({} Newton-Schulz steps,"
                + " residual {}), total {} ms", n, d, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, p.steps(),
                String.format("%.1e", p.residual()), (System.nanoTime() - t0) / 1_000_000);
        return new GcnZca(gcnScale, filterBias, Tensor.wrap(mu, d), p.value());
    }

    /** GCN of each of the {@code rows} examples of {@code d} values in {@code c}, then minus {@code mu}: x' - mu. */
    private static void normaliseAndCenter(float[] c, int rows, int d, float scale, float[] mu) {
        for (int r = 0; r < rows; r++) {
            gcn(c, r * d, d, scale);
            for (int j = 0; j < d; j++) {
                c[r * d + j] -= mu[j];
            }
        }
    }

    /** Global contrast normalisation of {@code x[from .. from+d)} in place (see the class comment). */
    static void gcn(float[] x, int from, int d, float scale) {
        double s = 0;
        for (int j = from; j < from + d; j++) {
            s += x[j];
        }
        float m = (float) (s / d);
        double ss = 0;
        for (int j = from; j < from + d; j++) {
            double c = x[j] - m;
            ss += c * c;
        }
        double norm = Math.sqrt(ss) / scale;
        float f = (float) (1 / (norm < MIN_DIVISOR ? 1 : norm));
        for (int j = from; j < from + d; j++) {
            x[j] = (x[j] - m) * f;
        }
    }

    /**
     * Normalises and whitens {@code images} in place.
     *
     * @throws ShapeMismatchException unless each example has the fitted number of values
     */
    @Override
    public void apply(Tensor images, Parallelism parallelism) {
        int n = images.rank() == 0 ? 0 : images.dim(0);
        if (images.rank() < 2 || (long) n * features != images.size()) {
            throw new ShapeMismatchException("GCN + ZCA fitted on examples of " + features + " values cannot apply to"
                    + " a batch of shape " + ShapeMismatchException.format(images.shape()));
        }
        FloatGemm gemm = new FloatGemm(parallelism);
        float[] data = images.data();
        float[] mu = mean.data();
        int d = features;
        Tensor in = null;
        Tensor out = null;
        for (int start = 0; start < n; start += CHUNK) {
            int rows = Math.min(CHUNK, n - start);
            if (in == null || in.dim(0) != rows) {
                in = Tensor.zeros(rows, d);
                out = Tensor.zeros(rows, d);
            }
            int at = images.offset() + start * d;
            System.arraycopy(data, at, in.data(), 0, rows * d);
            normaliseAndCenter(in.data(), rows, d, gcnScale, mu);
            gemm.mult(in, whitening, out);
            System.arraycopy(out.data(), 0, data, at, rows * d);
        }
    }

    /** The per-feature mean mu of the normalised training examples, [D] (a copy). */
    public Tensor mean() {
        return Tensor.wrap(mean.data().clone(), features);
    }

    /** The whitening matrix P, [D, D], symmetric (a copy). */
    public Tensor whitening() {
        return Tensor.wrap(whitening.data().clone(), features, features);
    }

    @Override
    public Map<String, Object> config() {
        return Config.of(TYPE, "gcn_scale", gcnScale, "zca_filter_bias", filterBias, "recipe",
                "Pylearn2 global_contrast_normalize(scale, use_std=False, sqrt_bias=0, min_divisor=1e-8) then "
                        + "ZCA(filter_bias): z = (x' - mean) whitening");
    }

    /** {@code mean} [D] and {@code whitening} [D, D]. */
    @Override
    public Map<String, Tensor> tensors() {
        return Map.of("mean", mean(), "whitening", whitening());
    }

    /** The fitted transform of {@link #config()} with its {@link #tensors()} as entries {@code mean} and {@code whitening}. */
    public static GcnZca fromConfig(Map<String, ?> c) {
        if (!(c.get("mean") instanceof Tensor mean) || mean.rank() != 1) {
            throw new IllegalArgumentException("GCN + ZCA state needs a rank-1 tensor " + PreprocessorState.PREFIX + "mean");
        }
        int d = mean.size();
        Tensor p = PreprocessorState.tensor(c, "whitening", d, d);
        return new GcnZca(Config.real(c, "gcn_scale"), Config.real(c, "zca_filter_bias"),
                Tensor.wrap(mean.data().clone(), d), Tensor.wrap(p.data().clone(), d, d));
    }

    @Override
    public String toString() {
        return "GcnZca(scale " + gcnScale + ", filter bias " + filterBias + ", " + features + " features)";
    }

    /** Registers {@value #TYPE} with the preprocessing registry (see {@link ConfigType}). */
    public static final class Type extends ConfigType<Preprocessor> {
        public Type() {
            super(TYPE, Preprocessor.class, GcnZca::fromConfig);
        }
    }
}
