package dev.bnn.train.layers;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.kernels.BitPacking;
import dev.bnn.kernels.ConvGeometry;
import dev.bnn.kernels.Im2col;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.nn.AbstractModule;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.nn.Seedable;
import dev.bnn.train.quantize.Quantizer;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A 2-d convolution over NHWC batches as im2col + the product of {@link WeightedProduct}: what
 * {@link Conv2d} and {@link BinaryConv2d} share. The weight is stored
 * {@code outChannels x (kernel * kernel * inChannels)}, columns ordered (ky, kx, c) as
 * {@link Im2col} orders a patch row.
 *
 * <p>Forward: patches P (one row per output position) then y = P Wq^T + b, reshaped to
 * {@code N x outH x outW x outChannels}. Backward: gP = gy Wq, gx = col2im(gP), gW (+)= gy^T P,
 * gb += sums of gy over all positions. In BNN mode the input is packed per pixel and the packed
 * patches (padded with +1) feed the XNOR-popcount kernel and the weight gradient.
 */
abstract sealed class ConvBase extends AbstractModule implements Seedable permits Conv2d, BinaryConv2d {
    protected final int inChannels;
    protected final int outChannels;
    protected final int kernel;
    protected final int stride;
    protected final int padding;
    protected final Init init;
    protected final Parameter weight;
    protected final Parameter bias;
    protected final Quantizer quantizer;
    private final WeightedProduct product;
    private Im2col im2col;
    private long seed;
    private ConvGeometry geometry;
    private Tensor input;
    private Tensor patches;
    private Tensor output2d;
    private Tensor output;
    private Tensor gradPatches;
    private Tensor gradInput;
    private BitMatrix pixelBits;
    private BitMatrix patchBits;
    private Tensor correction;
    private long correctionRefresh = -1;
    private ConvGeometry correctionGeometry;

