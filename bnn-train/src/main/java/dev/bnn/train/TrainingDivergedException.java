package dev.bnn.train;

/**
 * The loss became NaN or infinite. Training stops before the bad gradients reach the weights;
 * checkpoints on disk are those of the last completed epoch.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final int batch;

    public TrainingDivergedException(String message, int epoch, int batch) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** 1-based epoch of the bad loss. */
    public int epoch() {
        return epoch;
    }

    /** 1-based mini-batch of the bad loss. */
    public int batch() {
        return batch;
    }
}
