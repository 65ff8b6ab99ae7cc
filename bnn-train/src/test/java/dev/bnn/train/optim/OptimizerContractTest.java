package dev.bnn.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.io.Json;
import dev.bnn.train.constraint.WeightClip;
import dev.bnn.train.nn.Parameter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every optimizer must do, each with hyperparameters off their defaults: a step announces
 * the change of every parameter ({@link Parameter#version()}), leaves every latent weight within
 * its clip, its state exported and imported into an optimizer rebuilt from its config continues
 * bit-identically, and its config survives JSON.
 */
class OptimizerContractTest {
    private static final WeightClip CLIP = new WeightClip(0.5f);
    private static final int STEPS = 3;

    static Stream<Optimizer> optimizers() {
        return Stream.of(new Sgd(0.05, 0.8, true, false), new Sgd(0.2), new Adam(0.003, 0.8, 0.99, 1e-6, false),
                new AdaMax(0.004, 0.85, 0.995, 1e-7, true), new ShiftAdaMax(0.005, 0.7, 0.9, 1e-5, true),
                new Bop(1e-3, 1e-6), new RoutingOptimizer(new Bop(0.2, 1e-7), new Adam(0.01, 0.5, 0.95, 1e-4, true)));
    }

    /** A latent weight clipped to [-0.5, 0.5] (with Bop, only it), and a real-valued bias unless the optimizer is Bop. */
    private static Map<String, Parameter> parameters(Optimizer o, long seed) {
        Tensor w = Tensor.uniform(Seeds.generator(seed), -0.5f, 0.5f, 7, 5);
        w.data()[0] = 0.5f; // at the bound, its gradient below pushes it out
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put("w", Parameter.latentBinary("w", w, 5, 7, CLIP));
        if (!(o instanceof Bop)) {
            m.put("b", Parameter.real("b", Tensor.uniform(Seeds.generator(seed + 1), -2, 2, 7)));
        }
        return m;
    }

    /** Gradients of step {@code s}, the same for every copy of the parameters. */
    private static void setGradients(Map<String, Parameter> ps, int s) {
        ps.values().forEach(p -> {
            p.grad().copyFrom(Tensor.uniform(Seeds.generator(100 + s), -1, 1, p.value().shape()));
            if (p.isLatentBinary()) {
                p.grad().data()[0] = -1f;
            }
        });
    }

    private static Map<String, Parameter> copy(Map<String, Parameter> ps) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        ps.forEach((name, p) -> m.put(name, p.isLatentBinary()
                ? Parameter.latentBinary(name, p.value().copy(), 5, 7, p.constraint())
                : Parameter.real(name, p.value().copy())));
        return m;
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void aStepChangesTheVersionAndKeepsTheClip(Optimizer o) {
        Map<String, Parameter> ps = parameters(o, 1);
        o.init(ps);
        for (int s = 0; s < STEPS; s++) {
            Map<String, Long> versions = new HashMap<>();
            ps.forEach((name, p) -> versions.put(name, p.version()));
            setGradients(ps, s);
            o.step();
            String step = o + ": step " + s;
            ps.forEach((name, p) -> assertNotEquals(versions.get(name), p.version(), step + " of " + name));
            float[] w = ps.get("w").value().data();
            float max = 0;
            for (float x : w) {
                max = Math.max(max, Math.abs(x));
            }
            assertEquals(CLIP.bound(), max, step + " pushed a weight past the bound, and the clip holds");
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void importedStateContinuesBitIdenticallyInAnOptimizerRebuiltFromTheConfig(Optimizer o) {
        Map<String, Parameter> straight = parameters(o, 2);
        o.init(straight);
        setGradients(straight, 0);
        o.step();
        Map<String, Tensor> tensors = new HashMap<>();
        Map<String, String> metadata = new HashMap<>();
        o.exportState("optimizer.", tensors, metadata);
        Map<String, Parameter> resumed = copy(straight);
        Optimizer fresh = Optimizers.fromConfig(o.config());
        fresh.init(resumed);
        fresh.importState("optimizer.", tensors, metadata);
        assertEquals(1, fresh.steps());
        for (int s = 1; s < STEPS; s++) {
            setGradients(straight, s);
            setGradients(resumed, s);
            o.step();
            fresh.step();
        }
        straight.forEach((name, p) -> assertEquals(p.value(), resumed.get(name).value(), o + ": " + name));
        Map<String, Tensor> a = new HashMap<>();
        Map<String, Tensor> b = new HashMap<>();
        o.exportState("", a, new HashMap<>());
        fresh.exportState("", b, new HashMap<>());
        assertEquals(a, b, o + ": state after the resumed steps");
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void configRoundTripsThroughJson(Optimizer o) {
        Optimizer back = Optimizers.fromConfig(Json.parseObject(Json.write(o.config())));
        assertEquals(o.getClass(), back.getClass());
        assertEquals(o.config(), back.config());
        assertEquals(o.toString(), back.toString());
    }

    @Test
    void anUnknownTypeListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.fromConfig(Map.of("type", "RMSprop")));
        assertTrue(e.getMessage().contains("'RMSprop'")
                && e.getMessage().contains("AdaMax, Adam, Bop, RoutingOptimizer, Sgd, ShiftAdaMax"), e.getMessage());
        assertEquals(Set.of("AdaMax", "Adam", "Bop", "RoutingOptimizer", "Sgd", "ShiftAdaMax"), Optimizers.registry().names());
    }
}
