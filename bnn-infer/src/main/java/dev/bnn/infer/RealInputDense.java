package dev.bnn.infer;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;
import dev.bnn.core.io.SafeTensors.DType;
import dev.bnn.core.io.SafeTensors.Entry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dense layer on float input, y = x W^T + b: with float weights through {@code FloatGemm}, or
 * with ±1 weights stored as bits through {@code BinaryWeightGemm} (the BinaryConnect product:
 * adds and subtracts, Courbariaux et al. 2015), the first layer of a BNN. The same kernel calls as
 * the training layers, so the same floats.
 *
 * <p>Tensors: {@code weight} (F32 [out, in], or U64 [out, ceil(in / 64)] bits) and optionally
 * {@code bias} (F32 [out]).
 */
public final class RealInputDense extends FrozenLayer {
    public static final String TYPE = "real_input_dense";
    private final int in;
    private final int out;
    private final Tensor floatWeight;
    private final BitMatrix bitWeight;
    private final Tensor bias;

    /** Float weights [out, in]; bias [out] or null. */
    public RealInputDense(Tensor weight, Tensor bias) {
        this(weight.dim(1), weight.dim(0), weight.copy(), null, bias);
    }

    /** ±1 weights, one row of {@code in} bits per output; bias [out] or null. */
    public RealInputDense(BitMatrix weight, Tensor bias) {
        this(weight.cols(), weight.rows(), null, weight.copy(), bias);
    }

    private RealInputDense(int in, int out, Tensor floatWeight, BitMatrix bitWeight, Tensor bias) {
        super(new int[] {in}, TYPE, Precision.FLOAT, Precision.FLOAT);
        this.in = in;
        this.out = out;
        this.floatWeight = floatWeight;
        this.bitWeight = bitWeight;
        this.bias = bias == null ? null : bias.copy().requireShape("bias", out);
    }

    static RealInputDense read(int[] inputShape, Map<String, Object> c, Map<String, Entry> t) {
        int in = inputShape.length == 1 ? inputShape[0] : -1;
        int out = integer(c, "out", 1);
        if (in < 0) {
            throw new IllegalArgumentException("a dense layer needs a vector input, got an image");
        }
        Tensor bias = bool(c, "bias") ? require(t, "bias", DType.F32, out).tensor() : null;
        if (bool(c, "binary_weights")) {
            return new RealInputDense(requireBits(t, "weight", out, in), bias);
        }
        return new RealInputDense(require(t, "weight", DType.F32, out, in).tensor(), bias);
    }

    /** The ±1 weights, or null for float weights (not copied: read only). */
    BitMatrix bitWeight() {
        return bitWeight;
    }

    /** The bias values, or null (not copied: read only). */
    float[] biasValues() {
        return bias == null ? null : bias.data();
    }

    @Override
    public int[] outputShape() {
        return new int[] {out};
    }

    @Override
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("out", out);
        s.put("binary_weights", bitWeight != null);
        s.put("bias", bias != null);
        return s;
    }

    @Override
    public Map<String, Entry> tensors() {
        Map<String, Entry> t = new LinkedHashMap<>();
        t.put("weight", bitWeight != null ? bits(bitWeight)
                : Entry.f32(floatWeight.data(), out, in));
        if (bias != null) {
            t.put("bias", Entry.f32(bias.data(), out));
        }
        return t;
    }

    @Override
    public long binaryWeights() {
        return bitWeight == null ? 0 : (long) in * out;
    }

    @Override
    public long floatMacs() {
        return (long) in * out;
    }

    @Override
    public String describe() {
        return "Dense(" + in + " -> " + out + ", float input, " + (bitWeight != null ? "±1 weights" : "float weights")
                + (bias == null ? "" : ", bias") + ")";
    }

    @Override
    Object scratch(int batch) {
        return Activation.of(Tensor.zeros(batch, out));
    }

    @Override
    Activation run(Engine engine, Activation input, int batch, Object scratch) {
        Activation result = (Activation) scratch;
        Tensor x = input.floats.reshape(batch, in);
        if (bitWeight != null) {
            engine.binaryWeightGemm.multTransB(x, bitWeight, bias, result.floats);
        } else {
            engine.floatGemm.gemm(false, true, x, floatWeight, bias, false, result.floats);
        }
        return result;
    }
}
