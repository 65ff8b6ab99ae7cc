package dev.bnn.infer;

import dev.bnn.core.BitMatrix;
import dev.bnn.kernels.BitPacking;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An image [height, width, channels] as a vector in NHWC order: a view for floats; for bits, each
 * image's height x width pixel rows joined into one row ({@link BitPacking#joinRows}).
 */
public final class Flatten extends FrozenLayer {
    public static final String TYPE = "flatten";
    private final Precision precision;

    public Flatten(int[] inputShape, Precision precision) {
        super(inputShape, TYPE, precision, precision);
        this.precision = precision;
    }

    static Flatten read(int[] inputShape, Map<String, Object> c) {
        return new Flatten(inputShape, precision(c));
    }

    @Override
    public int[] outputShape() {
        return new int[] {elements(inputShape())};
    }

    @Override
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("precision", precision.name().toLowerCase(java.util.Locale.ROOT));
        return s;
    }

    @Override
    public String describe() {
        return "Flatten" + (precision == Precision.BITS ? "(bits)" : "");
    }

    @Override
    Object scratch(int batch) {
        return precision == Precision.BITS ? Activation.of(new BitMatrix(batch, elements(inputShape()))) : new Activation();
    }

    @Override
    Activation run(Engine engine, Activation in, int batch, Object scratch) {
        Activation out = (Activation) scratch;
        int[] shape = inputShape();
        if (precision == Precision.BITS) {
            BitPacking.joinRows(in.bits, shape.length == 3 ? shape[0] * shape[1] : 1, out.bits);
        } else {
            out.floats = in.floats.reshape(batch, elements(shape));
        }
        return out;
    }
}
