package dev.bnn.infer;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.io.SafeTensors.Entry;
import java.util.Map;

/** Hard tanh, y = clip(x, -1, 1): BinaryConnect's activation between its real-valued layers. */
public final class Clip extends FrozenLayer {
    public static final String TYPE = "hard_tanh";

    public Clip(int[] inputShape) {
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
        return Precision.FLOAT;
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
