package dev.bnn.infer;

import dev.bnn.core.BitMatrix;
import dev.bnn.kernels.BitPacking;

/** The sign activation on float input, packed: bit 1 where x &lt; 0 (sign(0) = +1), one row per sample or pixel. */
public final class SignBits extends FrozenLayer {
    public static final String TYPE = "sign";

    public SignBits(int[] inputShape) {
        super(inputShape, TYPE, Precision.FLOAT, Precision.BITS);
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
