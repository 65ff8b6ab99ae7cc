package dev.bnn.train.nn;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;
import java.util.Objects;

/**
 * What every layer shares: the training flag, the kernels' {@link Parallelism}, the input check
 * (an error that names the layer and both shapes) and reusable output buffers.
 */
public abstract class AbstractModule implements Module {
    private static final Parallelism SINGLE_THREAD = Parallelism.singleThread();

    private boolean training = true;
    private Parallelism parallelism = SINGLE_THREAD;

    @Override
    public void train() {
        training = true;
    }

    @Override
    public void eval() {
        training = false;
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    @Override
    public final void setParallelism(Parallelism parallelism) {
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
        parallelismChanged(parallelism);
    }

    /** The threads this module's kernels may use. */
    protected final Parallelism parallelism() {
        return parallelism;
    }

    /** Called after {@link #setParallelism}: layers rebuild their kernel facades here. */
    protected void parallelismChanged(Parallelism parallelism) {}

    /**
     * Checks that {@code input} is a non-empty batch of samples of shape {@code sample} (an entry
     * -1 matches any size) and returns the batch size.
     *
     * @throws ShapeMismatchException naming this layer, the input's shape and the expected one
     */
    protected final int checkInput(Tensor input, int... sample) {
        boolean ok = input.rank() == sample.length + 1 && input.dim(0) > 0;
        for (int a = 0; ok && a < sample.length; a++) {
            ok = sample[a] < 0 || input.dim(a + 1) == sample[a];
        }
        if (!ok) {
            throw new ShapeMismatchException(this + ": input has shape " + ShapeMismatchException.format(input.shape())
                    + " but expected " + expected(sample) + " with batch N >= 1");
        }
        return input.dim(0);
    }

    /** As {@link #checkInput} for a per-sample shape (no batch dimension), as {@link #outputShape} receives. */
    protected final void checkSample(int[] shape, int... sample) {
        boolean ok = shape.length == sample.length;
        for (int a = 0; ok && a < sample.length; a++) {
            ok = sample[a] < 0 ? shape[a] > 0 : shape[a] == sample[a];
        }
        if (!ok) {
            throw new ShapeMismatchException(this + ": sample has shape " + ShapeMismatchException.format(shape)
                    + " but expected " + expected(sample).replace("N, ", ""));
        }
    }

    /** Checks that a gradient has the shape of the last forward's output. */
    protected final void checkGradient(Tensor gradOutput, Tensor output) {
        if (output == null) {
            throw new IllegalStateException(this + ": backward before forward");
        }
        if (!gradOutput.hasShape(output.shape())) {
            throw new ShapeMismatchException(this + ": gradient has shape "
                    + ShapeMismatchException.format(gradOutput.shape()) + " but the last output has shape "
                    + ShapeMismatchException.format(output.shape()));
        }
    }

    private static String expected(int[] sample) {
        StringBuilder b = new StringBuilder("[N");
        for (int d : sample) {
            b.append(", ").append(d < 0 ? "*" : Integer.toString(d));
        }
        return b.append(']').toString();
    }
}
