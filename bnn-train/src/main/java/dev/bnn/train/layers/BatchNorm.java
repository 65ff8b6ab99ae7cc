package dev.bnn.train.layers;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.kernels.BatchNormArithmetic;
import dev.bnn.train.nn.AbstractModule;
import dev.bnn.train.nn.LayerSummary;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation (Ioffe and Szegedy 2015) per feature of a dense batch {@code N x C} or per
 * channel of a spatial batch {@code N x H x W x C}: y = gamma (x - mu) / sqrt(var + epsilon) + beta.
 *
 * <p>In training mu and var are the batch's mean and biased variance over all rows (and
 * positions), and the running statistics follow
 * running = (1 - momentum) running + momentum batch, with the unbiased variance (the
 * PyTorch / Lasagne convention: momentum is the weight of the new batch, 0.1 in the BinaryConnect
 * and BNN code, as is epsilon 1e-4). In evaluation the running statistics replace the batch's.
 * Backward (training): gx = gamma / sigma (g - mean(g) - xhat mean(g xhat)), ggamma += sum g xhat,
 * gbeta += sum g; in evaluation gx = gamma g / sigma. Parameters {@code gamma} (init 1) and
 * {@code beta} (init 0); buffers {@code running_mean} (0) and {@code running_var} (1).
 *
 * <p><b>Shift-based</b> ({@link #shiftBased}, Hubara et al. 2016, Algorithm 3): multiplications by
 * 1 / sigma and gamma become multiplications by their power-of-two approximations AP2 (bit shifts
 * in fixed point), and the variance is estimated as mean((x - mu) AP2(x - mu)). Its backward uses
 * the formula above with the rounded factors held constant (a straight-through approximation).
 */
public final class BatchNorm extends AbstractModule {
    private final int features;
    private final float momentum;
    private final float epsilon;
    private final boolean shift;
    private final Parameter gamma;
    private final Parameter beta;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor mean;
    private final Tensor var;
    private final Tensor invStd;
    private final Tensor scale; // the factor applied to xhat: gamma, or AP2(gamma)
    private final Tensor work;
    private final Tensor sumG;
    private final Tensor sumGx;
    private Tensor xhat;
    private Tensor output;
    private Tensor gradInput;
    private Tensor powers;
    private boolean batchStatistics;

    /** The papers' settings: momentum 0.1, epsilon 1e-4. */
    public BatchNorm(int features) {
        this(features, 0.1f, 1e-4f, false);
    }

    public BatchNorm(int features, float momentum, float epsilon, boolean shiftBased) {
        if (features < 1 || !(momentum >= 0 && momentum <= 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("BatchNorm: needs features >= 1, momentum in [0, 1], epsilon > 0; got "
                    + features + ", " + momentum + ", " + epsilon);
        }
        this.features = features;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.shift = shiftBased;
        this.gamma = Parameter.real("gamma", vector(1f));
        this.beta = Parameter.real("beta", vector(0f));
        this.runningMean = vector(0f);
        this.runningVar = vector(1f);
        this.mean = vector(0f);
        this.var = vector(0f);
        this.invStd = vector(0f);
        this.scale = vector(0f);
        this.work = vector(0f);
        this.sumG = vector(0f);
        this.sumGx = vector(0f);
    }

    /**
     * A batch norm's parameters and statistics, copied: what evaluation mode computes with
     * ({@link #evaluate}), and what a deployment folds into thresholds or scales.
     *
     * @param gamma           the scale, per feature
     * @param beta            the offset, per feature
     * @param runningMean     the mean evaluation uses, per feature
     * @param runningVariance the (unbiased) variance evaluation uses, per feature
     * @param epsilon         added to the variance
     * @param momentum        the weight of a new batch in the running statistics
     * @param shiftBased      true for the BNN paper's shift-based variant (powers of two in place of
     *                        gamma and 1 / sigma)
     */
    public record Statistics(float[] gamma, float[] beta, float[] runningMean, float[] runningVariance, float epsilon,
                             float momentum, boolean shiftBased) {
        /** Feature j of the output in evaluation mode for input x ({@link BatchNormArithmetic#apply} on {@link #evaluation()}). */
        public float evaluate(int j, float x) {
            Evaluation e = evaluation();
            return BatchNormArithmetic.apply(x, e.invStd()[j], e.shift()[j], e.gamma()[j], e.beta()[j]);
        }

        /**
         * The four floats per feature evaluation mode computes with, y = (x invStd + shift) gamma +
         * beta: invStd = 1 / sqrt(var + epsilon) and shift = -mean invStd ({@link BatchNormArithmetic});
         * shift-based, invStd and gamma are first rounded to powers of two (AP2), as the layer does.
         */
        public Evaluation evaluation() {
            int n = gamma.length;
            Tensor inv = Tensor.zeros(n);
            Tensor scale = Tensor.wrap(gamma.clone(), n);
            for (int j = 0; j < n; j++) {
                inv.data()[j] = BatchNormArithmetic.invStd(runningVariance[j], epsilon);
            }
            if (shiftBased) {
                TensorOps.roundToPowerOfTwo(inv, inv);
                TensorOps.roundToPowerOfTwo(scale, scale);
            }
            float[] shift = new float[n];
            for (int j = 0; j < n; j++) {
                shift[j] = BatchNormArithmetic.shift(runningMean[j], inv.data()[j]);
            }
            return new Evaluation(inv.data(), shift, scale.data(), beta.clone());
        }
    }

    /** The per-feature floats of evaluation mode: y = (x invStd + shift) gamma + beta ({@link Statistics#evaluation()}). */
    public record Evaluation(float[] invStd, float[] shift, float[] gamma, float[] beta) {}

    /** The parameters and running statistics, copied. */
    public Statistics statistics() {
        return new Statistics(gamma.value().data().clone(), beta.value().data().clone(), runningMean.data().clone(),
                runningVar.data().clone(), epsilon, momentum, shift);
    }

    /** Features (channels of a spatial input). */
    public int features() {
        return features;
    }

    /** The BNN paper's shift-based batch norm, momentum 0.1, epsilon 1e-4. */
    public static BatchNorm shiftBased(int features) {
        return new BatchNorm(features, 0.1f, 1e-4f, true);
    }

    public static BatchNorm fromConfig(Map<String, ?> c) {
        return new BatchNorm(Config.integer(c, "features"), Config.real(c, "momentum"), Config.real(c, "epsilon"),
                Config.bool(c, "shift_based"));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() == 4) {
            checkInput(x, -1, -1, features);
        } else {
            checkInput(x, features);
        }
        int rows = x.size() / features;
        xhat = Tensor.reuse(xhat, x.shape());
        output = Tensor.reuse(output, x.shape());
        batchStatistics = isTraining();
        if (batchStatistics) {
            TensorOps.columnMeanVariance(x, mean, var);
            if (shift) {
                approximateVariance(x);
            }
            updateRunning(rows);
        } else {
            mean.copyFrom(runningMean);
            var.copyFrom(runningVar);
        }
        scale.copyFrom(gamma.value());
        float[] inv = invStd.data();
        float[] off = work.data();
        float[] mu = mean.data();
        float[] v = var.data();
        for (int j = 0; j < features; j++) {
            inv[j] = BatchNormArithmetic.invStd(v[j], epsilon);
        }
        if (shift) {
            TensorOps.roundToPowerOfTwo(invStd, invStd);
            TensorOps.roundToPowerOfTwo(scale, scale);
        }
        for (int j = 0; j < features; j++) {
            off[j] = BatchNormArithmetic.shift(mu[j], inv[j]);
        }
        // xhat = x invStd + shift, y = xhat gamma + beta: BatchNormArithmetic.apply, column-wise
        TensorOps.scaleShiftColumns(x, invStd, work, xhat);
        TensorOps.scaleShiftColumns(xhat, scale, beta.value(), output);
        return output;
    }

    /** Shift-based variance estimate: var = mean over rows of (x - mu) AP2(x - mu). */
    private void approximateVariance(Tensor x) {
        powers = Tensor.reuse(powers, x.shape());
        TensorOps.scale(-1f, mean, work);
        TensorOps.fill(1f, var);
        TensorOps.scaleShiftColumns(x, var, work, xhat); // xhat holds x - mu for now
        TensorOps.roundToPowerOfTwo(xhat, powers);
        TensorOps.fill(0f, var);
        TensorOps.addColumnProductSums(xhat, powers, var);
        TensorOps.scale(1f / (x.size() / features), var, var);
    }

    private void updateRunning(int rows) {
        TensorOps.scale(1f - momentum, runningMean, runningMean);
        TensorOps.axpy(momentum, mean, runningMean);
        TensorOps.scale(1f - momentum, runningVar, runningVar);
        TensorOps.axpy(rows > 1 && !shift ? momentum * rows / (rows - 1f) : momentum, var, runningVar);
    }

    @Override
    public Tensor backward(Tensor g) {
        checkGradient(g, output);
        gradInput = Tensor.reuse(gradInput, g.shape());
        TensorOps.fill(0f, sumG);
        TensorOps.fill(0f, sumGx);
        TensorOps.addColumnSums(g, sumG);
        TensorOps.addColumnProductSums(g, xhat, sumGx);
        TensorOps.axpy(1f, sumGx, gamma.grad());
        TensorOps.axpy(1f, sumG, beta.grad());
        TensorOps.multiply(scale, invStd, work); // work = gamma / sigma
        if (batchStatistics) {
            // gx = work (g - sumG / m - xhat sumGx / m)
            float m = g.size() / features;
            TensorOps.multiply(work, sumGx, sumGx);
            TensorOps.scale(-1f / m, sumGx, sumGx);
            TensorOps.multiply(work, sumG, sumG);
            TensorOps.scale(-1f / m, sumG, sumG);
            TensorOps.scaleShiftColumns(xhat, sumGx, sumG, gradInput);
        } else {
            TensorOps.fill(0f, gradInput);
        }
        TensorOps.addScaledColumns(g, work, gradInput);
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        buffers.put("running_mean", runningMean);
        buffers.put("running_var", runningVar);
        return buffers;
    }

    @Override
    public int[] outputShape(int... sampleShape) {
        if (sampleShape.length == 3) {
            checkSample(sampleShape, -1, -1, features);
        } else {
            checkSample(sampleShape, features);
        }
        return sampleShape.clone();
    }

    @Override
    public LayerSummary summarize(int... sampleShape) {
        int[] shape = outputShape(sampleShape);
        long elements = 1;
        for (int d : shape) {
            elements *= d;
        }
        return LayerSummary.of(this, shape, 0, shift ? 0 : elements); // shift-based: shifts, no multiplies
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("BatchNorm", "features", features, "momentum", momentum, "epsilon", epsilon,
                "shift_based", shift);
    }

    @Override
    public String toString() {
        return (shift ? "ShiftBatchNorm(" : "BatchNorm(") + features + ", momentum " + momentum + ", epsilon "
                + epsilon + ")";
    }

    private Tensor vector(float value) {
        Tensor t = Tensor.zeros(features);
        TensorOps.fill(value, t);
        return t;
    }

    /** Registers {@code "BatchNorm"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("BatchNorm", Module.class, BatchNorm::fromConfig);
        }
    }
}
