package dev.bnn.train.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.train.layers.Dense;
import dev.bnn.train.layers.HardTanh;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker must catch wrong gradients, or every test that uses it proves nothing. */
class GradientCheckerTest {

    @Test
    void catchesAWrongInputGradient() {
        Module doubled = new Wrapper(new HardTanh(), 2f, false);
        AssertionError e = assertThrows(AssertionError.class, () -> new GradientChecker(1e-2, 1, 1)
                .checkModule(doubled, Tensor.uniform(Seeds.generator(1), -0.5f, 0.5f, 2, 3)));
        assertTrue(e.getMessage().contains("input"), e.getMessage());
    }

    @Test
    void catchesAWrongParameterGradient() {
        Module badWeights = new Wrapper(new Dense(3, 2), 1f, true);
        AssertionError e = assertThrows(AssertionError.class, () -> new GradientChecker(1e-2, 4, 1)
                .checkModule(badWeights, Tensor.uniform(Seeds.generator(2), -1, 1, 2, 3)));
        assertTrue(e.getMessage().contains("parameter weight"), e.getMessage());
    }

    /** Delegates, but scales the input gradient or corrupts the weight gradient. */
    private record Wrapper(Module inner, float inputScale, boolean corruptWeights) implements Module {
        @Override
        public Tensor forward(Tensor input) {
            return inner.forward(input);
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            Tensor g = inner.backward(gradOutput);
            TensorOps.scale(inputScale, g, g);
            if (corruptWeights) {
                Tensor w = inner.parameters().get(0).grad();
                TensorOps.scale(1.1f, w, w);
            }
            return g;
        }

        @Override
        public List<Parameter> parameters() {
            return inner.parameters();
        }

        @Override
        public void train() {}

        @Override
        public void eval() {}

        @Override
        public boolean isTraining() {
            return true;
        }

        @Override
        public int[] outputShape(int... sampleShape) {
            return inner.outputShape(sampleShape);
        }

        @Override
        public Map<String, Object> config() {
            return inner.config();
        }

        @Override
        public String toString() {
            return "Wrapper(" + inner + ")";
        }
    }
}
