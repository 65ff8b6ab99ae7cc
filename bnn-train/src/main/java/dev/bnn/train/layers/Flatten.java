package dev.bnn.train.layers;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.train.nn.AbstractModule;
import dev.bnn.train.nn.Module;
import java.util.Map;

/**
 * Flattens each sample: {@code N x d1 x ... x dk} to {@code N x (d1 ... dk)} (for NHWC maps the
 * features are ordered (h, w, c)). Forward and backward return views of their argument, no copy.
 */
public final class Flatten extends AbstractModule {
    private int[] inputShape;

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.dim(0) == 0) {
            throw new ShapeMismatchException(this + ": input has shape " + ShapeMismatchException.format(x.shape())
                    + " but expected a batch [N, ...] with N >= 1");
        }
        inputShape = x.shape();
        return x.reshape(x.dim(0), -1);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (inputShape == null) {
            throw new IllegalStateException(this + ": backward before forward");
        }
        if (gradOutput.size() != sizeOf(inputShape) || gradOutput.dim(0) != inputShape[0]) {
            throw new ShapeMismatchException(this + ": gradient has shape " + ShapeMismatchException.format(gradOutput.shape())
                    + " but the last input has shape " + ShapeMismatchException.format(inputShape));
        }
        return gradOutput.reshape(inputShape);
    }

    @Override
    public int[] outputShape(int... sampleShape) {
        return new int[] {(int) sizeOf(sampleShape)};
    }

    private static long sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("Flatten");
    }

    @Override
    public String toString() {
        return "Flatten";
    }

    /** Registers {@code "Flatten"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("Flatten", Module.class, c -> new Flatten());
        }
    }
}
