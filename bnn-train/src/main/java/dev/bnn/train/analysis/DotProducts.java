package dev.bnn.train.analysis;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.BitPacking;
import dev.bnn.kernels.ConvGeometry;
import dev.bnn.kernels.Im2col;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.layers.BinaryConv2d;
import dev.bnn.train.layers.PaddingMode;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * How well the dot products a binary layer computes track the continuous ones (Anderson and Berg
 * 2018, section 4): for an input activation a of a binary layer and a unit's latent weight w, the
 * three products w . a (continuous), sign(w) . a (weights binarized) and sign(w) . sign(a)
 * (activations binarized too). Per layer: the Pearson correlation and the least-squares slope of
 * sign(w) . a on w . a, and of sign(w) . sign(a) on sign(w) . a, over sampled (input row, unit)
 * pairs, with points for scatter plots.
 *
 * <p>What the figures show: the network runs in evaluation mode exactly as trained (every binary
 * layer with its binarized weights, BNN activations signed), and the activations a are read at the
 * input of each binary layer, i.e. after the previous layer's sign (BNN) or hard tanh
 * (BinaryConnect); the first layer's a is the preprocessed image. A convolution's rows are its
 * patches (one per output position), padded as the layer pads: with +1 for a BNN convolution on
 * ±1 input, else with 0. sign(0) = +1.
 */
public final class DotProducts {
    private DotProducts() {}

    /**
     * One binary layer.
     *
     * @param index           its index in the network
     * @param layer           its description
     * @param dimension       d, the fan-in
     * @param pairs           (row, unit) pairs measured
     * @param weightsR        Pearson r of sign(w) . a against w . a
     * @param weightsSlope    least-squares slope of sign(w) . a on w . a
     * @param activationsR    Pearson r of sign(w) . sign(a) against sign(w) . a
     * @param activationsSlope its slope
     * @param points          up to {@code plotPoints} sampled triples {w . a, sign(w) . a, sign(w) . sign(a)}
     */
    public record Layer(int index, String layer, int dimension, int pairs, double weightsR, double weightsSlope,
                        double activationsR, double activationsSlope, double[][] points) {}

    /**
     * Runs {@code network} in evaluation mode on {@code inputs} (preprocessed) and measures every
     * binary layer on {@code pairs} seeded (row, unit) pairs, keeping {@code plotPoints} of them.
     *
     * @throws IllegalArgumentException if the network has no binary layer
     */
    public static List<Layer> of(Sequential network, Tensor inputs, int pairs, int plotPoints, long seed) {
        boolean training = network.isTraining();
        network.eval();
        List<Layer> out = new ArrayList<>();
        try {
            Tensor x = inputs;
            List<Module> layers = network.layers();
            for (int i = 0; i < layers.size(); i++) {
                Module m = layers.get(i);
                Tensor w = Angles.latentWeight(m);
                if (w != null) {
                    out.add(measure(i, m, w, rows(m, x), pairs, plotPoints, Seeds.mix(seed, i)));
                }
                x = m.forward(x);
            }
        } finally {
            if (training) {
                network.train();
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the network has no binary layer (BinaryDense or BinaryConv2d): nothing to measure");
        }
        return out;
    }

    /** The layer's input as rows of d values: the samples of a dense layer, the zero-padded patches of a convolution. */
    private static Tensor rows(Module m, Tensor x) {
        if (!(m instanceof BinaryConv2d c)) {
            return x.reshape(x.dim(0), -1);
        }
        ConvGeometry g = new ConvGeometry(x.dim(1), x.dim(2), c.inChannels(), c.kernel(), c.kernel(), c.stride(), c.padding());
        int rows = x.dim(0) * g.outPositions();
        try (Parallelism single = Parallelism.singleThread()) {
            Im2col im2col = new Im2col(single);
            if (c.paddingMode() == PaddingMode.PLUS_ONE) {
                // a BNN convolution pads its ±1 input with +1: its patches as it computes them
                BitMatrix pixels = BitPacking.packSigns(x.reshape(-1, c.inChannels()));
                BitMatrix patchBits = new BitMatrix(rows, g.patchSize());
                im2col.patches(pixels, x.dim(0), g, patchBits);
                return patchBits.unpack();
            }
            Tensor patches = Tensor.zeros(rows, g.patchSize());
            im2col.patches(x, g, patches);
            return patches;
        }
    }

    private static Layer measure(int index, Module m, Tensor w, Tensor a, int pairs, int plotPoints, long seed) {
        int d = w.dim(1);
        int units = w.dim(0);
        int rows = a.dim(0);
        int n = (int) Math.min(pairs, (long) rows * units);
        RandomGenerator rng = Seeds.generator(seed);
        SimpleRegression weights = new SimpleRegression();
        SimpleRegression activations = new SimpleRegression();
        double[][] points = new double[Math.min(n, plotPoints)][];
        float[] wd = w.data();
        float[] ad = a.data();
        for (int k = 0; k < n; k++) {
            int r = rng.nextInt(rows);
            int j = rng.nextInt(units);
            double continuous = 0;
            double binaryWeights = 0;
            double binaryBoth = 0;
            for (int p = 0; p < d; p++) {
                float wv = wd[w.offset() + j * d + p];
                float av = ad[a.offset() + r * d + p];
                double sw = wv < 0 ? -1 : 1;
                continuous += (double) wv * av;
                binaryWeights += sw * av;
                binaryBoth += sw * (av < 0 ? -1 : 1);
            }
            weights.addData(continuous, binaryWeights);
            activations.addData(binaryWeights, binaryBoth);
            if (k < points.length) {
                points[k] = new double[] {continuous, binaryWeights, binaryBoth};
            }
        }
        return new Layer(index, m.toString(), d, n, weights.getR(), weights.getSlope(), activations.getR(),
                activations.getSlope(), points);
    }
}
