package dev.bnn.train.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.testing.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The fast gradient paths give exactly the gradients of the plain protocol: the deferred
 * {@link Parameter#zeroGrad()} (a backward overwrites a claimed zeroed gradient instead of adding
 * to cleared memory) and {@link Module#backwardParameters} (no input gradient).
 */
class GradientPathsTest {

    @Test
    void zeroGradIsDeferredButObservable() {
        Parameter p = Parameter.real("w", Tensor.zeros(2, 3));
        TensorOps.fill(5f, p.grad());
        p.zeroGrad();
        assertEquals(Tensor.zeros(2, 3), p.grad(), "grad() after zeroGrad() reads zeros");
        assertFalse(p.claimZeroedGrad(), "grad() cleared it, nothing left to claim");

        TensorOps.fill(5f, p.grad());
        p.zeroGrad();
        assertTrue(p.claimZeroedGrad(), "zeroed and untouched: the caller may overwrite");
        assertFalse(p.claimZeroedGrad(), "claimed once only: the next writer adds");
        assertEquals(5f, p.grad().getFlat(0), "a claimed gradient is left for the claimer to overwrite");
    }

    /** Each case: a fresh module of the same seed, and its input. */
    private static Map<String, Supplier<Module>> modules() {
        Map<String, Supplier<Module>> m = new LinkedHashMap<>();
        m.put("Dense", () -> new Dense(65, 7));
        m.put("BinaryDense BinaryConnect", () -> BinaryDense.builder(65, 7).seed(3).build());
        m.put("BinaryDense BNN", () -> BinaryDense.builder(65, 7).binaryInput().seed(3).build());
        m.put("BinaryDense, weights outside the clip (mask pass)", () -> {
            BinaryDense d = BinaryDense.builder(65, 7).seed(3).build();
            d.weight().value().set(1.5f, 2, 9);
            d.weight().markChanged();
            return d;
        });
        m.put("Conv2d", () -> new Conv2d(3, 4, 3, 1, 1, true, Init.GLOROT_UNIFORM, 5));
        m.put("BinaryConv2d BNN", () -> BinaryConv2d.builder(3, 4, 3).padding(1).binaryInput().seed(5).build());
        m.put("Sequential", () -> {
            Sequential net = new Sequential(new BinaryDense(65, 16), new BatchNorm(16), new SignActivation(),
                    BinaryDense.builder(16, 7).binaryInput().build(), new BatchNorm(7));
            net.reset(9);
            return net;
        });
        return m;
    }

    private static Tensor input(String name) {
        boolean conv = name.contains("Conv");
        Tensor x = conv ? Tensor.uniform(Seeds.generator(1), -1, 1, 2, 5, 5, 3) : Tensor.uniform(Seeds.generator(1), -1, 1, 4, 65);
        return name.contains("BNN") ? Reference.sign(x) : x;
    }

    /** zeroGrad, forward, then {@code backwards} backward passes (the last one as backwardParameters if asked); the gradients. */
    private static List<Tensor> gradients(Module module, Tensor x, boolean eagerZero, int backwards, boolean parametersOnly) {
        module.zeroGrad();
        if (eagerZero) {
            module.parameters().forEach(Parameter::grad); // clears now, so backward adds to zeros
        }
        Tensor y = module.forward(x);
        Tensor g = Tensor.uniform(Seeds.generator(2), -1, 1, y.shape());
        for (int i = 0; i < backwards; i++) {
            if (parametersOnly && i == backwards - 1) {
                module.backwardParameters(g);
            } else {
                module.backward(g);
            }
        }
        List<Tensor> grads = new ArrayList<>();
        module.parameters().forEach(p -> grads.add(p.grad().copy()));
        return grads;
    }

    @Test
    void overwritingAClaimedGradientAndSkippingTheInputGradientChangeNoBit() {
        int checked = 0;
        for (var e : modules().entrySet()) {
            Tensor x = input(e.getKey());
            List<Tensor> reference = gradients(e.getValue().get(), x, true, 1, false);
            assertNotEquals(Tensor.zeros(reference.get(0).shape()), reference.get(0), e.getKey());
            assertEquals(reference, gradients(e.getValue().get(), x, false, 1, false), e.getKey() + ": deferred zeroing");
            assertEquals(reference, gradients(e.getValue().get(), x, false, 1, true), e.getKey() + ": backwardParameters");
            // The second backward adds to the first, as it did onto a gradient cleared up front.
            assertEquals(gradients(e.getValue().get(), x, true, 2, false), gradients(e.getValue().get(), x, false, 2, true),
                    e.getKey() + ": two backwards");
            checked++;
        }
        assertEquals(7, checked);
    }
}
