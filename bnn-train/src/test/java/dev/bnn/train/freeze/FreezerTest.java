package dev.bnn.train.freeze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.infer.InferenceModel;
import dev.bnn.infer.InputScale;
import dev.bnn.infer.ModelSummary;
import dev.bnn.infer.XnorConv;
import dev.bnn.infer.XnorDense;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.TrainingStep;
import dev.bnn.train.layers.BatchNorm;
import dev.bnn.train.layers.BinaryConv2d;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.Flatten;
import dev.bnn.train.layers.MaxPool2d;
import dev.bnn.train.layers.SignActivation;
import dev.bnn.train.loss.SquaredHinge;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.optim.Adam;
import dev.bnn.train.recipe.Architectures;
import dev.bnn.train.recipe.Binarization;
import dev.bnn.train.recipe.NetworkOptions;
import dev.bnn.train.layers.Init;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A frozen network computes what the trained network computes in evaluation mode: identical scores
 * (to the bit) and so identical predictions, for networks trained here on tiny synthetic images.
 */
class FreezerTest {
    private static final float SCALE = 2f / 255f;
    private static final float OFFSET = -1f;

    @TempDir
    Path dir;

    /** Raw pixel images in [0, 255] whose class (of 4) is the brightest quadrant. */
    private static Tensor images(int n, int[] shape, long seed) {
        RandomGenerator rng = Seeds.generator(seed);
        int per = shape[0] * shape[1] * shape[2];
        float[] x = new float[n * per];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(256);
        }
        int[] full = new int[shape.length + 1];
        full[0] = n;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return Tensor.wrap(x, full);
    }

    private static int[] labels(Tensor raw) {
        int n = raw.dim(0);
        int h = raw.dim(1), w = raw.dim(2), c = raw.dim(3);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            float[] q = new float[4];
            for (int r = 0; r < h; r++) {
                for (int s = 0; s < w; s++) {
                    for (int k = 0; k < c; k++) {
                        q[(r < h / 2 ? 0 : 2) + (s < w / 2 ? 0 : 1)] += raw.get(i, r, s, k);
                    }
                }
            }
            int best = 0;
            for (int k = 1; k < 4; k++) {
                best = q[k] > q[best] ? k : best;
            }
            y[i] = best;
        }
        return y;
    }

    private static Tensor preprocess(Tensor raw) {
        Tensor t = raw.copy();
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = SCALE * d[i] + OFFSET;
        }
        return t;
    }

    /** A few Adam steps on the synthetic task, so that weights and batch-norm statistics are not the initial ones. */
    private static void train(Sequential net, Tensor raw, int[] labels) {
        Tensor x = preprocess(raw);
        TrainingStep step = new TrainingStep(net, new SquaredHinge(), new Adam(0.01));
        int n = raw.dim(0);
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int from = 0; from + 50 <= n; from += 50) {
                int[] y = java.util.Arrays.copyOfRange(labels, from, from + 50);
                step.computeGradients(x.slice(from, from + 50), y);
                step.applyUpdate();
            }
        }
    }

    /** Freezes {@code net} behind the pixel scaling and checks scores and predictions on fresh images. */
    private InferenceModel assertFrozenIsExact(Sequential net, int[] shape) throws Exception {
        Tensor raw = images(300, shape, 7);
        train(net, raw, labels(raw));
        net.eval();
        Tensor test = images(257, shape, 8); // not a multiple of the chunk: a partial last chunk
        Tensor expected = net.forward(preprocess(test)).copy();
        try (Parallelism two = Parallelism.threads(2)) {
            InferenceModel frozen = Freezer.freeze(net, shape, List.of(new InputScale(shape, SCALE, OFFSET)), Map.of(), two);
            assertArrayEquals(expected.data(), frozen.scores(test).data(), "frozen scores equal the network's");
            int[] classes = new int[test.dim(0)];
            dev.bnn.core.TensorOps.argmaxRows(expected, classes);
            assertArrayEquals(classes, frozen.predict(test));

            Path file = dir.resolve("m.frozen.safetensors");
            long header = frozen.save(file);
            ModelSummary summary = frozen.summary();
            assertEquals(Files.size(file), header + summary.totalBytes(), "file = header + the summary's total, exactly");
            try (InferenceModel loaded = InferenceModel.load(file, 1)) {
                assertArrayEquals(expected.data(), loaded.scores(test).data(), "the loaded file scores the same");
                assertEquals(summary.totalBytes(), loaded.summary().totalBytes());
                assertEquals(header, loaded.summary().headerBytes());
            }
            return frozen;
        }
    }

    @Test
    void aBnnMlpFreezesToXnorLayersWithIdenticalScores() throws Exception {
        int[] shape = {8, 8, 1};
        Sequential net = Architectures.mlp(NetworkOptions.of(Binarization.BNN, 96), 3, shape, 4);
        InferenceModel m = assertFrozenIsExact(net, shape);
        long xnor = m.layers().stream().filter(l -> l instanceof XnorDense).count();
        assertEquals(3, xnor, "two hidden layers and the output layer run XNOR-popcount: " + m.layers());
        assertTrue(m.summary().compression() > 14, m.summary().toString()); // tiny layers: per-unit thresholds weigh
    }

    /** The input rotation before the first binary layer freezes as a float layer of weights R: still identical. */
    @Test
    void aBnnMlpWithARotatedInputFreezesWithIdenticalScores() throws Exception {
        int[] shape = {8, 8, 1};
        Sequential net = Architectures.mlp(NetworkOptions.of(Binarization.BNN, 64).withInputRotation(), 2, shape, 4);
        assertFrozenIsExact(net, shape);
    }

    @Test
    void aBinaryConnectMlpFreezesWithIdenticalScores() throws Exception {
        int[] shape = {8, 8, 1};
        assertFrozenIsExact(Architectures.mlp(NetworkOptions.of(Binarization.BC, 64), 2, shape, 4), shape);
    }

    @Test
    void aFloatMlpFreezesWithIdenticalScores() throws Exception {
        int[] shape = {8, 8, 1};
        assertFrozenIsExact(Architectures.mlp(NetworkOptions.of(Binarization.FLOAT, 32), 1, shape, 4), shape);
    }

    @Test
    void aBnnConvNetFreezesWithPoolingOnBitsAndIdenticalScores() throws Exception {
        int[] shape = {8, 8, 3};
        Sequential net = Architectures.convNet(NetworkOptions.of(Binarization.BNN, 4), shape, 4);
        InferenceModel m = assertFrozenIsExact(net, shape);
        assertEquals(5, m.layers().stream().filter(l -> l instanceof XnorConv).count(), m.layers().toString());
    }

    @Test
    void aBinaryConnectConvNetFreezesWithIdenticalScores() throws Exception {
        int[] shape = {8, 8, 3};
        assertFrozenIsExact(Architectures.convNet(NetworkOptions.of(Binarization.BC, 4), shape, 4), shape);
    }

    /**
     * Zero padding by correction, negative and zero gamma (flipped and constant thresholds, pooled
     * by OR), layers without bias, batch norm with shift-based powers of two.
     */
    @Test
    void awkwardFoldsStayExact() throws Exception {
        int[] shape = {8, 8, 2};
        Sequential net = new Sequential(
                BinaryConv2d.builder(2, 70, 3).padding(1).init(Init.UNIFORM_H1).build(), new BatchNorm(70), new SignActivation(),
                BinaryConv2d.builder(70, 66, 3).padding(1).binaryInput().zeroPadding().init(Init.UNIFORM_H1).build(),
                new MaxPool2d(2), new BatchNorm(66), new SignActivation(),
                BinaryConv2d.builder(66, 65, 3).padding(1).binaryInput().bias(false).init(Init.UNIFORM_H1).build(),
                new MaxPool2d(2), BatchNorm.shiftBased(65), new SignActivation(), new Flatten(),
                BinaryDense.builder(4 * 65, 4).binaryInput().init(Init.UNIFORM_H1).build(), new BatchNorm(4));
        net.reset(3);
        Tensor raw = images(300, shape, 7);
        train(net, raw, labels(raw));
        // Negative and zero gammas on the convolutions' batch norms.
        for (int k : new int[] {1, 5}) {
            Parameter gamma = ((BatchNorm) net.layers().get(k)).parameters().get(0);
            float[] g = gamma.value().data();
            for (int j = 0; j < g.length; j += 3) {
                g[j] = -Math.abs(g[j]);
            }
            g[1] = 0f;
            gamma.markChanged();
        }
        assertFrozenIsExact(net, shape);
    }

    @Test
    void stochasticBinaryConnectIsRefusedNamingTheLayer() {
        int[] shape = {8, 8, 1};
        NetworkOptions o = new NetworkOptions(Binarization.BC, 16, Init.UNIFORM_H1, true, 0f, 0f, 1);
        Sequential net = Architectures.mlp(o, 1, shape, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Freezer.layers(net, shape));
        assertTrue(e.getMessage().startsWith("layer 1 BinaryDense(64 -> 16") && e.getMessage().contains("stochastic"),
                e.getMessage());
    }

    @Test
    void aLayerWithoutAFrozenFormIsRefused() {
        Sequential net = new Sequential(new Flatten(), new Sequential(new BinaryDense(64, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Freezer.layers(net, new int[] {8, 8, 1}));
        assertTrue(e.getMessage().startsWith("layer 1 Sequential") && e.getMessage().contains("no frozen form"), e.getMessage());
    }
}
