package dev.bnn.infer;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.Pooling;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Max pooling over NHWC images without padding, on floats ({@link Pooling#maxPool}) or on ±1 bits
 * (the AND of the window's bits, since bit 1 means -1: {@link Pooling#maxPoolBits}).
 */
public final class MaxPool extends FrozenLayer {
    public static final String TYPE = "max_pool";
    private final int window;
    private final int stride;
    private final Precision precision;
    private final long[] andMask;

    public MaxPool(int[] inputShape, int window, int stride, Precision precision) {
        super(inputShape, TYPE, precision, precision);
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("max pooling needs an image input");
        }
        Pooling.outputSize(inputShape[0], window, stride);
        Pooling.outputSize(inputShape[1], window, stride);
        this.window = window;
        this.stride = stride;
        this.precision = precision;
        this.andMask = new long[BitMatrix.wordsFor(inputShape[2])];
    }

    static MaxPool read(int[] inputShape, Map<String, Object> c) {
        return new MaxPool(inputShape, integer(c, "window", 1), integer(c, "stride", 1), precision(c));
    }

    @Override
    public int[] outputShape() {
        int[] in = inputShape();
        return new int[] {Pooling.outputSize(in[0], window, stride), Pooling.outputSize(in[1], window, stride), in[2]};
    }

    @Override
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("window", window);
        s.put("stride", stride);
        s.put("precision", precision.name().toLowerCase(java.util.Locale.ROOT));
        return s;
    }

    @Override
    public String describe() {
        return "MaxPool(" + window + "x" + window + ", stride " + stride + (precision == Precision.BITS ? ", on bits" : "") + ")";
    }

    private record Scratch(int[] argmax, Activation result) {}

    @Override
    Object scratch(int batch) {
        int[] o = outputShape();
        if (precision == Precision.BITS) {
            return new Scratch(null, Activation.of(new BitMatrix(bitRows(o, batch), o[2])));
        }
        Tensor out = Tensor.zeros(batch, o[0], o[1], o[2]);
        return new Scratch(new int[out.size()], Activation.of(out));
    }

    @Override
    Activation run(Engine engine, Activation in, int batch, Object scratch) {
        Scratch s = (Scratch) scratch;
        int[] shape = inputShape();
        if (precision == Precision.BITS) {
            Pooling.maxPoolBits(in.bits, batch, shape[0], shape[1], window, stride, andMask, s.result.bits);
        } else {
            Pooling.maxPool(in.floats.reshape(batch, shape[0], shape[1], shape[2]), window, stride, s.result.floats, s.argmax);
        }
        return s.result;
    }
}
