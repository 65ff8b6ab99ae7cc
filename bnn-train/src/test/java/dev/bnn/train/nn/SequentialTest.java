package dev.bnn.train.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.train.layers.BatchNorm;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.Dense;
import dev.bnn.train.layers.Dropout;
import dev.bnn.train.layers.Flatten;
import dev.bnn.train.layers.HardTanh;
import dev.bnn.train.layers.SignActivation;
import dev.bnn.train.loss.SquaredHinge;
import dev.bnn.train.quantize.StochasticSign;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequentialTest {

    /** The example of Sequential's Javadoc, line for line. */
    @Test
    void javadocExampleRuns() {
        Tensor images = Tensor.uniform(Seeds.generator(1), 0, 1, 8, 784);
        Tensor targets = Tensor.zeros(8, 10);
        new SquaredHinge().encodeTargets(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, targets);
        Tensor gradient = Tensor.zeros(8, 10);

        Sequential net = new Sequential(
                new BinaryDense(784, 256), new BatchNorm(256), new SignActivation(),
                BinaryDense.builder(256, 256).binaryInput().build(), new BatchNorm(256), new SignActivation(),
                BinaryDense.builder(256, 10).binaryInput().build(), new BatchNorm(10));
        net.reset(42);                                   // per-layer seeds: initial weights, random streams
        Tensor scores = net.forward(images);            // images: N x 784
        float loss = new SquaredHinge().evaluate(scores, targets, gradient);
        net.backward(gradient);                         // gradients accumulate in net.parameters()
        String summary = net.summary(784);

        assertTrue(loss > 0 && Float.isFinite(loss));
        assertEquals(12, net.parameters().size(), "3 weights, 3 biases, 3 gammas, 3 betas");
        assertEquals(80, scores.size());
        assertTrue(summary.contains("BinaryDense(256 -> 256, input: ±1 (XNOR-popcount), weights: SteSign, clip 1.0)"),
                summary);
        float gradNorm = 0;
        for (Parameter p : net.parameters()) {
            gradNorm += (float) dev.bnn.core.TensorOps.dot(p.grad(), p.grad());
        }
        assertTrue(gradNorm > 0, "gradients reached the parameters");
    }

    @Test
    void summaryCountsParametersAndMacs() {
        Sequential net = new Sequential(new BinaryDense(784, 100), new BatchNorm(100), new SignActivation(),
                BinaryDense.builder(100, 10).binaryInput().bias(false).build(), new Dense(10, 10));
        List<LayerSummary> rows = net.summaries(784);
        assertEquals(5, rows.size());
        assertEquals(78400, rows.get(0).binaryParams());
        assertEquals(100, rows.get(0).floatParams());
        assertEquals(78400, rows.get(0).floatMacs());
        assertEquals(200, rows.get(1).floatParams());
        assertEquals(1000, rows.get(3).binaryMacs());
        assertEquals(110, rows.get(4).floatParams());
        LayerSummary total = net.summarize(784);
        assertEquals(79400, total.binaryParams());
        assertEquals(410, total.floatParams());
        assertEquals(1000, total.binaryMacs());
        assertEquals(78400 + 100 + 100, total.floatMacs());
        assertEquals((79400 + 7) / 8 + 4 * 410, total.inferenceBytes());
        String text = net.summary(784);
        assertTrue(text.contains("Total") && text.contains("79400") && text.contains("[10]"), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "%.2f KiB", total.inferenceBytes() / 1024.0)), text);
    }

    @Test
    void configRebuildsTheNetworkAndStateRestoresItExactly() {
        Sequential a = new Sequential(new BinaryDense(20, 16), new BatchNorm(16), new Dropout(0.25f, 0),
                new SignActivation(), BinaryDense.builder(16, 12).binaryInput().weights(new StochasticSign()).build(),
                new BatchNorm(12), new HardTanh(), new Dense(12, 3));
        a.reset(7);
        Tensor x = Tensor.uniform(Seeds.generator(2), -1, 1, 5, 20);
        a.forward(x); // moves batch-norm statistics and random streams
        Map<String, Object> config = a.config();
        assertJsonAble(config);
        Sequential b = (Sequential) Modules.fromConfig(config);
        assertEquals(config, b.config());
        b.loadState(a.state());
        assertEquals(a.forward(x), b.forward(x), "training mode: same dropout masks and stochastic weights");
        a.eval();
        b.eval();
        assertEquals(a.forward(x), b.forward(x), "evaluation mode");
        assertEquals(List.of("0.weight", "0.bias", "1.gamma", "1.beta", "1.running_mean", "1.running_var",
                "2.rng_counter", "4.weight", "4.bias", "4.rng_counter", "5.gamma", "5.beta", "5.running_mean",
                "5.running_var", "7.weight", "7.bias"), List.copyOf(a.state().keySet()));
    }

    @Test
    void realValuedNetworkGradientsMatchFiniteDifferences() {
        Sequential net = new Sequential(new Dense(6, 5), new BatchNorm(5), new HardTanh(), new Flatten(), new Dense(5, 3));
        net.reset(11);
        dev.bnn.train.testing.GradientChecker checker = new dev.bnn.train.testing.GradientChecker(1e-3, 16, 2);
        checker.checkModule(net, Tensor.uniform(Seeds.generator(12), -0.5f, 0.5f, 4, 6));
        assertEquals(4 * 6 + 30 + 5 + 5 + 5 + 15 + 3, checker.checked());
    }

    @Test
    void loadStateChecksNamesAndShapes() {
        Sequential net = new Sequential(new Dense(4, 3), new BatchNorm(3));
        Map<String, Tensor> state = net.state();
        Map<String, Tensor> missing = new LinkedHashMap<>(state);
        missing.remove("1.running_var");
        missing.put("1.running_variance", Tensor.zeros(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.loadState(missing));
        assertTrue(e.getMessage().contains("missing [1.running_var]") && e.getMessage().contains("unexpected [1.running_variance]"),
                e.getMessage());
        Map<String, Tensor> wrong = new LinkedHashMap<>(state);
        wrong.put("0.weight", Tensor.zeros(3, 5));
        ShapeMismatchException s = assertThrows(ShapeMismatchException.class, () -> net.loadState(wrong));
        assertTrue(s.getMessage().contains("0.weight") && s.getMessage().contains("[3, 4]")
                && s.getMessage().contains("[3, 5]"), s.getMessage());
    }

    @Test
    void networkSeedDerivesDistinctReproducibleLayerSeeds() {
        Sequential a = new Sequential(new Dense(5, 5), new Dense(5, 5));
        Sequential b = new Sequential(new Dense(5, 5), new Dense(5, 5));
        a.reset(3);
        b.reset(3);
        assertEquals(a.state(), b.state());
        assertNotEquals(a.parameters().get(0).value(), a.parameters().get(2).value(), "layers get different seeds");
        b.reset(4);
        assertNotEquals(a.parameters().get(0).value(), b.parameters().get(0).value());
    }

    @Test
    void badInputNamesTheFirstLayer() {
        Sequential net = new Sequential(new Dense(784, 10));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> net.forward(Tensor.zeros(2, 28, 28)));
        assertTrue(e.getMessage().contains("Dense(784 -> 10)") && e.getMessage().contains("[2, 28, 28]"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> net.summary(28, 28));
    }

    /** Only strings, numbers, booleans, null, lists and maps with string keys. */
    static void assertJsonAble(Object value) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                assertTrue(k instanceof String, "key " + k);
                assertJsonAble(v);
            });
        } else if (value instanceof List<?> l) {
            l.forEach(SequentialTest::assertJsonAble);
        } else {
            assertTrue(value == null || value instanceof String || value instanceof Number || value instanceof Boolean,
                    "not JSON: " + value.getClass());
        }
    }

    /** A parameter-free identity that counts its backward calls. */
    private static final class CountingIdentity extends AbstractModule {
        int backwards;

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            backwards++;
            return gradOutput;
        }

        @Override
        public int[] outputShape(int... sampleShape) {
            return sampleShape.clone();
        }

        @Override
        public Map<String, Object> config() {
            return Map.of("type", "CountingIdentity");
        }
    }

    /** backwardParameters skips the layers before the first trainable one, with the same parameter gradients. */
    @Test
    void backwardParametersSkipsLeadingParameterFreeLayers() {
        CountingIdentity lead = new CountingIdentity();
        Dense dense = new Dense(6, 3);
        Sequential net = new Sequential(lead, new Flatten(), dense, new HardTanh(), new Dense(3, 2));
        net.reset(5);
        Tensor x = Tensor.uniform(Seeds.generator(6), -1, 1, 4, 6);
        Tensor g = Tensor.uniform(Seeds.generator(7), -1, 1, 4, 2);
        net.zeroGrad();
        net.forward(x);
        net.backward(g);
        assertEquals(1, lead.backwards);
        Map<String, float[]> full = new LinkedHashMap<>();
        net.namedParameters().forEach((name, p) -> full.put(name, p.grad().data().clone()));
        net.zeroGrad();
        net.forward(x);
        net.backwardParameters(g);
        assertEquals(1, lead.backwards, "no backward before the first layer with parameters");
        net.namedParameters().forEach((name, p) -> assertArrayEquals(full.get(name),
                p.grad().data(), name));
    }
}
