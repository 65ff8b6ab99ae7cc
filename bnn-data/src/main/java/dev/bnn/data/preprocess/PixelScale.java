package dev.bnn.data.preprocess;

import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.kernels.Parallelism;
import java.util.Map;

/** x -> scale * x + offset, element-wise. */
public record PixelScale(float scale, float offset) implements Preprocessor {
    public PixelScale {
        if (!Float.isFinite(scale) || !Float.isFinite(offset)) {
            throw new IllegalArgumentException("pixel scaling needs a finite scale and offset, got " + scale + " and " + offset);
        }
    }

    /** The config type. */
    public static final String TYPE = "pixel-scale";

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
    public Map<String, Object> config() {
        return Config.of(TYPE, "scale", scale, "offset", offset);
    }

    /** The transform {@link #config()} describes. */
    public static PixelScale fromConfig(Map<String, ?> c) {
        return new PixelScale(Config.real(c, "scale"), Config.real(c, "offset"));
    }

    @Override
    public String toString() {
        return "PixelScale(x * " + scale + " + " + offset + ")";
    }

    /** Registers {@value #TYPE} with the preprocessing registry (see {@link ConfigType}). */
    public static final class Type extends ConfigType<Preprocessor> {
        public Type() {
            super(TYPE, Preprocessor.class, PixelScale::fromConfig);
        }
    }
}
