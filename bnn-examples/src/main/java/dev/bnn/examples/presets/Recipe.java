package dev.bnn.examples.presets;

import dev.bnn.train.loss.Loss;
import dev.bnn.train.loss.SquaredHinge;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.optim.Adam;
import dev.bnn.train.optim.LearningRateSchedule;
import dev.bnn.train.optim.Optimizer;
import dev.bnn.train.recipe.Architectures;
import dev.bnn.train.recipe.NetworkOptions;

/**
 * Everything a preset decides about training, in one object: the architecture (the preset's MLP or
 * ConvNet with {@code network}'s options), the loss (squared hinge on ±1 targets), the optimizer
 * (Adam from {@code lrStart}, with BinaryConnect's Glorot learning-rate scale for latent binary
 * weights), the schedule (exponential decay to {@code lrEnd} over the run) and the data
 * preprocessing. {@code bnn train} and {@code bnn bench train} train with it.
 */
public record Recipe(Preset preset, NetworkOptions network, double lrStart, double lrEnd, Preprocessing preprocessing) {
    public Recipe {
        if (network.binarization() != preset.binarization()) {
            throw new IllegalArgumentException(preset.label() + " is " + preset.binarization() + ", not "
                    + network.binarization());
        }
        if (!(lrStart > 0) || !(lrEnd > 0) || Double.isInfinite(lrStart) || Double.isInfinite(lrEnd)) {
            throw new IllegalArgumentException("--lr-start and --lr-end must be positive, got " + lrStart + " and " + lrEnd);
        }
    }

    /** The network for samples of shape {@code sample} (H x W x C) and {@code classes} outputs, seeded. */
    public Sequential build(int[] sample, int classes) {
        return preset.conv() ? Architectures.convNet(network, sample, classes)
                : Architectures.mlp(network, Preset.MLP_HIDDEN_LAYERS, sample, classes);
    }

    public Loss loss() {
        return new SquaredHinge();
    }

    public Optimizer optimizer() {
        return new Adam(lrStart);
    }

    /** Exponential decay from 1 to {@code lrEnd / lrStart} over the run's epochs. */
    public LearningRateSchedule schedule() {
        return LearningRateSchedule.exponential(lrEnd / lrStart);
    }
}
