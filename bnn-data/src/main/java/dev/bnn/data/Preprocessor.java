package dev.bnn.data;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;

/**
 * A transform of the input images applied before training and, identically, before evaluation.
 * Fitted transforms learn their parameters from the training split only; {@link #export()} and
 * {@link #restore} carry them through the model file so that {@code eval} applies the same
 * transform.
 *
 * <p>The papers' recipes ({@link #paperDefault}): MNIST and Fashion-MNIST scaled from [0, 255]
 * to [-1, 1] ({@link PixelScale#symmetric()}, as the BNN Theano code's {@code 2 x - 1} on [0, 1]
 * pixels); CIFAR-10 and SVHN contrast-normalised and ZCA-whitened ({@link GcnZca}, Pylearn2's
 * {@code make_cifar10_gcn_whitened.py} recipe used by BinaryConnect).
 */
public sealed interface Preprocessor permits PixelScale, GcnZca {

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

    /** The state to store in a model file. */
    PreprocessorState export();

    /** The preprocessor a model file stored. */
    static Preprocessor restore(PreprocessorState state) {
        String kind = state.require(PreprocessorState.KIND);
        return switch (kind) {
            case PixelScale.KIND -> PixelScale.restore(state);
            case GcnZca.KIND -> GcnZca.restore(state);
            default -> throw new IllegalArgumentException("unknown preprocessing kind '" + kind + "'; known: "
                    + PixelScale.KIND + ", " + GcnZca.KIND);
        };
    }

    /**
     * The papers' preprocessing for {@code kind}, fitted on {@code train} (raw intensities in
     * [0, 255]) where it has parameters; {@code train} itself is not modified.
     */
    static Preprocessor paperDefault(DatasetKind kind, Dataset train, Parallelism parallelism) {
        return switch (kind) {
            case MNIST, FASHION_MNIST -> PixelScale.symmetric();
            case CIFAR10, SVHN -> GcnZca.fit(train.inputs(), GcnZca.PAPER_GCN_SCALE, GcnZca.PAPER_FILTER_BIAS, parallelism);
        };
    }
}
