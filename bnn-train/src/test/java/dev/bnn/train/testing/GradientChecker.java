package dev.bnn.train.testing;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.train.loss.Loss;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Finite-difference gradient checks for modules and losses (Torch7's {@code nn.Jacobian}).
 *
 * <p>A module is reduced to the scalar L(x) = sum_i r_i y_i(x) with fixed random weights r; its
 * backward with gradOutput = r must give dL/dx and dL/dtheta. The reference is the central
 * difference (L(x + h e_k) - L(x - h e_k)) / 2h, with L accumulated in double from the float
 * outputs. Buffers (batch-norm statistics, random-stream counters) are restored before every
 * evaluation, so a stochastic module draws the same mask each time.
 *
 * <p><b>Error bound.</b> The float forward computes each output with at most {@code depth}
 * rounded operations in a chain, so |L_float - L| &lt;= depth eps32 S with S = sum_i |r_i| |y_i|
 * (eps32 = 2^-24), and the central difference inherits an error of at most
 * depth eps32 S / h from rounding; truncation is O(h^2 |L'''|), zero for piecewise-linear layers
 * away from their kinks. An entry passes when
 * |analytic - numeric| &lt;= 1e-3 max(|analytic|, |numeric|) + 4 depth eps32 S / h
 * (the relative 1e-3 covers the float backward's own rounding and the truncation term with
 * h = 1e-2 for smooth layers). Test inputs must keep away from kinks (|x| = 1 for hard tanh).
 */
public final class GradientChecker {
    private static final double EPS32 = 0x1p-24;
    private static final int MAX_ENTRIES = 64;

    private final double h;
    private final int depth;
    private final long seed;
    private int checked;

    /**
     * @param h     the finite-difference step
     * @param depth rounded float operations per output in the forward (e.g. the fan-in of a product)
     */
    public GradientChecker(double h, int depth, long seed) {
        this.h = h;
        this.depth = depth;
        this.seed = seed;
    }

    /** How many entries the checks so far compared. */
    public int checked() {
        return checked;
    }

    /**
     * Checks the input gradient and every parameter's gradient of {@code module} at {@code input}
     * (up to {@value #MAX_ENTRIES} sampled entries per tensor). Throws an AssertionError naming
     * the tensor, the entry and both values.
     */
    public void checkModule(Module module, Tensor input) {
        RandomGenerator rng = Seeds.generator(seed);
        Map<String, Tensor> buffers = copies(module.buffers());
        Tensor y = module.forward(input);
        Tensor r = Tensor.uniform(rng, -1f, 1f, y.shape());
        module.zeroGrad();
        restore(module, buffers);
        module.forward(input);
        Tensor gradInput = module.backward(r).copy();
        compare(module + " input", input, gradInput, null, module, input, r, buffers, rng);
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            compare(module + " parameter " + e.getKey(), p.value(), p.grad().copy(), p, module, input, r, buffers, rng);
        }
    }

    /** Checks d loss / d prediction of {@code loss} at {@code prediction} against its gradient output. */
    public void checkLoss(Loss loss, Tensor prediction, Tensor target) {
        RandomGenerator rng = Seeds.generator(seed);
        Tensor gradient = Tensor.zeros(prediction.shape());
        loss.evaluate(prediction, target, gradient);
        for (int k : entries(prediction.size(), rng)) {
            float saved = prediction.data()[prediction.offset() + k];
            float up = (float) (saved + h);
            float down = (float) (saved - h);
            prediction.data()[prediction.offset() + k] = up;
            double plus = loss.evaluate(prediction, target, null);
            prediction.data()[prediction.offset() + k] = down;
            double minus = loss.evaluate(prediction, target, null);
            prediction.data()[prediction.offset() + k] = saved;
            double scale = Math.abs(loss.evaluate(prediction, target, null));
            assertClose(loss + " prediction", k, gradient.getFlat(k), (plus - minus) / ((double) up - down), scale);
        }
    }

    /** Perturbs entries of x (the input or a parameter value) and compares with {@code analytic}. */
    private void compare(String what, Tensor x, Tensor analytic, Parameter p, Module module, Tensor input, Tensor r,
                         Map<String, Tensor> buffers, RandomGenerator rng) {
        for (int k : entries(x.size(), rng)) {
            float saved = x.data()[x.offset() + k];
            float up = (float) (saved + h);
            float down = (float) (saved - h);
            double[] plus = loss(module, input, x, k, up, p, r, buffers);
            double[] minus = loss(module, input, x, k, down, p, r, buffers);
            x.data()[x.offset() + k] = saved;
            if (p != null) {
                p.markChanged();
            }
            double numeric = (plus[0] - minus[0]) / ((double) up - down);
            assertClose(what, k, analytic.getFlat(k), numeric, Math.max(plus[1], minus[1]));
        }
    }

    /** {L, S} at x_k = value. */
    private static double[] loss(Module module, Tensor input, Tensor x, int k, float value, Parameter p, Tensor r,
                                 Map<String, Tensor> buffers) {
        x.data()[x.offset() + k] = value;
        if (p != null) {
            p.markChanged();
        }
        restore(module, buffers);
        return weightedSum(module.forward(input), r);
    }

    private static double[] weightedSum(Tensor y, Tensor r) {
        double l = 0;
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            l += (double) r.getFlat(i) * y.getFlat(i);
            s += Math.abs((double) r.getFlat(i) * y.getFlat(i));
        }
        return new double[] {l, s};
    }

    private void assertClose(String what, int k, double analytic, double numeric, double scale) {
        checked++;
        double bound = 1e-3 * Math.max(Math.abs(analytic), Math.abs(numeric)) + 4 * depth * EPS32 * scale / h;
        if (!(Math.abs(analytic - numeric) <= bound)) {
            throw new AssertionError(what + ", entry " + k + ": backward gives " + analytic + " but finite differences give "
                    + numeric + " (difference " + Math.abs(analytic - numeric) + " > bound " + bound + ")");
        }
    }

    private static int[] entries(int size, RandomGenerator rng) {
        int n = Math.min(size, MAX_ENTRIES);
        int[] e = new int[n];
        for (int i = 0; i < n; i++) {
            e[i] = size <= MAX_ENTRIES ? i : rng.nextInt(size);
        }
        return e;
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> buffers) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        buffers.forEach((k, v) -> c.put(k, v.copy()));
        return c;
    }

    private static void restore(Module module, Map<String, Tensor> saved) {
        module.buffers().forEach((k, v) -> v.copyFrom(saved.get(k)));
    }
}
