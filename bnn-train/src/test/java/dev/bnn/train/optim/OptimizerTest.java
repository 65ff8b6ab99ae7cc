package dev.bnn.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.constraint.WeightClip;
import dev.bnn.train.nn.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer against two steps computed by hand (in double precision, see the values) from
 * w = (0.5, -1, 2), gradients g1 = (0.1, -0.2, 0.3) then g2 = (0.05, 0.4, -0.3). The float
 * updates differ from the double ones by a few ulps of terms of size ~0.01, so 1e-6 bounds them.
 */
class OptimizerTest {
    private static final float[] W0 = {0.5f, -1f, 2f};
    private static final float[][] GRADIENTS = {{0.1f, -0.2f, 0.3f}, {0.05f, 0.4f, -0.3f}};
    private static final float TOLERANCE = 1e-6f;

    /** Runs the two hand-computed steps on a real-valued parameter and returns its value. */
    private static float[] twoSteps(Optimizer optimizer) {
        Parameter p = Parameter.real("w", Tensor.wrap(W0.clone(), 3));
        optimizer.init(named(p));
        for (float[] g : GRADIENTS) {
            p.grad().copyFrom(Tensor.wrap(g.clone(), 3));
            optimizer.step();
        }
        return p.value().data();
    }

    @Test
    void sgdPlainMomentumAndNesterov() {
        assertArrayEquals(new float[] {0.485f, -1.02f, 2.0f}, twoSteps(new Sgd(0.1)), TOLERANCE);
        assertArrayEquals(new float[] {0.476f, -1.002f, 1.973f}, twoSteps(new Sgd(0.1, 0.9, false, true)), TOLERANCE);
        assertArrayEquals(new float[] {0.4634f, -1.0218f, 1.9757f}, twoSteps(new Sgd(0.1, 0.9, true, true)), TOLERANCE);
    }

    @Test
    void adam() {
        assertArrayEquals(new float[] {0.48067826f, -0.99366105f, 1.99052633f}, twoSteps(new Adam(0.01)), TOLERANCE);
    }

    @Test
    void adaMax() {
        assertArrayEquals(new float[] {0.48262420f, -0.99289474f, 1.99052632f}, twoSteps(new AdaMax(0.01)), TOLERANCE);
    }

    /**
     * Step 1: AP2(0.01 / 0.1) = 2^-3, u = |g1|, AP2(1 / u) = (8, 4, 4), m = 0.1 g1, so
     * w = (0.49, -0.99, 1.985). Step 2: AP2(0.01 / 0.19) = 2^-4, m = (0.014, 0.022, -0.003),
     * u = (0.0999, 0.4, 0.2997), AP2(1 / u) = (8, 2, 4): w = (0.483, -0.99275, 1.98575)... with
     * m3 = 0.9 * 0.03 - 0.03 = -0.003: 1.985 + 0.0625 * 0.003 * 4 = 1.98575.
     */
    @Test
    void shiftAdaMaxRoundsRateAndNormaliserToPowersOfTwo() {
        Parameter p = Parameter.real("w", Tensor.wrap(W0.clone(), 3));
        ShiftAdaMax opt = new ShiftAdaMax(0.01);
        opt.init(named(p));
        p.grad().copyFrom(Tensor.wrap(GRADIENTS[0].clone(), 3));
        opt.step();
        assertArrayEquals(new float[] {0.49f, -0.99f, 1.985f}, p.value().data(), TOLERANCE);
        p.grad().copyFrom(Tensor.wrap(GRADIENTS[1].clone(), 3));
        opt.step();
        assertArrayEquals(new float[] {0.483f, -0.99275f, 1.98575f}, p.value().data(), TOLERANCE);
    }

    @Test
    void ap2RoundsInTheLogDomain() {
        assertEquals(1f, ShiftAdaMax.ap2(1f));
        assertEquals(1f, ShiftAdaMax.ap2(1.414f));
        assertEquals(2f, ShiftAdaMax.ap2(1.415f));
        assertEquals(1f, ShiftAdaMax.ap2(0.75f));
        assertEquals(0.5f, ShiftAdaMax.ap2(0.7f));
        assertEquals(-4f, ShiftAdaMax.ap2(-3f));
        assertEquals(0.125f, ShiftAdaMax.ap2(0.1f));
        assertEquals(0x1p-20f, ShiftAdaMax.ap2(0x1p-20f));
    }

