package dev.bnn.train;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param history             the metrics of every epoch, a resumed run's earlier epochs included
 * @param bestEpoch           1-based epoch of the lowest validation error (the last epoch without
 *                            a validation set); the network holds this epoch's weights at the end
 * @param bestValidationError NaN without a validation set
 * @param testError           the best model's error on the test set; NaN without one
 * @param testLoss            the best model's mean loss on the test set; NaN without one
 * @param stoppedEarly        true when early stopping ended the run
 * @param seconds             wall time of this call
 */
public record TrainingResult(List<EpochMetrics> history, int bestEpoch, double bestValidationError, double testError,
        double testLoss, boolean stoppedEarly, double seconds) {

    public TrainingResult {
        history = List.copyOf(history);
    }

    /** Epochs trained in all. */
    public int epochs() {
        return history.size();
    }
}
