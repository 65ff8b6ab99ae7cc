package dev.bnn.train;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import dev.bnn.train.loss.Loss;
import dev.bnn.train.nn.Module;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The mean loss and error of a network on a dataset in evaluation mode (running batch-norm
 * statistics, no dropout, deterministic binarization), in batches; the network is left in the mode
 * it was found in. Errors count the examples whose first arg-max output differs from the label.
 */
public final class Evaluator {
    private final Module network;
    private final UnaryOperator<Tensor> scorer;
    private final int batchSize;
    private final LossBuffers scoring;

    /** Evaluates {@code network} with {@code loss} in batches of {@code batchSize}. */
    public Evaluator(Module network, Loss loss, int batchSize) {
        this(Objects.requireNonNull(network, "network"), network::forward, loss, batchSize);
    }

    /**
     * Evaluates the outputs of {@code scorer} (inputs to scores, e.g. a frozen model's) with
     * {@code loss}, in batches of {@code batchSize}, counting exactly as for a network.
     */
    public Evaluator(UnaryOperator<Tensor> scorer, Loss loss, int batchSize) {
        this(null, Objects.requireNonNull(scorer, "scorer"), loss, batchSize);
    }

    private Evaluator(Module network, UnaryOperator<Tensor> scorer, Loss loss, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.network = network;
        this.scorer = scorer;
        this.scoring = new LossBuffers(Objects.requireNonNull(loss, "loss"));
        this.batchSize = batchSize;
    }

    /** Mean loss and error (a fraction) of an evaluation. */
    public record Evaluation(double loss, double error) {}

    /**
     * The network's mean loss and error on {@code data}.
     *
     * @throws IllegalArgumentException if {@code data} is empty
     */
    public Evaluation evaluate(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot evaluate on the empty data set " + data.name());
        }
        boolean training = network != null && network.isTraining();
        if (network != null) {
            network.eval();
        }
        try {
            int batch = Math.min(batchSize, data.size());
            Batch full = new Batch(data, batch);
            Batch tail = data.size() % batch == 0 ? null : new Batch(data, data.size() % batch);
            double lossSum = 0;
            long wrong = 0;
            for (int from = 0; from < data.size(); from += batch) {
                Batch b = (from + batch <= data.size() ? full : tail).gather(data, from);
                Tensor output = scorer.apply(b.inputs());
                lossSum += (double) scoring.evaluate(output, b.labels(), false) * b.size();
                wrong += scoring.misclassified(output, b.labels());
            }
            return new Evaluation(lossSum / data.size(), (double) wrong / data.size());
        } finally {
            if (training) {
                network.train();
            }
        }
    }
}