    /**
     * gamma 0.5, tau 0.1: m1 = 0.5 g1 = (0.05, -0.1, 0.15); w m1 on signs (1, -1, 1) is
     * (0.05, 0.1, 0.15), so only the third flips (0.1 is not above tau). m2 = (0.05, 0.15, -0.075):
     * nothing passes tau. Every weight ends exactly at -1 or +1.
     */
    @Test
    void bopFlipsWhenTheGradientAveragePassesTheThreshold() {
        Parameter p = Parameter.latentBinary("w", Tensor.wrap(W0.clone(), 3), 2, 1);
        Bop bop = new Bop(0.5, 0.1);
        bop.init(named(p));
        p.grad().copyFrom(Tensor.wrap(GRADIENTS[0].clone(), 3));
        bop.step();
        assertArrayEquals(new float[] {1, -1, -1}, p.value().data());
        p.grad().copyFrom(Tensor.wrap(GRADIENTS[1].clone(), 3));
        bop.step();
        assertArrayEquals(new float[] {1, -1, -1}, p.value().data());
        Map<String, Tensor> state = new HashMap<>();
        bop.exportState("", state, new HashMap<>());
        assertArrayEquals(new float[] {0.05f, 0.15f, -0.075f}, state.get("w.m").data(), TOLERANCE);
    }

