package dev.bnn.train.layers;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.kernels.BinaryGemm;
import dev.bnn.kernels.BinaryWeightGemm;
import dev.bnn.kernels.BitPacking;
import dev.bnn.kernels.BitPanels;
import dev.bnn.kernels.FloatGemm;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.nn.RandomStream;
import dev.bnn.train.quantize.Quantizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The matrix product inside dense and convolutional layers, y = x Wq^T + b, for rows x (batch
 * rows of a dense layer, patch rows of a convolution), with the weight W stored outputs x inputs
 * and Wq = W (float layers) or q(W) (binary layers, q the weight quantizer).
 *
 * <p>Kernel per case: float weights, {@link FloatGemm}; binary weights on real inputs
 * (BinaryConnect), {@link BinaryWeightGemm} (adds and subtracts); binary weights on ±1 inputs
 * (BNN), the inputs packed to bits and {@link BinaryGemm#multScaled} with scale 1 (exact integer
 * dots, plus the bias); a non-binary quantizer (ternary, scaled sign), {@link FloatGemm} on Wq.
 * A quantizer that {@linkplain Quantizer#evaluatesLatent() evaluates with the latent weights}
 * (stochastic BinaryConnect) runs {@link FloatGemm} on W when there is no generator (evaluation).
 * The quantized and packed weights are cached until the weight's {@link Parameter#version()}
 * changes (a stochastic quantizer re-draws them at every training forward).
 *
 * <p>Backward: gx = gy Wq; gW (+)= pseudo-gradient of q applied to gy^T x; gb += column sums of
 * gy. With ±1 weights gx reads the packed weights ({@link BinaryWeightGemm#mult}); with ±1 inputs
 * (BNN) gW reads the packed inputs ({@link BinaryWeightGemm#multTransA}); the other cases run on
 * {@link FloatGemm}. When the quantizer's pseudo-gradient is 1 everywhere (the usual case with the
 * weights clipped to [-1, 1]) gW accumulates straight into the gradient, with no mask pass, and
 * right after {@link Parameter#zeroGrad()} the product overwrites it (the kernels' overwrite and
 * accumulate forms start each sum from +0 and from c_ij, so this is bit-identical to adding to
 * zeros).
 */
final class WeightedProduct {
    private final Parameter weight;
    private final Parameter bias;
    private final Quantizer quantizer;
    private FloatGemm floatGemm;
    private BinaryWeightGemm binaryWeightGemm;
    private BinaryGemm binaryGemm;

    private Tensor quantized;
    private BitMatrix weightBits;
    private BitPanels panels;
    private long cachedVersion = -1;
    private boolean cachedSample;
    private boolean passesGradient;
    private Tensor weightGradient;
    private long refreshes;
    private final float[] ones;
    private final float[] biasOrZero;
    private final float[] zeros;
    private final RandomStream stream = new RandomStream(0);

    WeightedProduct(Parameter weight, Parameter bias, Quantizer quantizer, Parallelism parallelism) {
        this.weight = weight;
        this.bias = bias;
        this.quantizer = quantizer;
        int out = weight.value().dim(0);
        this.ones = new float[out];
        Arrays.fill(ones, 1f);
        this.zeros = new float[out];
        this.biasOrZero = bias == null ? zeros : bias.value().data();
        setParallelism(parallelism);
    }

    void setParallelism(Parallelism parallelism) {
        floatGemm = new FloatGemm(parallelism);
        binaryWeightGemm = new BinaryWeightGemm(parallelism);
        binaryGemm = new BinaryGemm(parallelism);
        panels = null; // panels depend on the kernel's panel width
        cachedVersion = -1;
    }

    /** The weight, then the bias if any. */
    List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /** Draws the initial weights from {@code seed}, zeroes the bias and restarts the random stream. */
    void initialize(Init init, int fanIn, int fanOut, long seed) {
        init.fill(weight.value(), fanIn, fanOut, Seeds.generator(seed));
        weight.markChanged();
        if (bias != null) {
            bias.value().zero();
        }
        stream.reseed(seed);
    }

    /** {@code rng_counter} when the quantizer is stochastic, else nothing. */
    Map<String, Tensor> buffers() {
        return stochastic() ? Map.of("rng_counter", stream.counter()) : Map.of();
    }

    /** The generator of this forward: the next of the stream for a stochastic quantizer in training, else null. */
    RandomGenerator forwardRng(boolean training) {
        return stochastic() && training ? stream.next() : null;
    }

    private boolean stochastic() {
        return quantizer != null && quantizer.isStochastic();
    }

    /** True when the weights reach the kernels as ±1 values. */
    boolean binaryWeights() {
        return quantizer != null && quantizer.bits() == 1;
    }

    /**
     * y = x Wq^T + b. With {@code xBits} (the rows of x packed, BNN mode) the XNOR-popcount kernel
     * runs on them and x is not read; {@code rng} is the forward's generator for a stochastic
     * quantizer in training (null otherwise).
     */
    void forward(Tensor x, BitMatrix xBits, RandomGenerator rng, Tensor y) {
        forward(x, xBits, rng, y, true);
    }

    /** As {@link #forward(Tensor, BitMatrix, RandomGenerator, Tensor)}; in BNN mode without the bias when {@code withBias} is false. */
    void forward(Tensor x, BitMatrix xBits, RandomGenerator rng, Tensor y, boolean withBias) {
        if (rng == null && quantizer != null && quantizer.evaluatesLatent()) {
            floatGemm.gemm(false, true, x, weight.value(), bias == null ? null : bias.value(), false, y);
            return;
        }
        refresh(rng);
        if (xBits != null) {
            binaryGemm.multScaled(xBits, panels, ones, withBias ? biasOrZero : zeros, y);
        } else if (binaryWeights()) {
            binaryWeightGemm.multTransB(x, weightBits, bias == null ? null : bias.value(), y);
        } else {
            floatGemm.gemm(false, true, x, effectiveWeights(), bias == null ? null : bias.value(), false, y);
        }
    }

    /**
     * gx = gy Wq (skipped when gx is null); accumulates the weight and bias gradients, reading the
     * input from {@code xBits} when not null (±1 input), else from x.
     */
    void backward(Tensor x, BitMatrix xBits, Tensor gy, Tensor gx) {
        if (gx != null && binaryWeights()) {
            binaryWeightGemm.mult(gy, weightBits, gx);
        } else if (gx != null) {
            floatGemm.mult(gy, effectiveWeights(), gx);
        }
        if (quantizer == null || passesGradient) {
            // The first backward after zeroGrad overwrites the gradient: no clearing pass, no read of the zeros.
            weightProduct(x, xBits, gy, !weight.claimZeroedGrad(), weight.grad());
        } else {
            weightGradient = Tensor.reuse(weightGradient, weight.value().shape());
            weightProduct(x, xBits, gy, false, weightGradient);
            quantizer.backward(weight.value(), weightGradient, weight.grad(), true);
        }
        if (bias != null) {
            TensorOps.addColumnSums(gy, bias.grad());
        }
    }

    /** out (+)= gy^T x, reading x from its packed bits in BNN mode. */
    private void weightProduct(Tensor x, BitMatrix xBits, Tensor gy, boolean accumulate, Tensor out) {
        if (xBits != null && accumulate) {
            binaryWeightGemm.multAddTransA(gy, xBits, out);
        } else if (xBits != null) {
            binaryWeightGemm.multTransA(gy, xBits, out);
        } else {
            floatGemm.gemm(true, false, gy, x, null, accumulate, out);
        }
    }

    /** The packed ±1 weights of the last forward (binary quantizers only). */
    BitMatrix weightBits() {
        return weightBits;
    }

    /** Counts the times the weights were re-quantized, so that derived data (a padding correction) can follow. */
    long refreshes() {
        return refreshes;
    }

    /** W for float layers, the cached q(W) for non-binary quantizers (binary weights are read packed). */
    Tensor effectiveWeights() {
        return quantizer == null ? weight.value() : quantized;
    }

    /**
     * Re-quantizes and re-packs the weights when they changed (or always, for a stochastic draw).
     * max |w| of the latent weight decides the straight-through shortcut and catches a NaN; a sign
     * quantizer's bits are packed straight from the latent weight, in the same pass.
     */
    private void refresh(RandomGenerator rng) {
        if (quantizer == null || (rng == null && !cachedSample && cachedVersion == weight.version())) {
            return;
        }
        Tensor latent = weight.value();
        boolean packLatent = quantizer.isSign() && rng == null;
        if (quantizer.bits() == 1) {
            weightBits = weightBits != null ? weightBits : new BitMatrix(latent.dim(0), latent.dim(1));
        }
        // Packing the latent signs finds max |w| on the way: one read of the weights instead of two.
        float maxAbs = packLatent ? BitPacking.packSignsMaxAbs(latent, weightBits) : TensorOps.maxAbs(latent);
        if (Float.isNaN(maxAbs)) {
            TensorOps.requireNoNaN("latent weight " + weight.name(), latent);
        }
        passesGradient = maxAbs <= quantizer.passThroughBound();
        if (!packLatent) {
            quantized = Tensor.reuse(quantized, latent.shape());
            quantizer.forward(latent, rng, quantized);
            if (quantizer.bits() == 1) {
                BitPacking.packSigns(quantized, weightBits);
            }
        }
        if (quantizer.bits() == 1) {
            if (panels == null) {
                panels = binaryGemm.prepare(weightBits);
            } else {
                binaryGemm.prepare(weightBits, panels); // the weights change at every step: re-pack without allocating
            }
        }
        cachedVersion = weight.version();
        refreshes++;
        cachedSample = rng != null;
    }
}
