package dev.bnn.train;

/**
 * Hooks into a training run, so that research code records what it needs without forking the
 * trainer (e.g. the command line's progress bar). All methods run on the training thread and
 * default to doing nothing. {@link #onBatch} is on the hot path: it gets primitives, and
 * should not allocate.
 */
public interface TrainingListener {

    /** Before the first epoch of this call ({@code firstEpoch} &gt; 1 when resuming). */
    default void onStart(TrainerConfig config, int firstEpoch) {}

    /** Before epoch {@code epoch} (1-based) of {@code batches} mini-batches. */
    default void onEpochStart(int epoch, int batches) {}

    /** After mini-batch {@code batch} (1-based) of epoch {@code epoch} was trained with loss {@code loss}. */
    default void onBatch(int epoch, int batch, float loss) {}

    /** After an epoch's validation. */
    default void onEpochEnd(EpochMetrics metrics) {}

    /** After the test evaluation of the best model. */
    default void onEnd(TrainingResult result) {}
}
