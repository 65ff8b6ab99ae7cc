package dev.bnn.examples.presets;

import dev.bnn.data.DatasetKind;
import dev.bnn.train.layers.Init;
import dev.bnn.train.recipe.Binarization;
import dev.bnn.train.recipe.NetworkOptions;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The example networks of {@code bnn train --model NAME} and their defaults: the papers' recipes
 * (BinaryConnect, Courbariaux et al. 2015; BNN, Hubara et al. 2016, the Theano code
 * {@code Train-time/mnist.py} and {@code cifar10.py}) where they fit a CPU budget, and the flags
 * that restore the papers' values where they do not.
 *
 * <p>A preset's run trains with a {@link Recipe}: the network of
 * {@link dev.bnn.train.recipe.Architectures}, squared hinge loss, Adam and exponential learning-rate
 * decay, and the papers' preprocessing ({@link #preprocessing}).
 *
 * <p>Modes: {@code bnn}: binary weights and sign activations, every layer after the first runs the
 * XNOR-popcount kernel; {@code bc}: binary weights (deterministic sign, or stochastic with
 * {@code --stochastic}, then evaluated with the real-valued weights as in the paper's section
 * 2.6), hard-tanh activations; {@code float}: the same architecture in float with
 * hard-tanh activations, the honest baseline.
 */
public enum Preset {
    BNN_MLP("bnn-mlp", Binarization.BNN, false),
    BC_MLP("bc-mlp", Binarization.BC, false),
    FLOAT_MLP("float-mlp", Binarization.FLOAT, false),
    BNN_CONVNET("bnn-convnet", Binarization.BNN, true),
    BC_CONVNET("bc-convnet", Binarization.BC, true),
    FLOAT_CONVNET("float-convnet", Binarization.FLOAT, true);

    /** MLP defaults: chosen from measured runs on 2 cores (docs/results.md), not the papers' (see {@link #paper}). */
    public static final int MLP_EPOCHS = 20;
    public static final int MLP_WIDTH = 1024;
    /** The papers' MLPs have three hidden layers. */
    public static final int MLP_HIDDEN_LAYERS = 3;
    /** ConvNet defaults: a quarter of the paper's width and a budget of epochs that fits about an hour on 2 cores. */
    static final int CONVNET_EPOCHS = 10;
    static final int CONVNET_WIDTH = 32;
    /** The papers' initial latent weights of the binary layers, U(-1, 1) (H = 1), in every preset. */
    public static final Init BINARY_INIT = Init.UNIFORM_H1;

    private final String label;
    private final Binarization binarization;
    private final boolean conv;

    Preset(String label, Binarization binarization, boolean conv) {
        this.label = label;
        this.binarization = binarization;
        this.conv = conv;
    }

    /** The name on the command line. */
    public String label() {
        return label;
    }

    public Binarization binarization() {
        return binarization;
    }

    /** True for the bnn and bc presets; the float ones have no binary layers. */
    public boolean hasBinaryLayers() {
        return binarization != Binarization.FLOAT;
    }

    public boolean conv() {
        return conv;
    }

    /** The preset named {@code label}, or an error listing the names. */
    public static Preset of(String label) {
        for (Preset p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown model '" + label + "'; known: " + labels());
    }

    /** The MLP preset of {@code binarization}. */
    public static Preset mlp(Binarization binarization) {
        return Arrays.stream(values()).filter(p -> !p.conv && p.binarization == binarization).findFirst().orElseThrow();
    }

    public static String labels() {
        return Arrays.stream(values()).map(Preset::label).collect(Collectors.joining(", "));
    }

    /**
     * The papers' preprocessing on {@code data}: MNIST and Fashion-MNIST scaled to [-1, 1]; on
     * CIFAR-10 and SVHN, GCN + ZCA for BinaryConnect and the float baseline (BinaryConnect's
     * {@code cifar10.py}), [-1, 1] for BNN (BinaryNet's {@code cifar10.py} and {@code svhn.py}).
     */
    public Preprocessing preprocessing(DatasetKind data) {
        return switch (data) {
            case MNIST, FASHION_MNIST -> Preprocessing.SCALE;
            case CIFAR10, SVHN -> binarization == Binarization.BNN ? Preprocessing.SCALE : Preprocessing.GCN_ZCA;
        };
    }

    /** The dataset trained when {@code --dataset} is not given. */
    public DatasetKind defaultDataset() {
        return conv ? DatasetKind.CIFAR10 : DatasetKind.MNIST;
    }

    /** The papers' settings for this preset on a dataset, or ours where they differ. */
    public record Settings(int epochs, int width, int batch, double lrStart, double lrEnd, float dropoutIn, float dropoutHidden,
                  int validation) {}

    /** Our defaults on {@code data}. */
    public Settings defaults(DatasetKind data) {
        Settings p = paper(data);
        if (conv) {
            int width = data == DatasetKind.SVHN ? CONVNET_WIDTH / 2 : CONVNET_WIDTH;
            return new Settings(CONVNET_EPOCHS, width, p.batch(), p.lrStart(), p.lrEnd(), 0f, 0f, p.validation());
        }
        return new Settings(MLP_EPOCHS, MLP_WIDTH, p.batch(), p.lrStart(), p.lrEnd(), 0f, 0f, p.validation());
    }

    /**
     * The papers' recipes. BNN MLP (Train-time/mnist.py): 3 x 4096, dropout 0.2 on the input and
     * 0.5 on hidden layers, 1000 epochs, batch 100, Adam from 0.003 to 3e-7. BinaryConnect MLP
     * (the released mnist.py): 3 x 2048 ReLU units, no dropout, 250 epochs, batch 100, Adam from
     * 0.001 to 3e-6 (batch norm momentum 0.15 there; 0.1 here). ConvNets (cifar10.py): 128-128-256-256-512-512
     * channels, 1024-1024 dense, 500 epochs, batch 50, Adam from 0.001 to 3e-7; half width on SVHN
     * (200 epochs in BNN's svhn.py).
     */
    public Settings paper(DatasetKind data) {
        int validation = switch (data) {
            case MNIST, FASHION_MNIST -> 10_000;
            case CIFAR10, SVHN -> 5_000;
        };
        if (conv) {
            boolean svhn = data == DatasetKind.SVHN;
            return new Settings(svhn ? 200 : 500, svhn ? 64 : 128, 50, 0.001, binarization == Binarization.BNN ? 3e-7 : 3e-6, 0f, 0f,
                    validation);
        }
        return switch (binarization) {
            case BNN -> new Settings(1000, 4096, 100, 0.003, 3e-7, 0.2f, 0.5f, validation);
            case BC, FLOAT -> new Settings(250, 2048, 100, 0.001, 3e-6, 0f, 0f, validation);
        };
    }

    /** The flags that turn our defaults into the paper's recipe on {@code data}. */
    public String paperFlags(DatasetKind data) {
        Settings p = paper(data);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "--epochs %d --width %d", p.epochs(), p.width()));
        if (p.dropoutIn() > 0 || p.dropoutHidden() > 0) {
            b.append(String.format(Locale.ROOT, " --dropout-in %s --dropout %s", p.dropoutIn(), p.dropoutHidden()));
        }
        return b.toString();
    }

    /** Our defaults on {@code data} at {@code width} (the network seeded 1), as {@code bnn bench train} measures them. */
    public Recipe recipe(DatasetKind data, int width) {
        Settings d = defaults(data);
        return new Recipe(this, NetworkOptions.of(binarization, width), d.lrStart(), d.lrEnd(), preprocessing(data));
    }
}
