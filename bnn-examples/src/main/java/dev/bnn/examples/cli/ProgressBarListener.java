package dev.bnn.examples.cli;

import dev.bnn.train.EpochMetrics;
import dev.bnn.train.Trainer;
import dev.bnn.train.TrainingListener;
import java.io.Console;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per epoch on the terminal (stderr), with the running mean loss and images/s:
 * the command line attaches it with {@link #attachIfInteractive} so that redirected output keeps
 * the trainer's plain log lines only. The bar's text is refreshed by the progress bar's own
 * thread every {@value #UPDATE_MILLIS} ms; the per-batch hook only counts.
 */
public final class ProgressBarListener implements TrainingListener {
    private static final int UPDATE_MILLIS = 250;

    private ProgressBar bar;
    private double lossSum;
    private int batches;

    /** Adds a progress bar to {@code trainer} when stderr and stdout are an interactive terminal; returns whether it did. */
    public static boolean attachIfInteractive(Trainer trainer) {
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            return false;
        }
        trainer.addListener(new ProgressBarListener());
        return true;
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        bar = new ProgressBarBuilder().setTaskName("epoch " + epoch).setInitialMax(batches).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(UPDATE_MILLIS).showSpeed().setUnit(" batches", 1).build();
        lossSum = 0;
        this.batches = 0;
    }

    @Override
    public void onBatch(int epoch, int batch, float loss) {
        lossSum += loss;
        batches++;
        if (batch % 16 == 0) {
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", lossSum / batches));
        }
        bar.stepTo(batch);
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f, %.0f images/s", metrics.trainingLoss(),
                metrics.imagesPerSecond()));
        bar.close();
        bar = null;
    }

    /** Closes the bar of an epoch that did not finish (a stop request). */
    @Override
    public void onEnd(dev.bnn.train.TrainingResult result) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