    ConvBase(int inChannels, int outChannels, int kernel, int stride, int padding, boolean useBias, Init init, long seed,
             Quantizer quantizer, WeightFactory weightFactory) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": needs positive channels, kernel and stride "
                    + "and padding >= 0, got " + inChannels + " -> " + outChannels + ", kernel " + kernel + ", stride "
                    + stride + ", padding " + padding);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.init = init;
        this.weight = weightFactory.create(Tensor.zeros(outChannels, kernel * kernel * inChannels), fanIn(), fanOut());
        this.bias = useBias ? Parameter.real("bias", Tensor.zeros(outChannels)) : null;
        this.quantizer = quantizer;
        this.product = new WeightedProduct(weight, bias, quantizer, parallelism());
        this.im2col = new Im2col(parallelism());
        reset(seed);
    }

    /** Builds the weight parameter (real or latent binary) for the given value and fans. */
    @FunctionalInterface
    interface WeightFactory {
        Parameter create(Tensor value, int fanIn, int fanOut);
    }

    /** True when forward packs its ±1 input and runs the XNOR-popcount kernel (BNN mode). */
    public abstract boolean binaryInput();

    /** The padding this layer computes with (see {@link PaddingMode}). */
    public final PaddingMode paddingMode() {
        return binaryInput() && !zeroPaddingCorrection() ? PaddingMode.PLUS_ONE : PaddingMode.ZERO;
    }

    /** Input channels. */
    public final int inChannels() {
        return inChannels;
    }

    /** Output channels (filters). */
    public final int outChannels() {
        return outChannels;
    }

    /** The kernel's height and width. */
    public final int kernel() {
        return kernel;
    }

    /** The step between output positions. */
    public final int stride() {
        return stride;
    }

    /** Rows and columns padded on each side. */
    public final int padding() {
        return padding;
    }

    /** The weight, {@code outChannels x (kernel * kernel * inChannels)}, columns in (ky, kx, c) order (for a binary layer, the latent weight). */
    public final Parameter weight() {
        return weight;
    }

    /** The bias, {@code outChannels}, or null for a layer without one. */
    public final Parameter bias() {
        return bias;
    }

    /** The initialisation of the weights (by {@link #reset}). */
    public final Init init() {
        return init;
    }

    /** True when a BNN-mode convolution subtracts the zero-padding correction instead of padding with +1. */
    abstract boolean zeroPaddingCorrection();

    final int fanIn() {
        return kernel * kernel * inChannels;
    }

    final int fanOut() {
        return kernel * kernel * outChannels;
    }

    private ConvGeometry geometry(int height, int width) {
        if (geometry == null || geometry.height() != height || geometry.width() != width) {
            geometry = new ConvGeometry(height, width, inChannels, kernel, kernel, stride, padding);
        }
        return geometry;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = checkInput(x, -1, -1, inChannels);
        ConvGeometry g = geometry(x.dim(1), x.dim(2));
        int rows = n * g.outPositions();
        input = x;
        output2d = Tensor.reuse(output2d, rows, outChannels);
        RandomGenerator rng = product.forwardRng(isTraining());
        if (binaryInput()) {
            if (!TensorOps.isSigns(x)) {
                throw new IllegalArgumentException(this + ": input must be ±1 (the output of a SignActivation) in BNN mode");
            }
            pixelBits = bits(pixelBits, n * g.height() * g.width(), inChannels);
            BitPacking.packSigns(x.reshape(-1, inChannels), pixelBits);
            patchBits = bits(patchBits, rows, g.patchSize());
            im2col.patches(pixelBits, n, g, patchBits);
            boolean corrected = zeroPaddingCorrection() && padding > 0;
            // Corrected: the exact integer dot - correction first, then the bias, so that the float
            // value is (float) (zero-padded dot) + bias, as a frozen threshold computes it.
            product.forward(null, patchBits, rng, output2d, !corrected);
            if (corrected) {
                TensorOps.addRepeated(negatedCorrection(g), output2d);
                if (bias != null) {
                    TensorOps.addRepeated(bias.value(), output2d);
                }
                patches = Tensor.reuse(patches, rows, g.patchSize()); // the zero-padded ±1 patches, for the weight gradient
                im2col.patches(x, g, patches);
            }
        } else {
            patches = Tensor.reuse(patches, rows, g.patchSize());
            im2col.patches(x, g, patches);
            product.forward(patches, null, rng, output2d, true);
        }
        output = output2d.reshape(n, g.outHeight(), g.outWidth(), outChannels);
        return output;
    }

    /** -paddingCorrection as floats, recomputed when the packed weights or the geometry change. */
    private Tensor negatedCorrection(ConvGeometry g) {
        if (correctionRefresh != product.refreshes() || !g.equals(correctionGeometry)) {
            int[] corr = Im2col.paddingCorrection(g, product.weightBits());
            correction = Tensor.reuse(correction, corr.length);
            for (int i = 0; i < corr.length; i++) {
                correction.data()[i] = -corr[i];
            }
            correctionRefresh = product.refreshes();
            correctionGeometry = g;
        }
        return correction;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        checkGradient(gradOutput, output);
        ConvGeometry g = geometry;
        gradPatches = Tensor.reuse(gradPatches, gradOutput.size() / outChannels, g.patchSize());
        backwardProduct(gradOutput, gradPatches);
        gradInput = Tensor.reuse(gradInput, input.shape());
        gradInput.zero();
        im2col.addPatches(gradPatches, g, gradInput);
        return gradInput;
    }

    @Override
    public void backwardParameters(Tensor gradOutput) {
        checkGradient(gradOutput, output);
        // No patch gradient and no col2im: the input gradient of a first layer is unused.
        backwardProduct(gradOutput, null);
    }

    /** The product's backward: parameter gradients, and the patch gradient into {@code gradPatches} unless null. */
    private void backwardProduct(Tensor gradOutput, Tensor gradPatches) {
        boolean fromBits = binaryInput() && !(zeroPaddingCorrection() && padding > 0);
        product.backward(fromBits ? null : patches, fromBits ? patchBits : null, gradOutput.reshape(-1, outChannels),
                gradPatches);
    }

    private static BitMatrix bits(BitMatrix old, int rows, int cols) {
        return old != null && old.rows() == rows && old.cols() == cols ? old : new BitMatrix(rows, cols);
    }

    @Override
    public List<Parameter> parameters() {
        return product.parameters();
    }

    @Override
    protected void parallelismChanged(Parallelism parallelism) {
        product.setParallelism(parallelism);
        im2col = new Im2col(parallelism);
    }

    @Override
    public final void reset(long seed) {
        this.seed = seed;
        product.initialize(init, fanIn(), fanOut(), seed);
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
        checkSample(sampleShape, -1, -1, inChannels);
        ConvGeometry g = new ConvGeometry(sampleShape[0], sampleShape[1], inChannels, kernel, kernel, stride, padding);
        return new int[] {g.outHeight(), g.outWidth(), outChannels};
    }

    /** Multiply-accumulates per sample: output positions x patch size x output channels. */
    final long macs(int... sampleShape) {
        int[] out = outputShape(sampleShape);
        return (long) out[0] * out[1] * fanIn() * outChannels;
    }

    /** "in -> out, KxK, stride s, padding p" for toString. */
    final String shapeText() {
        return inChannels + " -> " + outChannels + ", " + kernel + "x" + kernel + ", stride " + stride + ", padding " + padding;
    }
}
