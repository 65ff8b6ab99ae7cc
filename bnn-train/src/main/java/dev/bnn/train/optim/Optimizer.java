package dev.bnn.train.optim;

import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.nn.Parameter;
import java.util.Map;

/**
 * Updates parameters from their accumulated gradients.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>Construct with the hyperparameters (each optimizer's defaults are the ones of its paper).</li>
 *   <li>{@link #init} once with the parameters it updates, usually {@code network.parameters()};
 *       the optimizer sees these and nothing else.</li>
 *   <li>Per mini-batch: the caller zeroes the gradients ({@code network.zeroGrad()}), runs forward
 *       and backward, then calls {@link #step()}. A step reads {@link Parameter#grad()} and writes
 *       {@link Parameter#value()} only through {@link Parameter#update}, which applies the
 *       parameter's constraint (the weight clip of a binary layer) and bumps its version, so that
 *       binary layers re-pack their weights. Per-parameter state (moments, velocities) is created on the first
 *       step, so an optimizer whose state was imported resumes where it stopped.</li>
 *   <li>{@link #setLearningRateFactor} between steps carries a {@link LearningRateSchedule}.</li>
 * </ol>
 *
 * <p>{@link #config()} holds every hyperparameter; {@link Optimizers#fromConfig} rebuilds the
 * optimizer (unbound, without state) from it.
 *
 * <p>Updates are element-wise and split over the threads of {@link #setParallelism} by element
 * ranges, so the result does not depend on the thread count.
 */
public interface Optimizer {

    /**
     * Binds this optimizer to the parameters it updates, by their unique names (usually
     * {@code network.namedParameters()}, e.g. {@code 0.weight}); call once, before the first step.
     * The names key the exported state.
     */
    void init(Map<String, Parameter> parameters);

    /** Updates every bound parameter from its gradient, through {@link Parameter#update} (which applies its constraint). */
    void step();

    /**
     * The base learning rate, the rate at schedule factor 1 (for {@link RoutingOptimizer}, the
     * binary weights' optimizer's): the trainer logs base rate x factor as each epoch's rate.
     */
    double learningRate();

    /** Number of steps taken (restored by {@link #importState}). */
    long steps();

    /**
     * Multiplies the base learning rate by {@code factor} from the next step on (1 when never
     * called); a schedule sets it once per epoch.
     */
    void setLearningRateFactor(double factor);

    /** The threads that updates may use; the caller owns and closes them. Single-threaded until set. */
    void setParallelism(Parallelism parallelism);

    /**
     * Adds this optimizer's state to a checkpoint: one tensor per parameter and state slot, named
     * {@code prefix + parameterName + "." + slot} (e.g. {@code optimizer.0.weight.m}), and
     * the step counter as metadata entry {@code prefix + "steps"}. Parameters without state yet
     * (no step taken) have no tensors.
     */
    void exportState(String prefix, Map<String, Tensor> tensors, Map<String, String> metadata);

    /**
     * Restores what {@link #exportState} wrote under {@code prefix}; call after {@link #init}.
     *
     * @throws IllegalArgumentException naming the entry if one is missing or has the wrong shape
     */
    void importState(String prefix, Map<String, Tensor> tensors, Map<String, String> metadata);

    /** {"type": name, every hyperparameter...}, read back by {@link Optimizers#fromConfig}. */
    Map<String, Object> config();
}
