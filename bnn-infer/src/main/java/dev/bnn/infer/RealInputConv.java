package dev.bnn.infer;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;
import dev.bnn.core.io.SafeTensors.DType;
import dev.bnn.core.io.SafeTensors.Entry;
import dev.bnn.kernels.ConvGeometry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A 2-d convolution on float NHWC input, zero-padded: float im2col, then the product of
 * {@link RealInputDense} (float weights, or ±1 weights as bits: BinaryConnect's first layer) plus
 * the bias. The weight is {@code outChannels x (kernel kernel inChannels)}, columns in (ky, kx, c)
 * order, as the training layers store it.
 *
 * <p>Tensors: {@code weight} (F32, or U64 rows of bits) and optionally {@code bias} (F32).
 */
public final class RealInputConv extends FrozenLayer {
    public static final String TYPE = "real_input_conv";
    private final ConvGeometry geometry;
    private final int outChannels;
    private final Tensor floatWeight;
    private final BitMatrix bitWeight;
    private final Tensor bias;

    /**
     * @param inputShape [height, width, inChannels]
     * @param floatWeight float weights [outChannels, kernel^2 inChannels], or null
     * @param bitWeight   ±1 weights, one row of kernel^2 inChannels bits per output channel, or null
     * @param bias        [outChannels] or null
     */
    public RealInputConv(int[] inputShape, int kernel, int stride, int padding, Tensor floatWeight, BitMatrix bitWeight,
                         Tensor bias) {
        super(inputShape, TYPE, Precision.FLOAT, Precision.FLOAT);
        if (inputShape.length != 3 || (floatWeight == null) == (bitWeight == null)) {
            throw new IllegalArgumentException("a convolution needs an image input and exactly one kind of weights");
        }
        this.geometry = new ConvGeometry(inputShape[0], inputShape[1], inputShape[2], kernel, kernel, stride, padding);
        this.outChannels = floatWeight != null ? floatWeight.dim(0) : bitWeight.rows();
        int cols = floatWeight != null ? floatWeight.dim(1) : bitWeight.cols();
        if (cols != geometry.patchSize()) {
            throw new IllegalArgumentException("weight rows have " + cols + " entries but patches of " + geometry + " have "
                    + geometry.patchSize());
        }
        this.floatWeight = floatWeight == null ? null : floatWeight.copy();
        this.bitWeight = bitWeight == null ? null : bitWeight.copy();
        this.bias = bias == null ? null : bias.copy().requireShape("bias", outChannels);
    }

    static RealInputConv read(int[] inputShape, Map<String, Object> c, Map<String, Entry> t) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("a convolution needs an image input");
        }
        int out = integer(c, "out_channels", 1);
        int kernel = integer(c, "kernel", 1);
        long patch = (long) kernel * kernel * inputShape[2];
        if (patch > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("kernel " + kernel + " gives patches of " + patch + " values");
        }
        Tensor bias = bool(c, "bias") ? require(t, "bias", DType.F32, out).tensor() : null;
        int stride = integer(c, "stride", 1);
        int padding = integer(c, "padding", 0);
        if (bool(c, "binary_weights")) {
            return new RealInputConv(inputShape, kernel, stride, padding, null, requireBits(t, "weight", out, (int) patch), bias);
        }
        Tensor w = require(t, "weight", DType.F32, out, (int) patch).tensor();
        return new RealInputConv(inputShape, kernel, stride, padding, w, null, bias);
    }

    @Override
    public int[] outputShape() {
        return new int[] {geometry.outHeight(), geometry.outWidth(), outChannels};
    }

    @Override
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("out_channels", outChannels);
        s.put("kernel", geometry.kernelHeight());
        s.put("stride", geometry.stride());
        s.put("padding", geometry.padding());
        s.put("binary_weights", bitWeight != null);
        s.put("bias", bias != null);
        return s;
    }

    @Override
    public Map<String, Entry> tensors() {
        Map<String, Entry> t = new LinkedHashMap<>();
        t.put("weight", bitWeight != null ? bits(bitWeight)
                : Entry.f32(floatWeight.data(), outChannels, geometry.patchSize()));
        if (bias != null) {
            t.put("bias", Entry.f32(bias.data(), outChannels));
        }
        return t;
    }

    @Override
    public long binaryWeights() {
        return bitWeight == null ? 0 : (long) outChannels * geometry.patchSize();
    }

    @Override
    public long floatMacs() {
        return (long) geometry.outPositions() * geometry.patchSize() * outChannels;
    }

    @Override
    public String describe() {
        return "Conv(" + geometry.channels() + " -> " + outChannels + ", " + geometry.kernelHeight() + "x"
                + geometry.kernelWidth() + ", stride " + geometry.stride() + ", zero padding " + geometry.padding()
                + ", float input, " + (bitWeight != null ? "±1 weights" : "float weights") + ")";
    }

    private record Scratch(Tensor patches, Tensor output, Activation result) {}

    @Override
    Object scratch(int batch) {
        int rows = Math.multiplyExact(batch, geometry.outPositions());
        Tensor out = Tensor.zeros(rows, outChannels);
        return new Scratch(Tensor.zeros(rows, geometry.patchSize()), out,
                Activation.of(out.reshape(batch, geometry.outHeight(), geometry.outWidth(), outChannels)));
    }

    @Override
    Activation run(Engine engine, Activation in, int batch, Object scratch) {
        Scratch s = (Scratch) scratch;
        Tensor x = in.floats.reshape(batch, geometry.height(), geometry.width(), geometry.channels());
        engine.im2col.patches(x, geometry, s.patches);
        if (bitWeight != null) {
            engine.binaryWeightGemm.multTransB(s.patches, bitWeight, bias, s.output);
        } else {
            engine.floatGemm.gemm(false, true, s.patches, floatWeight, bias, false, s.output);
        }
        return s.result;
    }
}
