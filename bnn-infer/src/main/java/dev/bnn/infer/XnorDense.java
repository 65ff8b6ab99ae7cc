package dev.bnn.infer;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;
import dev.bnn.core.io.SafeTensors.DType;
import dev.bnn.core.io.SafeTensors.Entry;
import dev.bnn.kernels.BinaryGemm;
import dev.bnn.kernels.BitPanels;
import dev.bnn.kernels.Parallelism;
import dev.bnn.kernels.SignThresholds;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dense layer on ±1 input with ±1 weights, by XNOR-popcount (Hubara et al. 2016): the integer
 * dots dot_ij = in - 2 popcount(x_i XOR w_j). Two outputs:
 * <ul>
 *   <li><b>bits</b>: the sign of what followed the layer in training (bias, batch norm, sign)
 *       folded into one threshold per unit ({@link SignThresholds}), written as packed bits for
 *       the next binary layer;</li>
 *   <li><b>floats</b>: (float) dot + bias_j, the float value the training layer computes (for an
 *       output layer; its batch norm follows as {@link Normalize}).</li>
 * </ul>
 * Tensors: {@code weight} (U64 [out, ceil(in / 64)]), then {@code threshold} (I32 [out]) and
 * {@code negate} (U8 [out]), or optionally {@code bias} (F32 [out]).
 */
public final class XnorDense extends FrozenLayer {
    public static final String TYPE = "xnor_dense";
    private final int in;
    private final int out;
    private final BitMatrix weight;
    private final BitPanels panels;
    private final SignThresholds thresholds;
    private final float[] ones;
    private final float[] bias;
    private final boolean hasBias;

    /** Bits out: {@code weight} has one row of {@code in} bits per unit. */
    public XnorDense(BitMatrix weight, SignThresholds thresholds) {
        this(weight, thresholds, null);
    }

    /** Floats out, (float) dot + bias ({@code bias} [out] or null). */
    public XnorDense(BitMatrix weight, Tensor bias) {
        this(weight, null, bias);
    }

    private XnorDense(BitMatrix weight, SignThresholds thresholds, Tensor bias) {
        super(new int[] {weight.cols()}, TYPE, Precision.BITS, thresholds != null ? Precision.BITS : Precision.FLOAT);
        this.in = weight.cols();
        this.out = weight.rows();
        this.weight = weight.copy();
        this.panels = new BinaryGemm(Parallelism.singleThread()).prepare(this.weight);
        if (thresholds != null && thresholds.columns() != out) {
            throw new IllegalArgumentException(thresholds.columns() + " thresholds for " + out + " units");
        }
        this.thresholds = thresholds;
        this.ones = new float[out];
        Arrays.fill(ones, 1f);
        this.hasBias = bias != null;
        this.bias = bias == null ? new float[out] : bias.copy().requireShape("bias", out).data();
    }

    static XnorDense read(int[] inputShape, Map<String, Object> c, Map<String, Entry> t) {
        if (inputShape.length != 1) {
            throw new IllegalArgumentException("a dense layer needs a vector input, got an image");
        }
        int out = integer(c, "out", 1);
        BitMatrix w = requireBits(t, "weight", out, inputShape[0]);
        if (bool(c, "bits_out")) {
            return new XnorDense(w, Thresholds.read(t, out));
        }
        return new XnorDense(w, bool(c, "bias") ? require(t, "bias", DType.F32, out).tensor() : null);
    }

    @Override
    public int[] outputShape() {
        return new int[] {out};
    }

    @Override
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("out", out);
        s.put("bits_out", thresholds != null);
        if (thresholds == null) {
            s.put("bias", hasBias);
        }
        return s;
    }

    @Override
    public Map<String, Entry> tensors() {
        Map<String, Entry> t = new LinkedHashMap<>();
        t.put("weight", bits(weight));
        if (thresholds != null) {
            Thresholds.put(thresholds, t);
        } else if (hasBias) {
            t.put("bias", Entry.f32(bias, out));
        }
        return t;
    }

    @Override
    public long binaryWeights() {
        return (long) in * out;
    }

    @Override
    public long binaryMacs() {
        return (long) in * out;
    }

    @Override
    public String describe() {
        return "XnorDense(" + in + " -> " + out + (thresholds != null ? ", thresholds -> bits" : ", -> float")
                + (hasBias ? ", bias" : "") + ")";
    }

    @Override
    Object scratch(int batch) {
        return thresholds != null ? Activation.of(new BitMatrix(batch, out)) : Activation.of(Tensor.zeros(batch, out));
    }

    @Override
    Activation run(Engine engine, Activation input, int batch, Object scratch) {
        Activation result = (Activation) scratch;
        if (thresholds != null) {
            engine.binaryGemm.multThreshold(input.bits, panels, thresholds, result.bits);
        } else {
            engine.binaryGemm.multScaled(input.bits, panels, ones, bias, result.floats);
        }
        return result;
    }
}
