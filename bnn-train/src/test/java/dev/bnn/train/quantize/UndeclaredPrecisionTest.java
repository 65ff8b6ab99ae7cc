package dev.bnn.train.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.testing.Reference;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** A quantizer that states nothing but its forward, backward and config runs on the float path, never the ±1 kernels. */
class UndeclaredPrecisionTest {
    /** q(w) = sign(w) / 2: two levels, but not ±1; it declares no precision. */
    static final class HalfSign implements Quantizer {
        @Override
        public void forward(Tensor x, RandomGenerator rng, Tensor out) {
            float[] xd = x.data(), od = out.data();
            for (int i = 0; i < x.size(); i++) {
                od[out.offset() + i] = xd[x.offset() + i] < 0 ? -0.5f : 0.5f;
            }
        }

        @Override
        public void backward(Tensor x, Tensor g, Tensor out, boolean accumulate) {
            float[] gd = g.data(), od = out.data();
            for (int i = 0; i < x.size(); i++) {
                od[out.offset() + i] = (accumulate ? od[out.offset() + i] : 0f) + gd[g.offset() + i];
            }
        }

        @Override
        public Map<String, Object> config() {
            return Config.of("HalfSign");
        }
    }

    @Test
    void theDefaultPrecisionIsFloat() {
        HalfSign q = new HalfSign();
        assertEquals(32, q.bits());
        BinaryDense layer = BinaryDense.builder(70, 5).weights(q).build();
        layer.reset(3);
        layer.eval();
        Tensor x = Tensor.uniform(Seeds.generator(4), -1, 1, 6, 70);
        Tensor w = layer.weight().value();
        Tensor qw = Tensor.zeros(w.shape());
        q.forward(w, null, qw);
        Reference.assertClose(Reference.product(x, qw, layer.bias().value()), layer.forward(x), "x q(W)^T + b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BinaryDense.builder(70, 5).weights(q).binaryInput().build());
        assertTrue(e.getMessage().contains("needs a ±1 quantizer"), e.getMessage());
    }

    @Test
    void everyQuantizerStatesItsPrecision() {
        assertEquals(1, new SteSign(1f).bits());
        assertEquals(1, new StochasticSign(1f, false).bits());
        assertEquals(1, new ApproxSign().bits());
        assertEquals(32, new MagnitudeAwareSign(1f).bits());
        assertEquals(2, new SteTern(0.5f, 1f).bits());
        assertEquals(2, new DoReFa(1).bits());
        assertEquals(4, new DoReFa(4).bits());
    }
}
