package dev.bnn.data.preprocess;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;
import java.util.Map;

/**
 * A transform of the input images applied before training and, identically, before evaluation.
 * Fitted transforms learn their parameters from the training split only. Like a module, a
 * preprocessor is described by its {@link #config()} (the {@code "type"} and the hyperparameters)
 * plus, when fitted, named {@link #tensors()}; {@link #export()} writes both into the model file's
 * {@code preprocessing.*} entries and {@link Preprocessors#restore} rebuilds the preprocessor from
 * them, so that {@code eval} applies the same transform. Types register beside their classes
 * ({@link dev.bnn.core.config.ConfigType}); {@link Preprocessors#registry()} lists them.
 *
 * <p>The kinds: {@link PixelScale} ({@value PixelScale#TYPE}: MNIST's [0, 255] to [-1, 1], the BNN
 * Theano code's {@code 2 x - 1} on [0, 1] pixels) and {@link GcnZca} ({@value GcnZca#TYPE}: global
 * contrast normalisation and ZCA whitening, Pylearn2's {@code make_cifar10_gcn_whitened.py}
 * recipe used by BinaryConnect). Which one a recipe uses is the preset's decision, not the dataset's.
 */
public interface Preprocessor {

    /** Transforms {@code images} (N x ..., any view) in place, splitting work over {@code parallelism}. */
    void apply(Tensor images, Parallelism parallelism);

    /** Transforms {@code images} in place on the calling thread. */
    default void apply(Tensor images) {
        try (Parallelism single = Parallelism.singleThread()) {
            apply(images, single);
        }
    }

    /** Transforms a dataset's inputs in place and returns the dataset. */
    default Dataset apply(Dataset dataset, Parallelism parallelism) {
        apply(dataset.inputs(), parallelism);
        return dataset;
    }

    /** {"type": name, hyperparameters...}: JSON-able values (numbers, strings). */
    Map<String, Object> config();

    /** The fitted tensors by name (copies); none for a transform without learned parameters. */
    default Map<String, Tensor> tensors() {
        return Map.of();
    }

    /** The state to store in a model file: {@link #config()} and {@link #tensors()} under {@code preprocessing.}. */
    default PreprocessorState export() {
        return PreprocessorState.of(config(), tensors());
    }
}
