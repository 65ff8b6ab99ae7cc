package dev.bnn.examples.presets;

import dev.bnn.data.DatasetKind;
import java.util.Locale;

/** The preset table of {@code bnn train --help}: each preset's defaults, where they depart from the paper, and the flags that restore it. */
public final class Presets {
    private Presets() {}

    /** The footer of {@code bnn train --help}. */
    public static String helpFooter() {
        StringBuilder b = new StringBuilder();
        b.append("%nPresets (--model). All: squared hinge loss, Adam with the Glorot learning-rate scale for binary weights,%n")
                .append("binary weights initialised U(-1, 1) and clipped to [-1, 1], batch norm (momentum 0.1, epsilon 1e-4), exponential learning-rate decay,%n")
                .append("real-valued first-layer input. Defaults depart from the papers in epochs, width and dropout, to fit a%n")
                .append("CPU budget; the flags after 'paper:' restore the paper's recipe.%n");
        for (Preset p : Preset.values()) {
            DatasetKind d = p.defaultDataset();
            Preset.Settings ours = p.defaults(d);
            Preset.Settings paper = p.paper(d);
            b.append(String.format(Locale.ROOT, "%n  %-14s %s%n", p.label(), describe(p)));
            b.append(String.format(Locale.ROOT, "  %-14s %s%n", "", p.conv()
                    ? "ConvNet 2xWC3-MP2-2x2WC3-MP2-2x4WC3-MP2-2x8WFC-10 (the papers: W = 128 on CIFAR-10, 64 on SVHN)"
                    : "MLP 784-3xW-10"));
            b.append(String.format(Locale.ROOT, "  %-14s default on %s: %d epochs, width %d, batch %d, lr %s -> %s, dropout %s / %s%n",
                    "", d.folder(), ours.epochs(), ours.width(), ours.batch(), ours.lrStart(), ours.lrEnd(), ours.dropoutIn(),
                    ours.dropoutHidden()));
            if (p.conv()) {
                b.append(String.format(Locale.ROOT, "  %-14s preprocessing on cifar10 and svhn: %s%n", "", p.preprocessing(d).label()));
            }
            b.append(String.format(Locale.ROOT, "  %-14s paper: %s%n", "", p.paperFlags(d)));
            if (p.conv()) {
                Preset.Settings svhn = p.defaults(DatasetKind.SVHN);
                b.append(String.format(Locale.ROOT, "  %-14s on svhn: width %d (half); paper: %s%n", "",
                        svhn.width(), p.paperFlags(DatasetKind.SVHN)));
            }
        }
        return b.toString().replace("%n", System.lineSeparator());
    }

    private static String describe(Preset p) {
        return switch (p.binarization()) {
            case BNN -> "BNN: binary weights and sign activations (XNOR-popcount after the first layer)";
            case BC -> "BinaryConnect: binary weights (--stochastic: stochastic, tested with the real-valued weights), "
                    + "hard tanh (the paper: ReLU)";
            case FLOAT -> "float: no binarization, hard tanh; the honest baseline";
        };
    }
}
