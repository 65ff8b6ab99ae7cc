package dev.bnn.train;

import dev.bnn.core.Tensor;
import dev.bnn.train.loss.Loss;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.optim.Optimizer;
import java.util.Objects;

/**
 * One mini-batch of training, in two parts that can run apart: {@link #computeGradients} (zero
 * the gradients, forward in training mode, loss, backward) and {@link #applyUpdate} (one optimizer
 * step, which clips the latent weights and tells binary layers to re-pack them). A distributed
 * driver runs {@link #computeGradients} on each worker's share of a global batch, sums the
 * gradients into its own parameters and calls {@link #applyUpdate} once.
 *
 * <pre>{@code
 * TrainingStep step = new TrainingStep(net, new SquaredHinge(), new Adam(0.003));
 * Batch batch = new Batch(train, 100);
 * for (int from = 0; from + 100 <= train.size(); from += 100) {
 *     TrainingStep.Result r = step.computeGradients(batch.gather(train, order, from));
 *     if (!r.isFinite()) throw new IllegalStateException("diverged: loss " + r.loss());
 *     step.applyUpdate();
 * }
 * }</pre>
 *
 * <p>After {@link #computeGradients} each {@link Parameter#grad()} holds the gradient of the
 * batch's <b>mean</b> loss; summing the gradients of k equal shares of a batch therefore gives k
 * times the gradient of the whole batch's mean (divide by k before the update). Nothing is
 * allocated per batch once the buffers have the batch's shape.
 */
public final class TrainingStep {
    private final Module network;
    private final Optimizer optimizer;
    private final Parameter[] parameters;
    private final LossBuffers scoring;
    private boolean updatable;

    /**
     * @param optimizer an optimizer not yet bound: the step binds it to {@code network.namedParameters()}
     */
    public TrainingStep(Module network, Loss loss, Optimizer optimizer) {
        this.network = Objects.requireNonNull(network, "network");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.scoring = new LossBuffers(Objects.requireNonNull(loss, "loss"));
        optimizer.init(network.namedParameters());
        parameters = network.parameters().toArray(Parameter[]::new);
    }

    /** The mean loss of a batch and the examples whose arg-max output missed the label (training mode). */
    public record Result(float loss, int misclassified) {
        /** False when the loss is NaN or infinite: the gradients were not computed and no update may follow. */
        public boolean isFinite() {
            return Float.isFinite(loss);
        }
    }

    /** {@link #computeGradients(Tensor, int[])} on a gathered batch. */
    public Result computeGradients(Batch batch) {
        return computeGradients(batch.inputs(), batch.labels());
    }

    /**
     * Zeroes the gradients, runs the network forward in its current mode, evaluates the loss and
     * back-propagates (without the gradient w.r.t. the inputs). A NaN or infinite loss stops
     * before the backward pass and leaves {@link #applyUpdate} refused, so a bad batch never
     * reaches the weights.
     */
    public Result computeGradients(Tensor inputs, int[] labels) {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
        Tensor output = network.forward(inputs);
        float l = scoring.evaluate(output, labels, true);
        updatable = Float.isFinite(l);
        if (updatable) {
            network.backwardParameters(scoring.gradient());
        }
        return new Result(l, scoring.misclassified(output, labels));
    }

    /**
     * The optimizer's update from the gradients in the parameters (those of the last
     * {@link #computeGradients}, or what a driver summed into them).
     *
     * @throws IllegalStateException if the last computed loss was not finite
     */
    public void applyUpdate() {
        if (!updatable) {
            throw new IllegalStateException("no finite gradients to apply: call computeGradients first (a NaN or infinite "
                    + "loss leaves the weights unchanged)");
        }
        optimizer.step();
    }

    /** {@link #computeGradients} then, if the loss is finite, {@link #applyUpdate}. */
    public Result step(Batch batch) {
        Result r = computeGradients(batch);
        if (r.isFinite()) {
            applyUpdate();
        }
        return r;
    }

    /** The optimizer this step updates with (bound to the network's parameters). */
    public Optimizer optimizer() {
        return optimizer;
    }
}
