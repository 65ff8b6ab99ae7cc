package dev.bnn.train.nn;

import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;
import java.util.List;

/**
 * A layer or a network: maps a batch to a batch, and back-propagates (the protocol of Torch7's
 * {@code nn.Module}).
 *
 * <ul>
 *   <li>{@link #forward} takes a batch-first input (dense {@code N x F}, spatial
 *       {@code N x H x W x C}) and returns the output. The module keeps what its backward needs.
 *       The returned tensor is a buffer the module reuses: it is valid until the next forward.</li>
 *   <li>{@link #backward} takes the gradient of the loss w.r.t. the last forward's output and
 *       returns the gradient w.r.t. that forward's input (also a reused buffer), and
 *       <b>adds</b> the parameter gradients into each {@link Parameter#grad()}. Zeroing is an
 *       explicit step: {@link #zeroGrad()}.</li>
 *   <li>{@link #train()} / {@link #eval()} switch the behaviour of batch norm (batch vs running
 *       statistics), dropout and stochastic binarization. A new module is in training mode.</li>
 *   <li>{@link #parameters()} lists the trainable tensors; an optimizer sees these and nothing
 *       else. {@link #setParallelism} tells the module which threads its kernels may use; the
 *       caller owns the {@link Parallelism} and closes it after the module's last use.</li>
 * </ul>
 */
public interface Module {

    /** The output for a batch. Throws a {@code ShapeMismatchException} naming the module and both shapes on a bad input. */
    Tensor forward(Tensor input);

    /** The gradient w.r.t. the last forward's input; accumulates parameter gradients. */
    Tensor backward(Tensor gradOutput);

    /** The trainable parameters, in a fixed order. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Switches to training mode (batch statistics, dropout, stochastic binarization on). */
    void train();

    /** Switches to evaluation mode (running statistics, no dropout, deterministic binarization). */
    void eval();

    /** True in training mode. */
    boolean isTraining();

    /** The kernels' threads for this module (and its children); single-threaded until set. */
    default void setParallelism(Parallelism parallelism) {}

    /** Sets every parameter gradient to zero. */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }
}
