package dev.bnn.train.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every quantizer: forward formula with exact zeros, -0.0 and NaN; pseudo-gradient formula; config round trip. */
class QuantizerTest {
    private static final float[] X = {0f, -0f, 0.04f, -0.06f, 0.5f, -0.5f, 0.9999f, 1f, -1f, 1.0001f, -3f};
    private static final List<Quantizer> ALL = List.of(new SteSign(), new StochasticSign(), new ApproxSign(),
            new MagnitudeAwareSign(), new SteTern(), new DoReFa(2));

    @Test
    void forwardFormulas() {
        assertEquals(List.of(1f, 1f, 1f, -1f, 1f, -1f, 1f, 1f, -1f, 1f, -1f), forward(new SteSign()));
        assertEquals(forward(new SteSign()), forward(new ApproxSign()));
        assertEquals(forward(new SteSign()), forward(new StochasticSign()), "deterministic without a generator");
        assertEquals(List.of(0f, 0f, 0f, -1f, 1f, -1f, 1f, 1f, -1f, 1f, -1f), forward(new SteTern()));
        // DoReFa 2 bits: levels 0, 1/3, 2/3, 1 of clip(x, 0, 1)
        assertEquals(List.of(0f, 0f, 0f, 0f, 2f / 3, 0f, 1f, 1f, 0f, 1f, 0f), forward(new DoReFa(2)));
        float alpha = 0;
        for (float v : X) {
            alpha += Math.abs(v) / X.length;
        }
        List<Float> magnitude = forward(new MagnitudeAwareSign());
        for (int i = 0; i < X.length; i++) {
            assertEquals((X[i] >= 0 ? 1 : -1) * alpha, magnitude.get(i), 1e-6);
        }
    }

    @Test
    void pseudoGradientFormulas() {
        assertEquals(List.of(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 0f, 0f), backward(new SteSign()));
        assertEquals(backward(new SteSign()), backward(new StochasticSign()));
        assertEquals(backward(new SteSign()), backward(new SteTern()));
        List<Float> approx = backward(new ApproxSign());
        for (int i = 0; i < X.length; i++) {
            float a = Math.abs(X[i]);
            assertEquals(a <= 1 ? (2 - 2 * a) * (i + 1) : 0f, approx.get(i), 1e-6);
        }
        // DoReFa: 1 inside [0, 1]; -0.0 >= 0 is inside
        assertEquals(List.of(1f, 2f, 3f, 0f, 5f, 0f, 7f, 8f, 0f, 0f, 0f), backward(new DoReFa(2)));
        Tensor accumulated = Tensor.wrap(ones(X.length), 1, X.length);
        new SteSign().backward(Tensor.wrap(X.clone(), 1, X.length), grads(), accumulated, true);
        assertEquals(2f, accumulated.getFlat(0));
        assertEquals(1f, accumulated.getFlat(10));
    }

    @Test
    void stochasticSignFollowsHardSigmoid() {
        Tensor x = Tensor.zeros(1, 20000);
        dev.bnn.core.TensorOps.fill(0.5f, x); // p(+1) = 0.75
        Tensor out = Tensor.zeros(1, 20000);
        new StochasticSign().forward(x, Seeds.generator(1), out);
        double plus = (dev.bnn.core.TensorOps.sum(out) + 20000) / 2 / 20000;
        assertEquals(0.75, plus, 0.015); // 5 sigma of a binomial(20000, 0.75) share
        Tensor again = Tensor.zeros(1, 20000);
        new StochasticSign().forward(x, Seeds.generator(1), again);
        assertEquals(out, again, "the same generator gives the same draw");
        Tensor edges = Tensor.wrap(new float[] {-1f, 1f, -5f, 5f}, 1, 4);
        new StochasticSign().forward(edges, Seeds.generator(2), edges);
        assertEquals(Tensor.wrap(new float[] {-1f, 1f, -1f, 1f}, 1, 4), edges, "p = 0 and p = 1 are certain");
    }

    @Test
    void nanIsAClearErrorForEveryQuantizer() {
        for (Quantizer q : ALL) {
            Tensor x = Tensor.wrap(new float[] {0.5f, Float.NaN}, 1, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> q.forward(x, null, Tensor.zeros(1, 2)), q.toString());
            assertTrue(e.getMessage().contains("NaN"), q + ": " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new StochasticSign().forward(
                Tensor.wrap(new float[] {Float.NaN}, 1, 1), Seeds.generator(1), Tensor.zeros(1, 1)));
    }

    @Test
    void configRoundTripsAndBadHyperparametersAreRejected() {
        for (Quantizer q : ALL) {
            Quantizer back = Quantizers.fromConfig(q.config());
            assertEquals(q.toString(), back.toString());
            assertEquals(q.config(), back.config());
        }
        assertEquals(6, ALL.size(), "every quantizer class is in this list");
        Quantizer realAtTest = new StochasticSign(0.5f, true);
        assertEquals(realAtTest.config(), Quantizers.fromConfig(realAtTest.config()).config());
        assertTrue(Quantizers.fromConfig(realAtTest.config()).evaluatesLatent());
        var older = new java.util.HashMap<>(realAtTest.config());
        older.remove("real_valued_at_test");
        assertFalse(Quantizers.fromConfig(older).evaluatesLatent(), "model files from before the option: sign at test");
        assertThrows(IllegalArgumentException.class, () -> new SteSign(0f));
        assertThrows(IllegalArgumentException.class, () -> new DoReFa(0));
        assertThrows(IllegalArgumentException.class, () -> new SteTern(-1f, 1f));
        assertThrows(IllegalArgumentException.class, () -> Quantizers.fromConfig(java.util.Map.of("type", "Sign")));
    }

    private static List<Float> forward(Quantizer q) {
        Tensor out = Tensor.zeros(1, X.length);
        q.forward(Tensor.wrap(X.clone(), 1, X.length), null, out);
        return values(out);
    }

    private static List<Float> backward(Quantizer q) {
        Tensor out = Tensor.zeros(1, X.length);
        q.backward(Tensor.wrap(X.clone(), 1, X.length), grads(), out, false);
        return values(out);
    }

    private static Tensor grads() {
        float[] g = new float[X.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = i + 1;
        }
        return Tensor.wrap(g, 1, X.length);
    }

    private static float[] ones(int n) {
        float[] o = new float[n];
        java.util.Arrays.fill(o, 1f);
        return o;
    }

    private static List<Float> values(Tensor t) {
        Float[] v = new Float[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getFlat(i) + 0f; // -0.0 + 0 = +0.0, so comparisons see values, not zero signs
        }
        return List.of(v);
    }
}
