package dev.bnn.infer;

import dev.bnn.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored preprocessing of raw pixels, x -&gt; scale * x + offset element-wise (bnn-data's
 * {@code pixel-scale}, the same float expression), so a frozen model takes pixels as they are in
 * the image file (e.g. MNIST: scale 2/255, offset -1).
 */
public final class InputScale extends FrozenLayer {
    public static final String TYPE = "input_scale";
    private final float scale;
    private final float offset;

    public InputScale(int[] inputShape, float scale, float offset) {
        super(inputShape, TYPE, Precision.FLOAT, Precision.FLOAT);
        if (!Float.isFinite(scale) || !Float.isFinite(offset)) {
            throw new IllegalArgumentException("input scale " + scale + " and offset " + offset + " must be finite");
        }
        this.scale = scale;
        this.offset = offset;
    }

    static InputScale read(int[] inputShape, Map<String, Object> c) {
        return new InputScale(inputShape, real(c, "scale"), real(c, "offset"));
    }

    public float scale() {
        return scale;
    }

    public float offset() {
        return offset;
    }

    @Override
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("scale", scale);
        s.put("offset", offset);
        return s;
    }

    @Override
    public String describe() {
        return "InputScale(x * " + scale + " + " + offset + ")";
    }

    @Override
    Object scratch(int batch) {
        int[] shape = new int[inputShape().length + 1];
        shape[0] = batch;
        System.arraycopy(inputShape(), 0, shape, 1, shape.length - 1);
        return Activation.of(Tensor.zeros(shape));
    }

    @Override
    Activation run(Engine engine, Activation in, int batch, Object scratch) {
        Activation out = (Activation) scratch;
        float[] src = in.floats.data();
        float[] dst = out.floats.data();
        for (int i = 0, s = in.floats.offset(), n = out.floats.size(); i < n; i++) {
            dst[i] = scale * src[s + i] + offset;
        }
        return out;
    }
}
