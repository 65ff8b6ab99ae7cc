package dev.bnn.examples;

import dev.bnn.data.DatasetKind;
import dev.bnn.train.layers.BatchNorm;
import dev.bnn.train.layers.BinaryConv2d;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.BinaryLayerBuilder;
import dev.bnn.train.layers.Conv2d;
import dev.bnn.train.layers.Dense;
import dev.bnn.train.layers.Dropout;
import dev.bnn.train.layers.Flatten;
import dev.bnn.train.layers.HardTanh;
import dev.bnn.train.layers.Init;
import dev.bnn.train.layers.MaxPool2d;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.layers.SignActivation;
import dev.bnn.train.quantize.StochasticSign;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The example networks of {@code bnn train --model NAME} and their defaults: the papers' recipes
 * (BinaryConnect, Courbariaux et al. 2015; BNN, Hubara et al. 2016, the Theano code
 * {@code Train-time/mnist.py} and {@code cifar10.py}) where they fit a CPU budget, and the flags
 * that restore the papers' values where they do not.
 *
 * <p>All presets: squared hinge loss on ±1 targets, Adam with BinaryConnect's Glorot learning-rate
 * scale for latent binary weights, latent weights initialised U(-1, 1) (the papers' H = 1; float
 * weights Glorot uniform) and clipped to [-1, 1], batch norm (momentum 0.1,
 * epsilon 1e-4) after every weighted layer (after the max pool where there is one), exponential
 * learning-rate decay from {@code lrStart} to {@code lrEnd} over the run, a real-valued first-layer
 * input (the first layer of a BNN is a BinaryConnect layer; the image is not binarized).
 *
 * <p>Modes: {@code bnn}: binary weights and sign activations, every layer after the first runs the
 * XNOR-popcount kernel; {@code bc}: binary weights (deterministic sign, or stochastic with
 * {@code --stochastic}, then evaluated with the real-valued weights as in the paper's section
 * 2.6), hard-tanh activations; {@code float}: the same architecture in float with
 * hard-tanh activations, the honest baseline.
 */
enum Preset {
    BNN_MLP("bnn-mlp", Mode.BNN, false),
    BC_MLP("bc-mlp", Mode.BC, false),
    FLOAT_MLP("float-mlp", Mode.FLOAT, false),
    BNN_CONVNET("bnn-convnet", Mode.BNN, true),
    BC_CONVNET("bc-convnet", Mode.BC, true),
    FLOAT_CONVNET("float-convnet", Mode.FLOAT, true);

    /** What is binarized. */
    enum Mode { BNN, BC, FLOAT }

    /** MLP defaults: chosen from measured runs on 2 cores (docs/results.md), not the papers' (see {@link #paper}). */
    static final int MLP_EPOCHS = 20;
    static final int MLP_WIDTH = 1024;
    /** ConvNet defaults: a quarter of the paper's width and a budget of epochs that fits about an hour on 2 cores. */
    static final int CONVNET_EPOCHS = 10;
    static final int CONVNET_WIDTH = 32;
    /** The papers' initial latent weights of the binary layers, U(-1, 1) (H = 1), in every preset. */
    static final Init BINARY_INIT = Init.UNIFORM_H1;

    private final String label;
    private final Mode mode;
    private final boolean conv;

    Preset(String label, Mode mode, boolean conv) {
        this.label = label;
        this.mode = mode;
        this.conv = conv;
    }

    /** The name on the command line. */
    String label() {
        return label;
    }

    Mode mode() {
        return mode;
    }

    /** True for the bnn and bc presets; the float ones have no binary layers. */
    boolean hasBinaryLayers() {
        return mode != Mode.FLOAT;
    }

    boolean conv() {
        return conv;
    }

