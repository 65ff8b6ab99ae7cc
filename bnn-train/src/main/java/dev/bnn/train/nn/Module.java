package dev.bnn.train.nn;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
 *   <li>{@link #config()} is the module's architecture as data (type name and hyperparameters,
 *       JSON-able: strings, numbers, booleans, lists and maps); {@link Modules#fromConfig}
 *       rebuilds the module from it.</li>
 *   <li>{@link #state()} exports every parameter and buffer (batch norm running statistics, the
 *       counters of random streams) under stable dotted names ({@code 2.weight},
 *       {@code 3.running_mean}); {@link #loadState} checks names and shapes and copies them back.
 *       A module rebuilt from its config and loaded with its state computes the same outputs and
 *       continues the same random streams.</li>
 *   <li>{@link #summarize} describes the layer for a network summary: output shape per sample,
 *       1-bit and 32-bit parameters, binary and float multiply-accumulates per sample.</li>
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

    /**
     * The output shape of one sample for an input sample of shape {@code sampleShape} (without the
     * batch dimension).
     *
     * @throws ShapeMismatchException naming the module and both shapes if the input does not fit
     */
    int[] outputShape(int... sampleShape);

    /** One row of a network summary for an input sample of shape {@code sampleShape}; no MACs unless overridden. */
    default LayerSummary summarize(int... sampleShape) {
        return LayerSummary.of(this, outputShape(sampleShape), 0, 0);
    }

    /** The architecture as data: {@code "type"} and the hyperparameters (see {@link Modules#fromConfig}). */
    Map<String, Object> config();

    /** The parameters by name (a network prefixes its children's names: {@code 2.weight}). */
    default Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            named.put(p.name(), p);
        }
        return named;
    }

    /** The non-trainable state tensors by name (live, not copies): running statistics, random-stream counters. */
    default Map<String, Tensor> buffers() {
        return Map.of();
    }

    /** Copies of every parameter value and buffer, by dotted name, in a fixed order. */
    default Map<String, Tensor> state() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        namedParameters().forEach((name, p) -> state.put(name, p.value().copy()));
        buffers().forEach((name, t) -> state.put(name, t.copy()));
        return state;
    }

    /**
     * Copies {@code state} into the parameters and buffers. The names must be exactly those of
     * {@link #state()} and every shape must match; nothing is changed otherwise. Marks every
     * parameter changed ({@link Parameter#markChanged()}), so binary layers re-pack their weights.
     *
     * @throws IllegalArgumentException naming the missing and unexpected entries
     * @throws ShapeMismatchException naming the entry and both shapes
     */
    default void loadState(Map<String, Tensor> state) {
        Map<String, Parameter> params = namedParameters();
        Map<String, Tensor> buffers = buffers();
        Map<String, Tensor> targets = new LinkedHashMap<>();
        params.forEach((name, p) -> targets.put(name, p.value()));
        targets.putAll(buffers);
        if (!targets.keySet().equals(state.keySet())) {
            Set<String> missing = new TreeSet<>(targets.keySet());
            missing.removeAll(state.keySet());
            Set<String> unexpected = new TreeSet<>(state.keySet());
            unexpected.removeAll(targets.keySet());
            throw new IllegalArgumentException("loadState of " + this + ": missing " + missing + ", unexpected "
                    + unexpected);
        }
        targets.forEach((name, t) -> ShapeMismatchException.require("loadState of " + this + ": entry " + name,
                t.shape(), state.get(name).shape()));
        targets.forEach((name, t) -> t.copyFrom(state.get(name)));
        params.values().forEach(Parameter::markChanged);
    }
}