    @Test
    void bopRejectsRealParameters() {
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> new Bop().init(named(Parameter.real("bn.gamma", Tensor.zeros(3)))));
        assertTrue(e.getMessage().contains("bn.gamma") && e.getMessage().contains("RoutingOptimizer"), e.getMessage());
    }

    /** fan-in 2, fan-out 1: scale 1 / sqrt(1.5 / 3) = sqrt(2), applied only to latent binary weights and only when on. */
    @Test
    void glorotScaleAppliesToLatentBinaryWeights() {
        Parameter latent = Parameter.latentBinary("latent", Tensor.wrap(new float[] {0f}, 1), 2, 1);
        Parameter real = Parameter.real("real", Tensor.wrap(new float[] {0f}, 1));
        Sgd on = new Sgd(0.1);
        on.init(named(latent, real));
        latent.grad().data()[0] = 1;
        real.grad().data()[0] = 1;
        on.step();
        assertEquals((float) (-0.1 * Math.sqrt(2)), latent.value().data()[0], 1e-7f);
        assertEquals(-0.1f, real.value().data()[0], 1e-7f);

        Parameter latent2 = Parameter.latentBinary("latent", Tensor.wrap(new float[] {0f}, 1), 2, 1);
        Sgd off = new Sgd(0.1, 0, false, false);
        off.init(named(latent2));
        latent2.grad().data()[0] = 1;
        off.step();
        assertEquals(-0.1f, latent2.value().data()[0], 1e-7f);
    }

    @Test
    void routingSendsBinaryWeightsToOneAndTheRestToTheOther() {
        Parameter latent = Parameter.latentBinary("dense.weight", Tensor.wrap(new float[] {0.3f}, 1), 2, 1);
        Parameter real = Parameter.real("bn.beta", Tensor.wrap(new float[] {0.3f}, 1));
        RoutingOptimizer routing = new RoutingOptimizer(new Bop(), new Sgd(0.1));
        routing.init(named(latent, real));
        latent.grad().data()[0] = 1;
        real.grad().data()[0] = 1;
        routing.step();
        // Bop: m = 1e-4 * 1 passes tau = 1e-8 and points the way of w = +0.3, so w flips
        assertEquals(-1f, latent.value().data()[0]);
        assertEquals(0.2f, real.value().data()[0], 1e-7f);
        Map<String, Tensor> tensors = new HashMap<>();
        Map<String, String> metadata = new HashMap<>();
        routing.exportState("optimizer.", tensors, metadata);
        assertEquals(Map.of("optimizer.binary.steps", "1", "optimizer.real.steps", "1"), metadata);
        assertEquals(List.of("optimizer.binary.dense.weight.m"), List.copyOf(tensors.keySet()));
        assertTrue(routing.toString().contains("Bop(gamma 1.0E-4") && routing.toString().contains("Sgd(lr 0.1"),
                routing.toString());
    }

    @Test
    void learningRateFactorScalesTheStep() {
        Parameter p = Parameter.real("w", Tensor.wrap(new float[] {0f}, 1));
        Sgd sgd = new Sgd(0.1);
        sgd.init(named(p));
        sgd.setLearningRateFactor(0.5);
        p.grad().data()[0] = 1;
        sgd.step();
        assertEquals(-0.05f, p.value().data()[0], 1e-8f);
    }

    @Test
    void importRejectsMissingAndMisshapenState() {
        List<Parameter> ps = params();
        Adam adam = new Adam();
        adam.init(named(ps));
        setGrads(ps, randomTensor(1, 100));
        adam.step();
        Map<String, Tensor> tensors = new HashMap<>();
        Map<String, String> metadata = new HashMap<>();
        adam.exportState("", tensors, metadata);
        Map<String, Tensor> missing = new HashMap<>(tensors);
        missing.remove("b.v");
        Adam fresh = new Adam();
        fresh.init(named(params()));
        Exception e = assertThrows(IllegalArgumentException.class, () -> fresh.importState("", missing, metadata));
        assertTrue(e.getMessage().contains("b.v"), e.getMessage());
        Map<String, Tensor> misshapen = new HashMap<>(tensors);
        misshapen.put("a.m", Tensor.zeros(3));
        e = assertThrows(RuntimeException.class, () -> fresh.importState("", misshapen, metadata));
        assertTrue(e.getMessage().contains("a.m"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fresh.importState("", tensors, Map.of()));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
    }

    /** A step split over threads gives the single-thread bits (element-wise updates, ranges split only). */
    @Test
    void threadCountDoesNotChangeTheResult() {
        Tensor g = randomTensor(7, 300_001);
        Parameter one = Parameter.latentBinary("w", randomTensor(8, 300_001), 6, 10);
        Parameter two = copy(one);
        Adam a = new Adam();
        a.init(named(one));
        Adam b = new Adam();
        b.init(named(two));
        try (Parallelism threads = Parallelism.threads(3)) {
            b.setParallelism(threads);
            for (int s = 0; s < 2; s++) {
                one.grad().copyFrom(g);
                two.grad().copyFrom(g);
                a.step();
                b.step();
            }
        }
        assertEquals(one.value(), two.value());
    }

    /**
     * A step clips each latent weight to its WeightClip (here in chunks over 3 threads) and marks
     * the parameter changed: the same values as an unclipped step followed by {@link WeightClip#apply}.
     */
    @Test
    void stepAppliesTheWeightClipAndMarksTheParameterChanged() {
        int n = 100_003;
        Tensor w0 = randomTensor(21, n);
        Tensor g = randomTensor(22, n);
        Parameter clipped = Parameter.latentBinary("w", w0.copy(), 6, 10, WeightClip.unit());
        Parameter free = Parameter.latentBinary("w", w0.copy(), 6, 10);
        Sgd a = new Sgd(0.5);
        a.init(named(clipped));
        Sgd b = new Sgd(0.5);
        b.init(named(free));
        long version = clipped.version();
        try (Parallelism threads = Parallelism.threads(3)) {
            a.setParallelism(threads);
            clipped.grad().copyFrom(g);
            free.grad().copyFrom(g);
            a.step();
            b.step();
        }
        WeightClip.unit().apply(free.value());
        assertEquals(free.value(), clipped.value());
        assertTrue(clipped.version() > version, "the step announces the change to the layer");
        float max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(clipped.value().data()[i]));
        }
        assertEquals(1f, max, "some weights were pushed past 1 and clipped");
    }

    @Test
    void toStringPrintsTheHyperparameters() {
        assertEquals("Adam(lr 0.001, beta1 0.9, beta2 0.999, epsilon 1.0E-8, Glorot scale on)", new Adam().toString());
        assertEquals("Bop(gamma 1.0E-4, threshold 1.0E-8)", new Bop().toString());
        assertEquals("Sgd(lr 0.1, momentum 0.9, Nesterov, Glorot scale off)", new Sgd(0.1, 0.9, true, false).toString());
    }

    @Test
    void badHyperparametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Adam(0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1, 0.9, 1e-8, true));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0, true, true));
        assertThrows(IllegalArgumentException.class, () -> new Bop(2, 0));
        assertThrows(IllegalStateException.class, () -> new Adam().step());
        Parameter view = Parameter.real("w", Tensor.zeros(10).slice(2, 5));
        Exception e = assertThrows(IllegalArgumentException.class, () -> new Adam().init(named(view)));
        assertTrue(e.getMessage().contains("w is a view at offset 2"), e.getMessage());
    }

    /** The parameters by their own names, as a network's namedParameters() gives them. */
    private static Map<String, Parameter> named(Parameter... ps) {
        return named(List.of(ps));
    }

    private static Map<String, Parameter> named(List<Parameter> ps) {
        Map<String, Parameter> m = new java.util.LinkedHashMap<>();
        ps.forEach(p -> m.put(p.name(), p));
        return m;
    }

    private static List<Parameter> params() {
        return List.of(Parameter.latentBinary("a", randomTensor(11, 60), 6, 10), Parameter.real("b", randomTensor(12, 40)));
    }

    private static void setGrads(List<Parameter> ps, Tensor g) {
        ps.get(0).grad().copyFrom(Tensor.wrap(java.util.Arrays.copyOfRange(g.data(), 0, 60), 60));
        ps.get(1).grad().copyFrom(Tensor.wrap(java.util.Arrays.copyOfRange(g.data(), 60, 100), 40));
    }

    private static Parameter copy(Parameter p) {
        return p.isLatentBinary()
                ? Parameter.latentBinary(p.name(), p.value().copy(), 6, 10)
                : Parameter.real(p.name(), p.value().copy());
    }

    private static Tensor randomTensor(long seed, int n) {
        RandomGenerator rng = Seeds.generator(seed);
        return Tensor.uniform(rng, -1, 1, n);
    }
}
