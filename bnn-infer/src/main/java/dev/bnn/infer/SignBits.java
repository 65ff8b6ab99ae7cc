package dev.bnn.infer;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.io.SafeTensors.Entry;
import dev.bnn.kernels.BitPacking;
import java.util.Map;

/** The sign activation on float input, packed: bit 1 where x &lt; 0 (sign(0) = +1), one row per sample or pixel. */
public final class SignBits extends FrozenLayer {
    public static final String TYPE = "sign";

    public SignBits(int[] inputShape) {
        super(inputShape);
    }

    @Override
    public int[] outputShape() {
        return inputShape();
    }

    @Override
    public Precision inputPrecision() {
        return Precision.FLOAT;
    }

    @Override
    public Precision outputPrecision() {
        return Precision.BITS;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    Map<String, Object> settings() {
        return Map.of();
    }

    @Override
    public Map<String, Entry> tensors() {
        return Map.of();
    }

    @Override
    public String describe() {
        return "Sign(-> bits)";
    }

    @Override
    Object scratch(int batch) {
        return Activation.of(new BitMatrix(bitRows(inputShape(), batch), bitCols(inputShape())));
    }

    @Override
    Activation run(Engine engine, Activation in, int batch, Object scratch) {
        Activation out = (Activation) scratch;
        BitPacking.packSigns(in.floats.reshape(out.bits.rows(), out.bits.cols()), out.bits);
        return out;
    }
}
