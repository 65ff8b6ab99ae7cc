package dev.bnn.train.layers;

import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.train.nn.LayerSummary;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import java.util.Map;

/**
 * A float 2-d convolution over NHWC batches: y[b, oy, ox, j] = b_j + sum over ky, kx, c of
 * W[j, (ky, kx, c)] x[b, oy s + ky - p, ox s + kx - p, c], zero padding p on every side, stride s.
 *
 * <p>Shapes: input {@code N x H x W x inChannels}, weight {@code outChannels x (k k inChannels)}
 * (columns ordered (ky, kx, c)), bias {@code outChannels}, output
 * {@code N x outH x outW x outChannels} with outH = (H + 2p - k) / s + 1. Runs as im2col +
 * {@code FloatGemm}; backward col2im. Initialisation: Glorot uniform with fanIn = k k inChannels,
 * fanOut = k k outChannels (or U(-1, 1)), bias 0. Parameters {@code weight}, {@code bias}.
 */
public final class Conv2d extends ConvBase {

    /** Stride 1, Glorot init from seed 0, with a bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, int padding) {
        this(inChannels, outChannels, kernel, 1, padding, true, Init.GLOROT_UNIFORM, 0L);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias, Init init, long seed) {
        super(inChannels, outChannels, kernel, stride, padding, bias, init, seed, null,
                (value, fanIn, fanOut) -> Parameter.real("weight", value));
    }

    public static Conv2d fromConfig(Map<String, ?> c) {
        return new Conv2d(Config.integer(c, "in_channels"), Config.integer(c, "out_channels"), Config.integer(c, "kernel"),
                Config.integer(c, "stride"), Config.integer(c, "padding"), Config.bool(c, "bias"),
                Init.valueOf(Config.string(c, "init")), Config.seed(c, "seed"));
    }

    @Override
    public boolean binaryInput() {
        return false;
    }

    @Override
    boolean zeroPaddingCorrection() {
        return false;
    }

    @Override
    public LayerSummary summarize(int... sampleShape) {
        return LayerSummary.of(this, outputShape(sampleShape), 0, macs(sampleShape));
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("Conv2d", "in_channels", inChannels, "out_channels", outChannels, "kernel", kernel,
                "stride", stride, "padding", padding, "bias", bias != null, "init", init.name(), "seed", seed());
    }

    @Override
    public String toString() {
        return "Conv2d(" + shapeText() + (bias == null ? ", no bias" : "") + ")";
    }

    /** Registers {@code "Conv2d"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("Conv2d", Module.class, Conv2d::fromConfig);
        }
    }
}