    /** The preset named {@code label}, or an error listing the names. */
    static Preset of(String label) {
        for (Preset p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown model '" + label + "'; known: " + labels());
    }

    static String labels() {
        return Arrays.stream(values()).map(Preset::label).collect(Collectors.joining(", "));
    }

    /**
     * The papers' preprocessing on {@code data}: MNIST and Fashion-MNIST scaled to [-1, 1]; on
     * CIFAR-10 and SVHN, GCN + ZCA for BinaryConnect and the float baseline (BinaryConnect's
     * {@code cifar10.py}), [-1, 1] for BNN (BinaryNet's {@code cifar10.py} and {@code svhn.py}).
     */
    String preprocessing(DatasetKind data) {
        return switch (data) {
            case MNIST, FASHION_MNIST -> RunSpec.SCALE;
            case CIFAR10, SVHN -> mode == Mode.BNN ? RunSpec.SCALE : RunSpec.GCN_ZCA;
        };
    }

    /** The dataset trained when {@code --dataset} is not given. */
    DatasetKind defaultDataset() {
        return conv ? DatasetKind.CIFAR10 : DatasetKind.MNIST;
    }

    /** The papers' settings for this preset on {@code data}, and ours when they differ. */
    record Recipe(int epochs, int width, int batch, double lrStart, double lrEnd, float dropoutIn, float dropoutHidden,
                  int validation) {}

    /** Our defaults on {@code data}. */
    Recipe defaults(DatasetKind data) {
        Recipe p = paper(data);
        if (conv) {
            int width = data == DatasetKind.SVHN ? CONVNET_WIDTH / 2 : CONVNET_WIDTH;
            return new Recipe(CONVNET_EPOCHS, width, p.batch(), p.lrStart(), p.lrEnd(), 0f, 0f, p.validation());
        }
        return new Recipe(MLP_EPOCHS, MLP_WIDTH, p.batch(), p.lrStart(), p.lrEnd(), 0f, 0f, p.validation());
    }

    /**
     * The papers' recipes. BNN MLP (Train-time/mnist.py): 3 x 4096, dropout 0.2 on the input and
     * 0.5 on hidden layers, 1000 epochs, batch 100, Adam from 0.003 to 3e-7. BinaryConnect MLP
     * (the released mnist.py): 3 x 2048 ReLU units, no dropout, 250 epochs, batch 100, Adam from
     * 0.001 to 3e-6 (batch norm momentum 0.15 there; 0.1 here). ConvNets (cifar10.py): 128-128-256-256-512-512
     * channels, 1024-1024 dense, 500 epochs, batch 50, Adam from 0.001 to 3e-7; half width on SVHN
     * (200 epochs in BNN's svhn.py).
     */
    Recipe paper(DatasetKind data) {
        int validation = switch (data) {
            case MNIST, FASHION_MNIST -> 10_000;
            case CIFAR10, SVHN -> 5_000;
        };
        if (conv) {
            boolean svhn = data == DatasetKind.SVHN;
            return new Recipe(svhn ? 200 : 500, svhn ? 64 : 128, 50, 0.001, mode == Mode.BNN ? 3e-7 : 3e-6, 0f, 0f,
                    validation);
        }
        return switch (mode) {
            case BNN -> new Recipe(1000, 4096, 100, 0.003, 3e-7, 0.2f, 0.5f, validation);
            case BC, FLOAT -> new Recipe(250, 2048, 100, 0.001, 3e-6, 0f, 0f, validation);
        };
    }

    /** The flags that turn our defaults into the paper's recipe on {@code data}. */
    String paperFlags(DatasetKind data) {
        Recipe p = paper(data);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "--epochs %d --width %d", p.epochs(), p.width()));
        if (p.dropoutIn() > 0 || p.dropoutHidden() > 0) {
            b.append(String.format(Locale.ROOT, " --dropout-in %s --dropout %s", p.dropoutIn(), p.dropoutHidden()));
        }
        return b.toString();
    }

    /**
     * Builds the network for input samples of shape {@code sample} (H x W x C) and {@code classes}
     * outputs, seeded with {@code seed}.
     *
     * @param width         MLP: units per hidden layer; ConvNet: channels of the first block
     *                      (the blocks have width, 2 width, 4 width channels, the dense layers 8 width units)
     * @param stochastic    BinaryConnect's stochastic binarization of the weights (bc presets only)
     * @param init          the initial latent weights of the binary layers (float layers: Glorot uniform)
     */
    Sequential build(int[] sample, int classes, int width, float dropoutIn, float dropoutHidden, boolean stochastic,
                     Init init, long seed) {
        if (width < 1) {
            throw new IllegalArgumentException("--width must be positive, got " + width);
        }
        if (stochastic && mode != Mode.BC) {
            throw new IllegalArgumentException("--stochastic binarizes the weights of BinaryConnect: it applies to bc-mlp "
                    + "and bc-convnet, not " + label);
        }
        if (!(dropoutIn >= 0 && dropoutIn < 1) || !(dropoutHidden >= 0 && dropoutHidden < 1)) {
            throw new IllegalArgumentException("dropout probabilities must be in [0, 1), got --dropout-in " + dropoutIn
                    + " and --dropout " + dropoutHidden);
        }
        Layers l = new Layers(stochastic, init);
        if (conv) {
            if (sample.length != 3) {
                throw new IllegalArgumentException(label + " needs images (H x W x C), got samples of shape "
                        + Arrays.toString(sample));
            }
            if (dropoutIn > 0) {
                l.add(new Dropout(dropoutIn, 0));
            }
            int channels = sample[2];
            int size = Math.min(sample[0], sample[1]);
            int[] blocks = {width, 2 * width, 4 * width};
            for (int out : blocks) {
                for (int k = 0; k < 2; k++) {
                    l.conv(channels, out);
                    if (k == 1) {
                        if (size < 2) {
                            throw new IllegalArgumentException(label + ": images of " + sample[0] + " x " + sample[1]
                                    + " are too small for three 2 x 2 max pools");
                        }
                        l.add(new MaxPool2d(2));
                        size /= 2;
                    }
                    l.add(new BatchNorm(out));
                    l.activation();
                    if (dropoutHidden > 0) {
                        l.add(new Dropout(dropoutHidden, 0));
                    }
                    channels = out;
                }
            }
            l.add(new Flatten());
            int in = (sample[0] >> 3) * (sample[1] >> 3) * channels;
            for (int k = 0; k < 2; k++) {
                l.dense(in, 8 * width);
                l.add(new BatchNorm(8 * width));
                l.activation();
                if (dropoutHidden > 0) {
                    l.add(new Dropout(dropoutHidden, 0));
                }
                in = 8 * width;
            }
            l.dense(in, classes);
            l.add(new BatchNorm(classes));
        } else {
            l.add(new Flatten());
            if (dropoutIn > 0) {
                l.add(new Dropout(dropoutIn, 0));
            }
            int in = 1;
            for (int d : sample) {
                in *= d;
            }
            for (int k = 0; k < 3; k++) {
                l.dense(in, width);
                l.add(new BatchNorm(width));
                l.activation();
                if (dropoutHidden > 0) {
                    l.add(new Dropout(dropoutHidden, 0));
                }
                in = width;
            }
            l.dense(in, classes);
            l.add(new BatchNorm(classes));
        }
        Sequential net = new Sequential(l.modules);
        net.seed(seed);
        return net;
    }

    /** Appends the layers of this preset's mode. */
    private final class Layers {
        final List<Module> modules = new ArrayList<>();
        final boolean stochastic;
        final Init init;

        Layers(boolean stochastic, Init init) {
            this.stochastic = stochastic;
            this.init = init;
        }

        void add(Module m) {
            modules.add(m);
        }

        /**
         * A dense layer. In BNN mode a layer whose input is a sign activation reads it with the
         * XNOR-popcount kernel; the first layer (real image) and a layer after dropout (whose 0 and
         * ±2 are not ±1) multiply their real input with binary weights, as the Theano code does.
         */
        void dense(int in, int out) {
            if (mode == Mode.FLOAT) {
                modules.add(new Dense(in, out));
                return;
            }
            modules.add(binaryOptions(BinaryDense.builder(in, out)).build());
        }

        /** A 3 x 3 convolution, padding 1 (BNN mode pads the ±1 input with +1: see {@link BinaryConv2d}). */
        void conv(int in, int out) {
            if (mode == Mode.FLOAT) {
                modules.add(new Conv2d(in, out, 3, 1));
                return;
            }
            modules.add(binaryOptions(BinaryConv2d.builder(in, out, 3).padding(1)).build());
        }

        /**
         * The options every binary layer of the preset shares: the initial weights, stochastic
         * weights (tested real-valued, as BinaryConnect's paper does) and BNN mode after a sign.
         */
        private <B extends BinaryLayerBuilder<B>> B binaryOptions(B b) {
            b.init(init);
            if (stochastic) {
                b.weights(new StochasticSign(1f, true));
            }
            return mode == Mode.BNN && lastIsSign() ? b.binaryInput() : b;
        }

        void activation() {
            modules.add(mode == Mode.BNN ? new SignActivation() : new HardTanh());
        }

        /** True when the input of the next layer is ±1: a sign activation, seen through max pools and flattening (which keep ±1). */
        private boolean lastIsSign() {
            for (int i = modules.size() - 1; i >= 0; i--) {
                Module m = modules.get(i);
                if (!(m instanceof MaxPool2d || m instanceof Flatten)) {
                    return m instanceof SignActivation;
                }
            }
            return false;
        }
    }
}
