package dev.bnn.train.layers;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.train.nn.AbstractModule;

/**
 * A layer that maps each element on its own (activations, dropout): any batch-first shape in,
 * the same shape out. Subclasses give the function and its (pseudo-)gradient.
 */
abstract sealed class ElementwiseModule extends AbstractModule permits SignActivation, HardTanh, Dropout {
    private Tensor input;
    private Tensor output;
    private Tensor gradInput;

    /** out = f(x). */
    abstract void apply(Tensor x, Tensor out);

    /** out = f'(x) g, for the x of the last forward. */
    abstract void gradient(Tensor x, Tensor g, Tensor out);

    @Override
    public final Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.dim(0) == 0) {
            throw new ShapeMismatchException(this + ": input has shape " + ShapeMismatchException.format(x.shape())
                    + " but expected a batch [N, ...] with N >= 1");
        }
        input = x;
        output = Tensor.reuse(output, x.shape());
        apply(x, output);
        return output;
    }

    @Override
    public final Tensor backward(Tensor gradOutput) {
        checkGradient(gradOutput, output);
        gradInput = Tensor.reuse(gradInput, gradOutput.shape());
        gradient(input, gradOutput, gradInput);
        return gradInput;
    }

    @Override
    public int[] outputShape(int... sampleShape) {
        return sampleShape.clone();
    }
}
