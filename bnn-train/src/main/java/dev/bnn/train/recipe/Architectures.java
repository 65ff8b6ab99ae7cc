package dev.bnn.train.recipe;

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
import dev.bnn.train.layers.RandomRotation;
import dev.bnn.train.layers.SignActivation;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.quantize.StochasticSign;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The papers' networks (BinaryConnect, Courbariaux et al. 2015; BNN, Hubara et al. 2016, the
 * Theano code {@code Train-time/mnist.py} and {@code cifar10.py}): batch norm (momentum 0.1,
 * epsilon 1e-4) after every weighted layer (after the max pool where there is one), a real-valued
 * first-layer input (the first layer of a BNN is a BinaryConnect layer; the image is not binarized),
 * dropout where {@link NetworkOptions} asks for it.
 */
public final class Architectures {
    private Architectures() {}

    /**
     * The MLP {@code in - hiddenLayers x width - classes} for samples of shape {@code sample}
     * (flattened), batch norm and the mode's activation after every hidden layer (the papers: 3
     * hidden layers).
     */
    public static Sequential mlp(NetworkOptions o, int hiddenLayers, int[] sample, int classes) {
        if (hiddenLayers < 1) {
            throw new IllegalArgumentException("an MLP needs at least one hidden layer, got " + hiddenLayers);
        }
        Layers l = new Layers(o);
        l.add(new Flatten());
        if (o.dropoutIn() > 0) {
            l.add(new Dropout(o.dropoutIn(), 0));
        }
        int in = 1;
        for (int d : sample) {
            in *= d;
        }
        if (o.rotateInput()) {
            l.add(new RandomRotation(in, o.seed()));
        }
        for (int k = 0; k < hiddenLayers; k++) {
            l.dense(in, o.width());
            l.hidden(o.width());
            in = o.width();
        }
        return l.output(in, classes);
    }

    /**
     * The papers' ConvNet for images of shape {@code sample} (H x W x C): three blocks of two 3 x 3
     * convolutions (padding 1) with width, 2 width and 4 width channels, each block ending in a
     * 2 x 2 max pool, then two dense layers of 8 width units (the papers: width 128 on CIFAR-10, 64 on SVHN).
     */
    public static Sequential convNet(NetworkOptions o, int[] sample, int classes) {
        if (sample.length != 3) {
            throw new IllegalArgumentException("a ConvNet needs images (H x W x C), got samples of shape "
                    + Arrays.toString(sample));
        }
        if (o.rotateInput()) {
            throw new IllegalArgumentException("the input rotation is an MLP option (a rotation of whole images, not of patches)");
        }
        if (Math.min(sample[0], sample[1]) < 8) {
            throw new IllegalArgumentException("images of " + sample[0] + " x " + sample[1]
                    + " are too small for three 2 x 2 max pools");
        }
        Layers l = new Layers(o);
        if (o.dropoutIn() > 0) {
            l.add(new Dropout(o.dropoutIn(), 0));
        }
        int channels = sample[2];
        for (int out : new int[] {o.width(), 2 * o.width(), 4 * o.width()}) {
            l.conv(channels, out);
            l.hidden(out);
            l.conv(out, out);
            l.add(new MaxPool2d(2));
            l.hidden(out);
            channels = out;
        }
        l.add(new Flatten());
        int in = (sample[0] >> 3) * (sample[1] >> 3) * channels;
        for (int k = 0; k < 2; k++) {
            l.dense(in, 8 * o.width());
            l.hidden(8 * o.width());
            in = 8 * o.width();
        }
        return l.output(in, classes);
    }

    /**
     * One dense layer of the mode, seeded with {@code o.seed()}: float {@link Dense}, or a
     * {@link BinaryDense} with the options' initial weights and binarization. In BNN mode a layer
     * whose input is ±1 ({@code signInput}: after a sign activation) reads it with the
     * XNOR-popcount kernel; the first layer (real image) and a layer after dropout (whose 0 and ±2
     * are not ±1) multiply their real input with binary weights, as the Theano code does.
     */
    public static Module dense(NetworkOptions o, int in, int out, boolean signInput) {
        if (o.binarization() == Binarization.FLOAT) {
            return new Dense(in, out, true, Init.GLOROT_UNIFORM, o.seed());
        }
        return binary(o, BinaryDense.builder(in, out), signInput).build();
    }

    /** A 3 x 3 convolution, padding 1 (BNN mode pads the ±1 input with +1: see {@link BinaryConv2d}). */
    private static Module conv(NetworkOptions o, int in, int out, boolean signInput) {
        if (o.binarization() == Binarization.FLOAT) {
            return new Conv2d(in, out, 3, 1, 1, true, Init.GLOROT_UNIFORM, o.seed());
        }
        return binary(o, BinaryConv2d.builder(in, out, 3).padding(1), signInput).build();
    }

    /**
     * The options every binary layer shares: the initial weights, stochastic weights (tested
     * real-valued, as BinaryConnect's paper does), the seed, and BNN mode after a sign.
     */
    private static <B extends BinaryLayerBuilder<B>> B binary(NetworkOptions o, B b, boolean signInput) {
        b.init(o.init()).seed(o.seed());
        if (o.stochastic()) {
            b.weights(new StochasticSign(1f, true));
        }
        return o.binarization() == Binarization.BNN && signInput ? b.binaryInput() : b;
    }

    /** Appends the layers of one network. */
    private static final class Layers {
        final List<Module> modules = new ArrayList<>();
        final NetworkOptions o;

        Layers(NetworkOptions o) {
            this.o = o;
        }

        void add(Module m) {
            modules.add(m);
        }

        void dense(int in, int out) {
            add(Architectures.dense(o, in, out, lastIsSign()));
        }

        void conv(int in, int out) {
            add(Architectures.conv(o, in, out, lastIsSign()));
        }

        /** After a hidden weighted layer: batch norm, the mode's activation, dropout if asked for. */
        void hidden(int features) {
            add(new BatchNorm(features));
            add(o.binarization() == Binarization.BNN ? new SignActivation() : new HardTanh());
            if (o.dropoutHidden() > 0) {
                add(new Dropout(o.dropoutHidden(), 0));
            }
        }

        /** The output layer and its batch norm; the network, seeded. */
        Sequential output(int in, int classes) {
            dense(in, classes);
            add(new BatchNorm(classes));
            Sequential net = new Sequential(modules);
            net.reset(o.seed());
            return net;
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
