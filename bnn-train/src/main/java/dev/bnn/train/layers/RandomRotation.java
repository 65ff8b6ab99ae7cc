package dev.bnn.train.layers;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.kernels.FloatGemm;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.nn.AbstractModule;
import dev.bnn.train.nn.LayerSummary;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Seedable;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * A fixed Haar-random rotation of each sample, y = R x (Anderson and Berg 2018, section 5): put
 * before the first binary layer, that layer computes sign(w) . (R x) = (R^T sign(w)) . x, the
 * binarization theta_R(u) = R^T sign(R u) of its weights in the rotated basis. Inputs whose energy
 * sits in a few coordinates (pixels) then binarize like random vectors. No parameters: R is drawn
 * from the seed ({@link #reset}), so a saved network rebuilds it from its configuration, and a
 * frozen one stores it as a float layer. Input and output {@code N x features}; backward
 * gx = gy R. Float GEMM; features^2 multiply-accumulates per sample.
 */
public final class RandomRotation extends AbstractModule implements Seedable {
    private final int features;
    private long seed;
    private Tensor rotation;
    private FloatGemm gemm;
    private Tensor output;
    private Tensor gradInput;

    public RandomRotation(int features, long seed) {
        if (features < 1) {
            throw new IllegalArgumentException("RandomRotation: features must be positive, got " + features);
        }
        this.features = features;
        this.gemm = new FloatGemm(parallelism());
        reset(seed);
    }

    /**
     * A d x d Haar-random orthogonal matrix from {@code seed}, as rows: Q of the QR decomposition
     * of a standard Gaussian matrix with its columns' signs corrected (Q diag(sign(diag R))), which
     * makes it uniform over the orthogonal group (Mezzadri 2007). Apache Commons Math, in double.
     */
    public static RealMatrix haar(int d, long seed) {
        RandomGenerator rng = Seeds.generator(seed);
        double[][] g = new double[d][d];
        for (double[] row : g) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(g, false));
        RealMatrix q = qr.getQ();
        RealMatrix r = qr.getR();
        for (int j = 0; j < d; j++) {
            if (r.getEntry(j, j) < 0) {
                q.setColumnVector(j, q.getColumnVector(j).mapMultiply(-1));
            }
        }
        return q;
    }

    /** Features rotated. */
    public int features() {
        return features;
    }

    /** R as floats, [features, features] (not copied: read only). */
    public Tensor rotation() {
        return rotation;
    }

    @Override
    public void reset(long seed) {
        this.seed = seed;
        RealMatrix q = haar(features, seed);
        float[] r = new float[features * features];
        for (int i = 0; i < features; i++) {
            for (int j = 0; j < features; j++) {
                r[i * features + j] = (float) q.getEntry(i, j);
            }
        }
        rotation = Tensor.wrap(r, features, features);
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = checkInput(x, features);
        output = Tensor.reuse(output, n, features);
        gemm.gemm(false, true, x, rotation, null, false, output); // y_i = sum_j R_ij x_j
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        checkGradient(gradOutput, output);
        gradInput = Tensor.reuse(gradInput, gradOutput.shape());
        gemm.mult(gradOutput, rotation, gradInput);
        return gradInput;
    }

    @Override
    protected void parallelismChanged(Parallelism parallelism) {
        gemm = new FloatGemm(parallelism);
    }

    @Override
    public int[] outputShape(int... sampleShape) {
        checkSample(sampleShape, features);
        return new int[] {features};
    }

    @Override
    public LayerSummary summarize(int... sampleShape) {
        return LayerSummary.of(this, outputShape(sampleShape), 0, (long) features * features);
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("RandomRotation", "features", features, "seed", seed);
    }

    @Override
    public String toString() {
        return "RandomRotation(" + features + ", Haar, seed " + seed + ")";
    }

    /** Registers {@code "RandomRotation"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("RandomRotation", Module.class, c -> new RandomRotation(Config.integer(c, "features"), Config.seed(c, "seed")));
        }
    }
}
