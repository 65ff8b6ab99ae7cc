package dev.bnn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.infer.BitPlaneDense;
import dev.bnn.infer.FrozenLayer;
import dev.bnn.infer.InferenceModel;
import dev.bnn.infer.InputScale;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.TrainingStep;
import dev.bnn.train.freeze.Freezer;
import dev.bnn.train.layers.BatchNorm;
import dev.bnn.train.layers.BinaryConv2d;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.Flatten;
import dev.bnn.train.layers.Init;
import dev.bnn.train.layers.MaxPool2d;
import dev.bnn.train.layers.SignActivation;
import dev.bnn.train.loss.SquaredHinge;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.optim.Adam;
import dev.bnn.train.recipe.Architectures;
import dev.bnn.train.recipe.Binarization;
import dev.bnn.train.recipe.NetworkOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deploy_reader.py, the numpy reference of docs/deploy-format.md, run on frozen files of
 * briefly trained networks: its predictions against {@link InferenceModel#predict}. Its integer
 * layers are exact; its float first layer adds in another order than the Java kernel, so there the
 * agreement is measured (and printed). Skipped without python3 and numpy.
 */
class DeployReaderTest {
    private static final int IMAGES = 400;

    @TempDir
    Path dir;

    @Test
    void readerRunsAFrozenMnistMlpAndItsBitPlaneForm() throws Exception {
        int[] shape = {28, 28, 1};
        Sequential net = Architectures.mlp(NetworkOptions.of(Binarization.BNN, 64), 3, shape, 10);
        List<FrozenLayer> layers = frozen(net, shape);
        check(layers, shape, 0.99, false);
        check(BitPlaneDense.replaceFirstLayers(layers), shape, 1.0, true);
    }

    @Test
    void readerRunsAFrozenConvNet() throws Exception {
        int[] shape = {8, 8, 3};
        check(frozen(Architectures.convNet(NetworkOptions.of(Binarization.BNN, 4), shape, 10), shape), shape, 0.99, false);
    }

    /** Zero padding by correction, pooling with negative and zero gamma, a layer without bias. */
    @Test
    void readerRunsTheAwkwardFolds() throws Exception {
        int[] shape = {8, 8, 2};
        Sequential net = new Sequential(
                BinaryConv2d.builder(2, 16, 3).padding(1).init(Init.UNIFORM_H1).build(), new BatchNorm(16), new SignActivation(),
                BinaryConv2d.builder(16, 70, 3).padding(1).binaryInput().zeroPadding().bias(false).init(Init.UNIFORM_H1).build(),
                new MaxPool2d(2), new BatchNorm(70), new SignActivation(), new Flatten(),
                BinaryDense.builder(16 * 70, 10).binaryInput().init(Init.UNIFORM_H1).build(), new BatchNorm(10));
        net.reset(5);
        List<FrozenLayer> layers = trainedAndFrozen(net, shape, () -> {
            Parameter gamma = ((BatchNorm) net.layers().get(5)).parameters().get(0);
            float[] g = gamma.value().data();
            for (int j = 0; j < g.length; j += 3) {
                g[j] = -Math.abs(g[j]);
            }
            g[1] = 0f;
            gamma.markChanged();
        });
        check(layers, shape, 0.99, false);
    }

    private static List<FrozenLayer> frozen(Sequential net, int[] shape) {
        return trainedAndFrozen(net, shape, () -> { });
    }

    /** A few Adam steps on random pixels and labels (so that the batch norms hold statistics), then the frozen layers. */
    private static List<FrozenLayer> trainedAndFrozen(Sequential net, int[] shape, Runnable edit) {
        Tensor raw = pixels(200, shape, 3);
        Tensor x = raw.copy();
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = 2f / 255f * x.data()[i] - 1f;
        }
        RandomGenerator rng = Seeds.generator(4);
        TrainingStep step = new TrainingStep(net, new SquaredHinge(), new Adam(0.01));
        for (int from = 0; from < 200; from += 50) {
            int[] labels = rng.ints(50, 0, 10).toArray();
            step.computeGradients(x.slice(from, from + 50), labels);
            step.applyUpdate();
        }
        edit.run();
        List<FrozenLayer> layers = new ArrayList<>(List.of(new InputScale(shape, 2f / 255f, -1f)));
        layers.addAll(Freezer.layers(net, shape));
        return layers;
    }

    private static Tensor pixels(int n, int[] shape, long seed) {
        RandomGenerator rng = Seeds.generator(seed);
        float[] v = new float[n * shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(256);
        }
        return Tensor.wrap(v, n, shape[0], shape[1], shape[2]);
    }

    /** Saves the model, runs the reader on fresh pixels; at least {@code minAgreement} of the predictions agree (all scores, when {@code exactScores}). */
    private void check(List<FrozenLayer> layers, int[] shape, double minAgreement, boolean exactScores) throws Exception {
        assumeTrue(ModelFormatReaderTest.pythonWithNumpy(), "python3 with numpy is not available: the numpy reference is not checked");
        try (Parallelism p = Parallelism.threads(2)) {
            InferenceModel m = InferenceModel.of(layers, Map.of(), p);
            Path model = dir.resolve("m.frozen.safetensors");
            m.save(model);
            Tensor images = pixels(IMAGES, shape, 9);
            Path raw = dir.resolve("images.f32");
            ByteBuffer b = ByteBuffer.allocate(4 * images.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : images.data()) {
                b.putFloat(v);
            }
            Files.write(raw, b.array());
            String script = ModelFormatReaderTest.docs().resolve("deploy_reader.py").toString();
            List<String> lines = ModelFormatReaderTest.run(List.of("python3", script, model.toString(), raw.toString()));
            assertEquals(IMAGES, lines.size(), String.join("\n", lines));
            int[] java = m.predict(images);
            int agree = 0;
            for (int i = 0; i < IMAGES; i++) {
                agree += Integer.parseInt(lines.get(i).trim()) == java[i] ? 1 : 0;
            }
            System.out.printf("deploy_reader.py agrees with InferenceModel on %d of %d predictions (%s)%n", agree, IMAGES,
                    m.layers().get(0).describe());
            assertTrue(agree >= minAgreement * IMAGES, agree + " of " + IMAGES + " predictions agree");
            if (exactScores) {
                List<String> rows = ModelFormatReaderTest.run(List.of("python3", script, model.toString(), raw.toString(),
                        "--scores"));
                float[] expected = m.scores(images).data();
                float[] python = new float[expected.length];
                for (int i = 0; i < IMAGES; i++) {
                    String[] f = rows.get(i).trim().split("\\s+");
                    for (int j = 0; j < f.length; j++) {
                        python[i * f.length + j] = Float.parseFloat(f[j]);
                    }
                }
                assertArrayEquals(expected, python, "integer layers and float32 batch norm: the same scores");
            }
        }
    }

    @Test
    void pageQuotesTheReader() throws IOException {
        String script = Files.readString(ModelFormatReaderTest.docs().resolve("deploy_reader.py"));
        String page = Files.readString(ModelFormatReaderTest.docs().resolve("deploy-format.md"));
        assertTrue(page.contains("```python\n" + script + "```\n"), "docs/deploy-format.md must quote docs/deploy_reader.py verbatim");
    }
}
