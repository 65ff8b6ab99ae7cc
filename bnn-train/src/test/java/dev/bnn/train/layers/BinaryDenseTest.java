package dev.bnn.train.layers;

import static dev.bnn.train.testing.Reference.transpose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.constraint.WeightClip;
import dev.bnn.train.nn.LayerSummary;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.optim.Sgd;
import dev.bnn.train.quantize.MagnitudeAwareSign;
import dev.bnn.train.quantize.SteTern;
import dev.bnn.train.quantize.StochasticSign;
import dev.bnn.train.testing.Reference;
import org.junit.jupiter.api.Test;

class BinaryDenseTest {
    /** Awkward sizes across 64-bit word and panel boundaries. */
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 63, 5}, {4, 64, 17}, {5, 65, 33}, {2, 129, 64}, {7, 200, 65}};

    @Test
    void binaryConnectForwardIsFloatMathOnTheSigns() {
        for (int[] s : SHAPES) {
            BinaryDense d = BinaryDense.builder(s[1], s[2]).seed(s[0]).build();
            randomBias(d, s[0]);
            Tensor x = Tensor.uniform(Seeds.generator(s[1]), -1, 1, s[0], s[1]);
            Reference.assertClose(Reference.product(x, Reference.sign(d.weight().value()), bias(d)), d.forward(x),
                    "BinaryConnect " + d);
        }
    }

    @Test
    void bnnForwardGivesExactIntegerDots() {
        for (int[] s : SHAPES) {
            BinaryDense d = BinaryDense.builder(s[1], s[2]).binaryInput().bias(false).seed(s[0]).build();
            Tensor x = Reference.signs(s[2], s[0], s[1]);
            Tensor expected = Reference.product(x, Reference.sign(d.weight().value()), null).value();
            assertEquals(expected, d.forward(x), "bit-exact integer dots of " + d);
        }
    }

    @Test
    void bnnForwardAddsTheBiasToTheDots() {
        BinaryDense d = BinaryDense.builder(70, 9).binaryInput().seed(3).build();
        randomBias(d, 4);
        Tensor x = Reference.signs(5, 6, 70);
        Tensor expected = Reference.product(x, Reference.sign(d.weight().value()), bias(d)).value();
        assertEquals(expected, d.forward(x)); // integer dot + bias, one rounding in both
    }

    @Test
    void backwardUsesTheSignsAndTheStraightThroughMask() {
        for (int mode = 0; mode < 4; mode++) {
            boolean bnn = mode % 2 == 1;
            boolean outside = mode >= 2; // weights outside the clip: the mask pass; else straight accumulation
            BinaryDense.Builder b = BinaryDense.builder(65, 6).seed(5);
            BinaryDense d = (bnn ? b.binaryInput() : b).build();
            Tensor w = d.weight().value();
            if (outside) {
                w.set(1.5f, 0, 0); // the STE cancels their gradient
                w.set(-2f, 3, 64);
            }
            w.set(0f, 2, 7); // sign(0) = +1
            d.weight().markChanged();
            Tensor x = bnn ? Reference.signs(6, 4, 65) : Tensor.uniform(Seeds.generator(6), -1, 1, 4, 65);
            Tensor g = Tensor.uniform(Seeds.generator(7), -1, 1, 4, 6);
            d.forward(x);
            Tensor gx = d.backward(g);
            Tensor signW = Reference.sign(w);
            // gx = g sign(W): g (4 x 6) times sign(W) (6 x 65) = g (signW^T)^T
            Reference.assertClose(Reference.product(g, transpose(signW), null), gx, "gx, mode " + mode);
            Reference.Product gw = Reference.product(transpose(g), transpose(x), null);
            if (outside) {
                gw.setExact(0, 0, 0f);
                gw.setExact(3, 64, 0f);
            }
            Reference.assertClose(gw, d.weight().grad(), "gW, mode " + mode);
            Tensor ones = Tensor.zeros(1, 4);
            TensorOps.fill(1f, ones);
            Reference.assertClose(Reference.product(ones, transpose(g), null), d.parameters().get(1).grad(), "gb");
        }
    }

    @Test
    void cachedWeightsFollowTheParameterVersion() {
        BinaryDense d = BinaryDense.builder(8, 2).seed(1).build();
        Tensor x = Tensor.uniform(Seeds.generator(2), -1, 1, 3, 8);
        Tensor before = d.forward(x).copy();
        d.weight().update(0, d.weight().value().size(), (w, g, from, to) -> {
            for (int i = from; i < to; i++) {
                w[i] = -w[i];
            }
        });
        Tensor after = d.forward(x);
        Tensor b = bias(d);
        for (int i = 0; i < after.size(); i++) {
            assertEquals(-(before.getFlat(i) - b.getFlat(i % 2)) + b.getFlat(i % 2), after.getFlat(i), 1e-5);
        }
    }

    @Test
    void nonBinaryQuantizersRunOnTheirQuantizedWeights() {
        for (var q : new dev.bnn.train.quantize.Quantizer[] {new SteTern(0.3f, 1f), new MagnitudeAwareSign()}) {
            BinaryDense d = BinaryDense.builder(10, 4).weights(q).seed(2).build();
            Tensor x = Tensor.uniform(Seeds.generator(3), -1, 1, 5, 10);
            Tensor wq = Tensor.zeros(4, 10);
            q.forward(d.weight().value(), null, wq);
            Reference.assertClose(Reference.product(x, wq, bias(d)), d.forward(x), d.toString());
            // backward: gx = g q(W); gW = q'(W) (g^T x), q' from the quantizer's own pseudo-gradient
            Tensor g = Tensor.uniform(Seeds.generator(4), -1, 1, 5, 4);
            Reference.assertClose(Reference.product(g, transpose(wq), null), d.backward(g), "gx of " + d);
            Reference.Product raw = Reference.product(transpose(g), transpose(x), null);
            Tensor expected = Tensor.zeros(4, 10);
            q.backward(d.weight().value(), raw.value(), expected, false);
            Reference.assertClose(new Reference.Product(expected, raw.magnitude(), raw.terms() + 1), d.weight().grad(),
                    "gW of " + d);
        }
        assertThrows(IllegalArgumentException.class,
                () -> BinaryDense.builder(10, 4).weights(new SteTern()).binaryInput().build());
    }

    @Test
    void stochasticWeightsAreSeededAndResumable() {
        BinaryDense a = BinaryDense.builder(40, 8).weights(new StochasticSign()).seed(3).build();
        BinaryDense b = BinaryDense.builder(40, 8).weights(new StochasticSign()).seed(3).build();
        Tensor x = Tensor.uniform(Seeds.generator(4), -1, 1, 2, 40);
        Tensor first = a.forward(x).copy();
        assertEquals(first, b.forward(x));
        var saved = a.state();
        Tensor second = a.forward(x).copy();
        assertNotEquals(first, second, "a new draw per training forward");
        b.loadState(saved);
        assertEquals(second, b.forward(x), "the restored counter resumes the stream");
        a.eval();
        Reference.assertClose(Reference.product(x, Reference.sign(a.weight().value()), bias(a)), a.forward(x),
                "deterministic sign in evaluation");
    }

    /** BinaryConnect's stochastic variant tested as in its paper (section 2.6): real-valued weights, sign draws in training. */
    @Test
    void stochasticWeightsCanBeEvaluatedRealValued() {
        BinaryDense d = BinaryDense.builder(40, 8).weights(new StochasticSign(1f, true)).seed(3).build();
        randomBias(d, 5);
        Tensor x = Tensor.uniform(Seeds.generator(4), -1, 1, 2, 40);
        Tensor trained = d.forward(x).copy();
        d.eval();
        Reference.assertClose(Reference.product(x, d.weight().value(), bias(d)), d.forward(x), "latent weights in evaluation");
        BinaryDense signs = BinaryDense.builder(40, 8).weights(new StochasticSign()).seed(3).build();
        randomBias(signs, 5);
        assertEquals(trained, signs.forward(x), "training draws do not depend on the test-time choice");
        assertThrows(IllegalArgumentException.class,
                () -> BinaryDense.builder(40, 8).weights(new StochasticSign(1f, true)).binaryInput().build());
        assertThrows(IllegalArgumentException.class, () -> new SignActivation(new StochasticSign(1f, true), 1));
    }

    @Test
    void threadsGiveTheSameOutputs() {
        BinaryDense one = BinaryDense.builder(300, 130).binaryInput().seed(8).build();
        BinaryDense two = BinaryDense.builder(300, 130).binaryInput().seed(8).build();
        Tensor x = Reference.signs(9, 50, 300);
        try (Parallelism p = Parallelism.threads(2)) {
            two.setParallelism(p);
            assertEquals(one.forward(x), two.forward(x));
        }
    }

    @Test
    void bnnModeRejectsRealInput() {
        BinaryDense d = BinaryDense.builder(4, 2).binaryInput().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.forward(Tensor.wrap(new float[] {1, -1, 0.5f, 1}, 1, 4)));
        assertTrue(e.getMessage().contains("BinaryDense(4 -> 2"), e.getMessage());
    }

    @Test
    void badInputNamesTheLayerAndBothShapes() {
        BinaryDense d = new BinaryDense(784, 4096);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> d.forward(Tensor.zeros(3, 785)));
        assertTrue(e.getMessage().contains("BinaryDense(784 -> 4096") && e.getMessage().contains("[3, 785]")
                && e.getMessage().contains("[N, 784]"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> d.forward(Tensor.zeros(0, 784)));
    }

    @Test
    void toStringSummaryAndParameterKinds() {
        assertEquals("BinaryDense(784 -> 4096, weights: SteSign, clip 1.0)", new BinaryDense(784, 4096).toString());
        BinaryDense bnn = BinaryDense.builder(4096, 10).binaryInput().clip(new WeightClip(0.5f)).bias(false).build();
        assertEquals("BinaryDense(4096 -> 10, input: ±1 (XNOR-popcount), weights: SteSign, clip 0.5, no bias)",
                bnn.toString());
        assertTrue(bnn.weight().isLatentBinary());
        assertEquals(Parameter.glorotScale(4096, 10), bnn.weight().learningRateScale());
        LayerSummary s = bnn.summarize(4096);
        assertEquals(40960, s.binaryParams());
        assertEquals(0, s.floatParams());
        assertEquals(40960, s.binaryMacs());
        LayerSummary bc = new BinaryDense(784, 100).summarize(784);
        assertEquals(78400, bc.floatMacs());
        assertEquals(100, bc.floatParams());
    }

    @Test
    void anOptimizerStepClipsTheLatentWeights() {
        BinaryDense d = new BinaryDense(3, 2);
        d.weight().value().set(0.5f, 0, 0);
        d.weight().grad().set(-2.5f, 0, 0);
        d.weight().value().set(0f, 1, 2);
        d.weight().grad().set(1.25f, 1, 2);
        float kept = d.weight().value().get(1, 1);
        Sgd sgd = new Sgd(1, 0, false, false);
        sgd.init(d.namedParameters());
        sgd.step();
        assertEquals(1f, d.weight().value().get(0, 0), "0.5 + 2.5 clipped to 1");
        assertEquals(-1f, d.weight().value().get(1, 2), "0 - 1.25 clipped to -1");
        assertEquals(kept, d.weight().value().get(1, 1), "zero gradient, within the clip: unchanged");
    }

    /** Both modes: a second backward adds exactly the same weight gradient, and after zeroGrad the next one starts from zero. */
    @Test
    void weightGradientsAccumulateUntilZeroedInBothModes() {
        for (boolean bnn : new boolean[] {false, true}) {
            BinaryDense.Builder b = BinaryDense.builder(70, 5).seed(3);
            BinaryDense d = bnn ? b.binaryInput().build() : b.build();
            Tensor x = Tensor.uniform(Seeds.generator(4), -1, 1, 6, 70);
            if (bnn) {
                TensorOps.sign(x, x);
            }
            Tensor g = Tensor.uniform(Seeds.generator(5), -1, 1, 6, 5);
            d.forward(x);
            d.backward(g);
            Tensor once = d.weight().grad().copy();
            d.forward(x);
            d.backward(g);
            // The accumulating product adds each term onto the old sum, so "doubled" holds to rounding only.
            Tensor excess = Tensor.zeros(5, 70);
            TensorOps.scale(-2f, once, excess);
            TensorOps.add(excess, d.weight().grad(), excess);
            assertTrue(TensorOps.maxAbs(excess) <= 1e-5f * TensorOps.maxAbs(once),
                    (bnn ? "BNN" : "BinaryConnect") + ": the same product added twice is doubled, off by " + TensorOps.maxAbs(excess));
            d.zeroGrad();
            d.forward(x);
            d.backward(g);
            assertEquals(once, d.weight().grad(), (bnn ? "BNN" : "BinaryConnect") + ": after zeroGrad the gradient starts from zero");
        }
    }

    static Tensor bias(DenseBase d) {
        return d.parameters().size() > 1 ? d.parameters().get(1).value() : null;
    }

    private static void randomBias(DenseBase d, long seed) {
        bias(d).copyFrom(Tensor.uniform(Seeds.generator(seed), -2, 2, bias(d).shape()));
    }
}
