package dev.bnn.infer;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;

/** Hard tanh, y = clip(x, -1, 1): BinaryConnect's activation between its real-valued layers. */
public final class Clip extends FrozenLayer {
    public static final String TYPE = "hard_tanh";

    public Clip(int[] inputShape) {
        super(inputShape, TYPE, Precision.FLOAT, Precision.FLOAT);
    }

    @Override
    public String describe() {
        return "HardTanh";
    }

    @Override
    Object scratch(int batch) {
        return Activation.of(Tensor.zeros(batch, elements(inputShape())));
    }

    @Override
    Activation run(Engine engine, Activation in, int batch, Object scratch) {
        Activation out = (Activation) scratch;
        TensorOps.hardTanh(in.floats.reshape(batch, -1), out.floats);
        return out;
    }
}
