package dev.bnn.data;

import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;
import java.util.Map;

/** x -> scale * x + offset, element-wise. */
public record PixelScale(float scale, float offset) implements Preprocessor {
    static final String KIND = "pixel-scale";

    /** [0, 255] to [-1, 1]: x / 127.5 - 1 (the BNN and BinaryConnect MNIST code: 2 x - 1 on [0, 1] pixels). */
    public static PixelScale symmetric() {
        return new PixelScale(2f / 255f, -1f);
    }

    /** [0, 255] to [0, 1]. */
    public static PixelScale unit() {
        return new PixelScale(1f / 255f, 0f);
    }

    @Override
    public void apply(Tensor images, Parallelism parallelism) {
        float[] d = images.data();
        for (int i = images.offset(), end = i + images.size(); i < end; i++) {
            d[i] = scale * d[i] + offset;
        }
    }

    @Override
    public PreprocessorState export() {
        return new PreprocessorState(Map.of(), Map.of(PreprocessorState.KIND, KIND,
                "preprocessing.scale", Float.toString(scale), "preprocessing.offset", Float.toString(offset)));
    }

    static PixelScale restore(PreprocessorState state) {
        return new PixelScale(Float.parseFloat(state.require("preprocessing.scale")),
                Float.parseFloat(state.require("preprocessing.offset")));
    }

    @Override
    public String toString() {
        return "PixelScale(x * " + scale + " + " + offset + ")";
    }
}
