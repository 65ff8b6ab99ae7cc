package dev.bnn.train.layers;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.kernels.Pooling;
import dev.bnn.train.nn.AbstractModule;
import dev.bnn.train.nn.Module;
import java.util.Map;

/**
 * Max pooling over NHWC batches: y[b, oy, ox, c] = max over a window x window square at
 * (oy stride, ox stride) of x[b, ., ., c], no padding; outH = (H - window) / stride + 1. Backward
 * routes each gradient to the element that was the maximum (the first on ties). The BNN
 * ConvNets pool 2x2 with stride 2 after the convolution and before batch norm and sign.
 * Runs on {@link Pooling}.
 */
public final class MaxPool2d extends AbstractModule {
    private final int window;
    private final int stride;
    private int[] argmax = new int[0];
    private Tensor input;
    private Tensor output;
    private Tensor gradInput;

    /** A window x window pool with stride = window. */
    public MaxPool2d(int window) {
        this(window, window);
    }

    public MaxPool2d(int window, int stride) {
        if (window < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2d: window and stride must be positive, got " + window + ", " + stride);
        }
        this.window = window;
        this.stride = stride;
    }

    public static MaxPool2d fromConfig(Map<String, ?> c) {
        return new MaxPool2d(Config.integer(c, "window"), Config.integer(c, "stride"));
    }

    /** The pooling window's height and width. */
    public int window() {
        return window;
    }

    /** The step between windows. */
    public int stride() {
        return stride;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = checkInput(x, -1, -1, -1);
        int[] out = outputShape(x.dim(1), x.dim(2), x.dim(3));
        input = x;
        output = Tensor.reuse(output, n, out[0], out[1], out[2]);
        if (argmax.length != output.size()) {
            argmax = new int[output.size()];
        }
        Pooling.maxPool(x, window, stride, output, argmax);
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        checkGradient(gradOutput, output);
        gradInput = Tensor.reuse(gradInput, input.shape());
        Pooling.maxPoolBackward(gradOutput, argmax, gradInput);
        return gradInput;
    }

    @Override
    public int[] outputShape(int... sampleShape) {
        checkSample(sampleShape, -1, -1, -1);
        if (sampleShape[0] < window || sampleShape[1] < window) {
            throw new ShapeMismatchException(this + ": sample has shape " + ShapeMismatchException.format(sampleShape)
                    + ", smaller than the window");
        }
        return new int[] {Pooling.outputSize(sampleShape[0], window, stride), Pooling.outputSize(sampleShape[1], window, stride),
                sampleShape[2]};
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("MaxPool2d", "window", window, "stride", stride);
    }

    @Override
    public String toString() {
        return "MaxPool2d(" + window + "x" + window + ", stride " + stride + ")";
    }

    /** Registers {@code "MaxPool2d"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("MaxPool2d", Module.class, MaxPool2d::fromConfig);
        }
    }
}
