package dev.bnn.infer;

import dev.bnn.core.Tensor;

/** ±1 bits back to floats, for a float layer (or the output) after a sign. */
public final class UnpackBits extends FrozenLayer {
    public static final String TYPE = "unpack";

    public UnpackBits(int[] inputShape) {
        super(inputShape, TYPE, Precision.BITS, Precision.FLOAT);
    }

    @Override
    public String describe() {
        return "Unpack(bits -> ±1 floats)";
    }

    @Override
    Object scratch(int batch) {
        return Activation.of(Tensor.zeros(batch, elements(inputShape())));
    }

    @Override
    Activation run(Engine engine, Activation in, int batch, Object scratch) {
        Activation out = (Activation) scratch;
        in.bits.unpack(out.floats);
        return out;
    }
}
