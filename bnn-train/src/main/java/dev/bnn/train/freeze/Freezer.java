package dev.bnn.train.freeze;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.infer.Clip;
import dev.bnn.infer.Flatten;
import dev.bnn.infer.FrozenLayer;
import dev.bnn.infer.InferenceModel;
import dev.bnn.infer.MaxPool;
import dev.bnn.infer.Normalize;
import dev.bnn.infer.Precision;
import dev.bnn.infer.RealInputConv;
import dev.bnn.infer.RealInputDense;
import dev.bnn.infer.SignBits;
import dev.bnn.infer.UnpackBits;
import dev.bnn.infer.XnorConv;
import dev.bnn.infer.XnorDense;
import dev.bnn.kernels.BitPacking;
import dev.bnn.kernels.Parallelism;
import dev.bnn.kernels.SignThresholds;
import dev.bnn.train.layers.BatchNorm;
import dev.bnn.train.layers.BinaryConv2d;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.Conv2d;
import dev.bnn.train.layers.Dense;
import dev.bnn.train.layers.Dropout;
import dev.bnn.train.layers.HardTanh;
import dev.bnn.train.layers.MaxPool2d;
import dev.bnn.train.layers.PaddingMode;
import dev.bnn.train.layers.RandomRotation;
import dev.bnn.train.layers.SignActivation;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.quantize.Quantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Freezes a trained {@link Sequential} into the layers of an {@link InferenceModel} that computes
 * exactly what the network computes in evaluation mode (same scores, to the bit), with the binary
 * weights packed once:
 * <ul>
 *   <li>a binary layer on ±1 input followed by [max pool,] [batch norm,] sign becomes one
 *       {@link XnorDense} / {@link XnorConv} with bits out: bias, batch norm and sign fold into one
 *       integer threshold per unit ({@link SignThresholds#fold(float[], float[], float[], float[], float[])},
 *       found by searching the float expression the layers evaluate, so even rounding at the
 *       boundary agrees), max pooling runs on the sign bits, zero padding is corrected by a table
 *       computed here;</li>
 *   <li>a binary layer on ±1 input without a sign after it (the output layer) gives float
 *       (float) dot + bias, and its batch norm follows in float ({@link Normalize});</li>
 *   <li>layers on real input (the first layer, BinaryConnect's hidden layers) run the training
 *       layers' kernels on the same floats: ±1 weights as bits through the BinaryConnect product,
 *       float weights through the float GEMM; batch norm, hard tanh and max pooling in float; a
 *       sign packs to bits;</li>
 *   <li>dropout is the identity in evaluation mode and disappears.</li>
 * </ul>
 * A layer with no exact frozen form is refused with an {@link IllegalArgumentException} that names
 * it and says why: stochastic binarization (evaluated with the real-valued weights: a frozen model
 * of it would be a float model, no smaller and no faster, so it is refused), quantizers that are
 * not ±1 signs, or a layer type without a frozen form.
 */
public final class Freezer {
    private Freezer() {}

    /**
     * The model of {@code network} for samples of {@code sampleShape}, after the {@code input}
     * layers (e.g. the stored preprocessing, or none), on {@code parallelism} (still owned by the
     * caller).
     *
     * @throws IllegalArgumentException if a layer cannot be frozen exactly (naming it)
     */
    public static InferenceModel freeze(Sequential network, int[] sampleShape, List<FrozenLayer> input,
                                        Map<String, String> metadata, Parallelism parallelism) {
        List<FrozenLayer> all = new ArrayList<>(input);
        all.addAll(layers(network, sampleShape));
        return InferenceModel.of(all, metadata, parallelism);
    }

    /** The frozen layers of {@code network} for samples of {@code sampleShape}, ending in float scores. */
    public static List<FrozenLayer> layers(Sequential network, int[] sampleShape) {
        return new Walk(network.layers(), sampleShape).run();
    }

    /** One pass over the training layers, tracking the precision and shape of the activation. */
    private static final class Walk {
        private final List<Module> modules;
        private final List<FrozenLayer> out = new ArrayList<>();
        private Precision precision = Precision.FLOAT;
        private int[] shape;

        Walk(List<Module> modules, int[] sampleShape) {
            this.modules = modules;
            this.shape = sampleShape.clone();
        }

        List<FrozenLayer> run() {
            int i = 0;
            while (i < modules.size()) {
                i = step(i);
            }
            if (precision == Precision.BITS) {
                add(new UnpackBits(shape));
            }
            if (shape.length != 1) {
                throw new IllegalArgumentException("the network ends in samples of shape " + ShapeMismatchException.format(shape)
                        + ", not a vector of class scores");
            }
            return out;
        }

        private void add(FrozenLayer l) {
            out.add(l);
            precision = l.outputPrecision();
            shape = l.outputShape();
        }

        /** Freezes the module at {@code i} (with what it folds in) and returns the index of the next one. */
        private int step(int i) {
            Module m = modules.get(i);
            switch (m) {
                case Dropout d -> {
                    return i + 1; // the identity in evaluation mode
                }
                case dev.bnn.train.layers.Flatten f -> {
                    if (shape.length == 3) {
                        add(new Flatten(shape, precision));
                    }
                    return i + 1;
                }
                case HardTanh h -> {
                    if (precision == Precision.FLOAT) { // on ±1 values: the identity
                        add(new Clip(shape));
                    }
                    return i + 1;
                }
                case SignActivation s -> {
                    requireSign(i, m, s.quantizer(), "activation");
                    if (precision == Precision.FLOAT) { // on ±1 values: the identity
                        add(new SignBits(shape));
                    }
                    return i + 1;
                }
                case MaxPool2d p -> {
                    requireImage(i, m);
                    add(new MaxPool(shape, p.window(), p.stride(), precision));
                    return i + 1;
                }
                case BatchNorm b -> {
                    floats();
                    BatchNorm.Evaluation e = b.statistics().evaluation();
                    add(new Normalize(shape, e.invStd(), e.shift(), e.gamma(), e.beta()));
                    return i + 1;
                }
                case RandomRotation r -> {
                    floats(); // y = R x: a float layer of weights R, the training layer's product
                    add(new RealInputDense(r.rotation(), null));
                    return i + 1;
                }
                case Dense d -> {
                    floats();
                    add(new RealInputDense(d.weight().value(), bias(d.bias())));
                    return i + 1;
                }
                case Conv2d c -> {
                    requireImage(i, m);
                    floats();
                    add(new RealInputConv(shape, c.kernel(), c.stride(), c.padding(), c.weight().value(), null, bias(c.bias())));
                    return i + 1;
                }
                case BinaryDense d -> {
                    requireSign(i, m, d.weightQuantizer(), "weights");
                    BitMatrix w = BitPacking.packSigns(d.weight().value());
                    if (precision == Precision.FLOAT) {
                        add(new RealInputDense(w, bias(d.bias())));
                        return i + 1;
                    }
                    Tail t = tail(i + 1, false);
                    if (t == null) {
                        add(new XnorDense(w, bias(d.bias())));
                        return i + 1;
                    }
                    add(new XnorDense(w, t.thresholds(d.bias(), d.outFeatures())));
                    return t.next();
                }
                case BinaryConv2d c -> {
                    requireSign(i, m, c.weightQuantizer(), "weights");
                    requireImage(i, m);
                    BitMatrix w = BitPacking.packSigns(c.weight().value());
                    if (precision == Precision.FLOAT) {
                        add(new RealInputConv(shape, c.kernel(), c.stride(), c.padding(), null, w, bias(c.bias())));
                        return i + 1;
                    }
                    Tail t = tail(i + 1, true);
                    if (t == null) {
                        throw refuse(i, m, "a binary convolution on ±1 input is frozen only when [MaxPool2d,] [BatchNorm,] "
                                + "SignActivation follow it (its output stays packed)");
                    }
                    add(new XnorConv(shape, c.kernel(), c.stride(), c.padding(), w, t.thresholds(c.bias(), c.outChannels()),
                            c.paddingMode() == PaddingMode.ZERO, t.pool() == null ? 0 : t.pool().window(),
                            t.pool() == null ? 0 : t.pool().stride()));
                    return t.next();
                }
                default -> throw refuse(i, m, "it has no frozen form (frozen: Dense, Conv2d, BinaryDense, BinaryConv2d, "
                        + "BatchNorm, SignActivation, HardTanh, MaxPool2d, Flatten, Dropout, RandomRotation)");
            }
        }

        /** What follows a binary layer on ±1 input and folds into its thresholds; null when no sign follows. */
        private record Tail(MaxPool2d pool, BatchNorm batchNorm, int next) {
            SignThresholds thresholds(Parameter bias, int n) {
                float[] b = bias == null ? null : bias.value().data();
                if (batchNorm == null) {
                    return SignThresholds.fold(b, ones(n), new float[n], ones(n), new float[n]);
                }
                BatchNorm.Evaluation e = batchNorm.statistics().evaluation();
                return SignThresholds.fold(b, e.invStd(), e.shift(), e.gamma(), e.beta());
            }
        }

        private Tail tail(int from, boolean image) {
            int j = skipDropout(from);
            MaxPool2d pool = null;
            if (image && j < modules.size() && modules.get(j) instanceof MaxPool2d p) {
                pool = p;
                j = skipDropout(j + 1);
            }
            BatchNorm bn = null;
            if (j < modules.size() && modules.get(j) instanceof BatchNorm b) {
                bn = b;
                j = skipDropout(j + 1);
            }
            if (j < modules.size() && modules.get(j) instanceof SignActivation s) {
                requireSign(j, s, s.quantizer(), "activation");
                return new Tail(pool, bn, j + 1);
            }
            return null;
        }

        private int skipDropout(int j) {
            while (j < modules.size() && modules.get(j) instanceof Dropout) {
                j++;
            }
            return j;
        }

        /** Floats for a layer that reads real values: ±1 bits are unpacked (only off the presets' paths). */
        private void floats() {
            if (precision == Precision.BITS) {
                add(new UnpackBits(shape));
            }
        }

        private void requireImage(int i, Module m) {
            if (shape.length != 3) {
                throw refuse(i, m, "it needs images but receives samples of shape " + ShapeMismatchException.format(shape));
            }
        }

        private static void requireSign(int i, Module m, Quantizer q, String what) {
            if (q.isStochastic() || q.evaluatesLatent()) {
                throw refuse(i, m, "its " + what + " are binarized stochastically (" + q
                        + "), and evaluation uses the real-valued weights: a frozen model of it would be a float model, no "
                        + "smaller and no faster, so freezing refuses it; train with deterministic binarization to deploy");
            }
            if (q.bits() != 1 || !q.isSign()) {
                throw refuse(i, m, "its " + what + " quantizer " + q + " is not a ±1 sign (" + q.bits()
                        + " bits); freezing packs ±1 values only");
            }
        }

        private static IllegalArgumentException refuse(int i, Module m, String why) {
            return new IllegalArgumentException("layer " + i + " " + m + " cannot be frozen: " + why);
        }
    }

    private static Tensor bias(Parameter bias) {
        return bias == null ? null : bias.value();
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }
}
