package dev.bnn.train.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.SignThresholds;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The batch norm a BNN trains and the integer thresholds it folds into at deployment agree: for
 * every integer dot of a K-bit popcount product, sign(BatchNorm in evaluation mode) equals
 * {@link SignThresholds#fold}'s bit, on random statistics with negative, zero and positive gamma
 * and with ties (outputs exactly 0, where sign is +1).
 */
class BatchNormFoldTest {
    private static final int K = 257;
    private static final int FEATURES = 64;

    @Test
    void signOfBatchNormInEvaluationEqualsTheFoldedThresholdForEveryDot() {
        RandomGenerator rng = Seeds.generator(41);
        for (int trial = 0; trial < 20; trial++) {
            float[] gamma = new float[FEATURES];
            float[] beta = new float[FEATURES];
            float[] mean = new float[FEATURES];
            float[] variance = new float[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                int kind = j % 4;
                gamma[j] = switch (kind) {
                    case 0 -> 0f;
                    case 1 -> -(float) rng.nextDouble(0.01, 3);
                    default -> (float) rng.nextDouble(0.01, 3);
                };
                // ties: an integer mean and beta 0 put the output exactly at 0 for dot = mean
                boolean tie = kind == 3 || j % 7 == 0;
                mean[j] = tie ? rng.nextInt(-K, K + 1) : (float) rng.nextDouble(-K, K);
                beta[j] = tie ? 0f : (float) rng.nextDouble(-2, 2);
                variance[j] = (float) rng.nextDouble(0, 4 * K);
            }
            BatchNorm bn = new BatchNorm(FEATURES, 0.1f, 1e-4f, false);
            bn.loadState(Map.of("gamma", Tensor.wrap(gamma, FEATURES), "beta", Tensor.wrap(beta, FEATURES),
                    "running_mean", Tensor.wrap(mean, FEATURES), "running_var", Tensor.wrap(variance, FEATURES)));
            bn.eval();
            int rows = 2 * K + 1;
            Tensor dots = Tensor.zeros(rows, FEATURES);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < FEATURES; j++) {
                    dots.set((float) (r - K), r, j);
                }
            }
            Tensor y = bn.forward(dots);
            SignThresholds folded = SignThresholds.fold(gamma, beta, mean, variance, 1e-4f);
            BatchNorm.Statistics s = bn.statistics();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < FEATURES; j++) {
                    int dot = r - K;
                    boolean negative = y.get(r, j) < 0f;
                    assertEquals(negative, folded.bit(j, dot), "trial " + trial + ", column " + j + ", dot " + dot
                            + ": batch norm gives " + y.get(r, j));
                    assertEquals(y.get(r, j), s.evaluate(j, dot), "the statistics record evaluates as the layer");
                }
            }
        }
    }
}
