package dev.bnn.train.layers;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.kernels.BitPacking;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.nn.AbstractModule;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.nn.Seedable;
import dev.bnn.train.quantize.Quantizer;
import java.util.List;
import java.util.Map;

/**
 * A fully connected layer y = x Wq^T + b on {@code N x in} batches: what {@link Dense} and
 * {@link BinaryDense} share (shapes, buffers, initialisation, the product in
 * {@link WeightedProduct}).
 */
abstract sealed class DenseBase extends AbstractModule implements Seedable permits Dense, BinaryDense {
    protected final int in;
    protected final int out;
    protected final Init init;
    protected final Parameter weight;
    protected final Parameter bias;
    protected final Quantizer quantizer;
    private final WeightedProduct product;
    private long seed;
    private Tensor input;
    private BitMatrix inputBits;
    private Tensor output;
    private Tensor gradInput;

    DenseBase(int in, int out, boolean useBias, Init init, long seed, Parameter weight, Quantizer quantizer) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sizes must be positive, got " + in
                    + " -> " + out);
        }
        this.in = in;
        this.out = out;
        this.init = init;
        this.weight = weight;
        this.bias = useBias ? Parameter.real("bias", Tensor.zeros(out)) : null;
        this.quantizer = quantizer;
        this.product = new WeightedProduct(weight, bias, quantizer, parallelism());
        reset(seed);
    }

    /** True when forward packs its ±1 input and runs the XNOR-popcount kernel (BNN mode). */
    public abstract boolean binaryInput();

    /** Input features. */
    public final int inFeatures() {
        return in;
    }

    /** Output features. */
    public final int outFeatures() {
        return out;
    }

    /** The weight, {@code out x in} (for a binary layer, the latent real-valued weight). */
    public final Parameter weight() {
        return weight;
    }

    /** The bias, {@code out}, or null for a layer without one. */
    public final Parameter bias() {
        return bias;
    }

    /** The initialisation of the weights (by {@link #reset}). */
    public final Init init() {
        return init;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = checkInput(x, in);
        input = x;
        if (binaryInput() && !TensorOps.isSigns(input)) {
            throw new IllegalArgumentException(this + ": input must be ±1 (the output of a SignActivation) in BNN mode");
        }
        output = Tensor.reuse(output, n, out);
        if (binaryInput()) {
            inputBits = inputBits != null && inputBits.rows() == n ? inputBits : new BitMatrix(n, in);
            BitPacking.packSigns(x, inputBits);
        }
        product.forward(x, binaryInput() ? inputBits : null, product.forwardRng(isTraining()), output);
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        checkGradient(gradOutput, output);
        gradInput = Tensor.reuse(gradInput, input.shape());
        product.backward(input, binaryInput() ? inputBits : null, gradOutput, gradInput);
        return gradInput;
    }

    @Override
    public void backwardParameters(Tensor gradOutput) {
        checkGradient(gradOutput, output);
        // No gx = gy Wq: one of the backward's two products, unused by a first layer.
        product.backward(input, binaryInput() ? inputBits : null, gradOutput, null);
    }

    @Override
    public List<Parameter> parameters() {
        return product.parameters();
    }

    @Override
    protected void parallelismChanged(Parallelism parallelism) {
        product.setParallelism(parallelism);
    }

    @Override
    public final void reset(long seed) {
        this.seed = seed;
        product.initialize(init, in, out, seed);
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Map<String, Tensor> buffers() {
        return product.buffers();
    }

    @Override
    public int[] outputShape(int... sampleShape) {
        checkSample(sampleShape, in);
        return new int[] {out};
    }
}
