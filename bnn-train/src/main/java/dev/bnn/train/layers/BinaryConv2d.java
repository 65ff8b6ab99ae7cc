package dev.bnn.train.layers;

import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.train.constraint.WeightClip;
import dev.bnn.train.nn.LayerSummary;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.quantize.Quantizer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 2-d convolution with binary weights over NHWC batches: y = conv(x, q(W)) + b, W the latent
 * weight (as {@link Conv2d}, with q(W) in place of W).
 *
 * <p>Modes as in {@link BinaryDense}: <b>BinaryConnect</b> (real input, default): float im2col
 * (zero padding) and the add/subtract product {@code BinaryWeightGemm}. <b>BNN</b>
 * ({@link Builder#binaryInput()}, ±1 input): the input is packed per pixel, packed im2col and
 * the XNOR-popcount {@code BinaryGemm}. <b>Padding in BNN mode:</b> a bit has no zero, so by
 * default the padding is <b>+1</b> (the layer computes the convolution of the input padded with
 * +1, gradients included); with {@link Builder#zeroPadding()} it subtracts
 * {@code Im2col.paddingCorrection} from the dot products, which gives exactly the zero-padded
 * convolution, and its weight gradient reads zero-padded float patches of the ±1 input
 * (more memory). {@link #toString()} says which.
 *
 * <p>Shapes: input {@code N x H x W x inChannels}, latent weight
 * {@code outChannels x (k k inChannels)} ({@link Parameter.Kind#LATENT_BINARY}, learning-rate
 * scale 1 / sqrt(1.5 / (fanIn + fanOut)), fanIn = k k inChannels, fanOut = k k outChannels),
 * bias {@code outChannels}. Initialisation Glorot uniform (or U(-1, 1)); the clip to [-1, 1] is
 * a {@link WeightClip} applied by the optimizer; no clip logs one warning. Courbariaux et al.
 * 2015; Hubara et al. 2016.
 */
public final class BinaryConv2d extends ConvBase {
    private static final Logger LOG = LoggerFactory.getLogger(BinaryConv2d.class);

    private final boolean binaryInput;
    private final boolean zeroPadding;

    /** BinaryConnect mode, stride 1: SteSign weights clipped to [-1, 1], Glorot init from seed 0, with a bias. */
    public BinaryConv2d(int inChannels, int outChannels, int kernel, int padding) {
        this(builder(inChannels, outChannels, kernel).padding(padding));
    }

    private BinaryConv2d(Builder b) {
        super(b.in, b.out, b.kernel, b.stride, b.padding, b.bias, b.init, b.seed, b.weights,
                (value, fanIn, fanOut) -> Parameter.latentBinary("weight", value, fanIn, fanOut, b.clip));
        this.binaryInput = b.binaryInput;
        this.zeroPadding = b.zeroPadding;
        b.warnIfUnclipped(LOG, this);
    }

    /** Options beyond the defaults of {@link #BinaryConv2d(int, int, int, int)}. */
    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel);
    }

    public static BinaryConv2d fromConfig(Map<String, ?> c) {
        Builder b = builder(Config.integer(c, "in_channels"), Config.integer(c, "out_channels"), Config.integer(c, "kernel"))
                .stride(Config.integer(c, "stride")).padding(Config.integer(c, "padding")).read(c);
        return ("zero".equals(Config.string(c, "padding_mode")) ? b.zeroPadding() : b).build();
    }

    @Override
    public boolean binaryInput() {
        return binaryInput;
    }

    @Override
    boolean zeroPaddingCorrection() {
        return zeroPadding;
    }

    /** The quantizer the forward reads the latent weight through. */
    public Quantizer weightQuantizer() {
        return quantizer;
    }

    @Override
    public LayerSummary summarize(int... sampleShape) {
        long macs = macs(sampleShape); // binary only when input and weights are both binary (Larq's rule)
        return LayerSummary.of(this, outputShape(sampleShape), binaryInput ? macs : 0, binaryInput ? 0 : macs);
    }

    @Override
    public Map<String, Object> config() {
        WeightClip clip = weight.constraint();
        return Config.of("BinaryConv2d", "in_channels", inChannels, "out_channels", outChannels, "kernel", kernel,
                "stride", stride, "padding", padding, "binary_input", binaryInput, "padding_mode",
                paddingMode() == PaddingMode.PLUS_ONE ? "plus_one" : "zero", "weights", quantizer.config(), "clip", clip == null ? null : clip.bound(),
                "bias", bias != null, "init", init.name(), "seed", seed());
    }

    @Override
    public String toString() {
        String pad = !binaryInput || padding == 0 ? "" : zeroPadding ? " (zero, by correction)" : " (+1)";
        return "BinaryConv2d(" + shapeText() + pad + (binaryInput ? ", input: ±1 (XNOR-popcount)" : "")
                + BinaryLayerBuilder.describeWeights(quantizer, weight.constraint()) + (bias == null ? ", no bias" : "") + ")";
    }

    /** Options of a {@link BinaryConv2d}: stride, padding (0), zero padding in BNN mode, and the shared ones of {@link BinaryLayerBuilder}. */
    public static final class Builder extends BinaryLayerBuilder<Builder> {
        private final int in;
        private final int out;
        private final int kernel;
        private int stride = 1;
        private int padding;
        private boolean zeroPadding;

        private Builder(int in, int out, int kernel) {
            this.in = in;
            this.out = out;
            this.kernel = kernel;
        }

        @Override
        Builder self() {
            return this;
        }

        public Builder stride(int stride) {
            this.stride = stride;
            return this;
        }

        public Builder padding(int padding) {
            this.padding = padding;
            return this;
        }

        /** In BNN mode, match zero padding by the padding correction instead of padding with +1. */
        public Builder zeroPadding() {
            this.zeroPadding = true;
            return this;
        }

        public BinaryConv2d build() {
            checkMode("BinaryConv2d(" + in + " -> " + out + ")");
            return new BinaryConv2d(this);
        }
    }

    /** Registers {@code "BinaryConv2d"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("BinaryConv2d", Module.class, BinaryConv2d::fromConfig);
        }
    }
}
