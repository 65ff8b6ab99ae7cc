package dev.bnn.train.optim;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.constraint.WeightClip;
import dev.bnn.train.nn.Parameter;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The machinery shared by optimizers whose update of element i reads only element i of the
 * value, the gradient and the state slots: binding, lazily created state, the learning rate
 * (base x schedule factor x BinaryConnect's Glorot scale for latent binary weights), the split
 * over threads, and state export. {@link #step()} is final and writes the parameters only through
 * {@link Parameter#update}, which fuses the {@link WeightClip} into the update chunk by chunk and
 * bumps {@link Parameter#version()} (binary layers then re-pack their weights): a subclass gives
 * the update rule ({@link #update}) and cannot skip the clip or the version.
 *
 * <p>A step walks all parameters as one flat range of elements and gives each thread a
 * contiguous share of it; after the first step (which creates the state) a step allocates nothing
 * but the task objects of a split over threads.
 */
public abstract class ElementwiseOptimizer implements Optimizer {
    /** Below this many elements a step stays on the calling thread (a split costs tens of microseconds). */
    private static final long MIN_ELEMENTS_PER_THREAD = 1 << 16;

    private final double learningRate;
    private final boolean glorotScale;
    private final String[] slots;

    private String[] names;
    private Parameter[] params;
    private long[] starts;
    private Rule[] rules;
    private long steps;
    private double factor = 1;
    private Parallelism parallelism;
    private int tasks = 1;
    private final IntConsumer task = this::runTask;

    /**
     * @param learningRate the base learning rate (the rate of the first epoch)
     * @param glorotScale  multiply the rate of latent binary weights by their {@link Parameter#learningRateScale()}
     * @param slots        names of the per-parameter state tensors, e.g. {@code "m", "v"}
     */
    protected ElementwiseOptimizer(double learningRate, boolean glorotScale, String... slots) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be positive and finite, got "
                    + learningRate);
        }
        this.learningRate = learningRate;
        this.glorotScale = glorotScale;
        this.slots = slots.clone();
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    /** True when latent binary weights learn at the rate times their Glorot scale. */
    public final boolean glorotScale() {
        return glorotScale;
    }

    @Override
    public final void init(Map<String, Parameter> parameters) {
        if (params != null) {
            throw new IllegalStateException(this + " is already bound to " + params.length + " parameters");
        }
        parameters.forEach((name, p) -> {
            if (p.value().offset() != 0 || p.grad().offset() != 0) {
                throw new IllegalArgumentException(this + ": parameter " + name + " is a view at offset " + p.value().offset()
                        + " of a larger array; optimizers update tensors that start at index 0 of their array "
                        + "(so that C2 vectorizes the update: every array is read at the same index)");
            }
            accept(name, p);
        });
        names = parameters.keySet().toArray(String[]::new);
        params = parameters.values().toArray(Parameter[]::new);
        starts = new long[params.length + 1];
        for (int i = 0; i < params.length; i++) {
            starts[i + 1] = starts[i] + params[i].value().size();
        }
        rules = new Rule[params.length];
        for (int i = 0; i < params.length; i++) {
            rules[i] = new Rule();
        }
        setTasks();
    }

    /** Rejects a parameter this optimizer cannot update; the default accepts all. */
    protected void accept(String name, Parameter p) {}

    @Override
    public final void setParallelism(Parallelism parallelism) {
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
        setTasks();
    }

    private void setTasks() {
        if (parallelism == null || starts == null) {
            return;
        }
        long total = starts[params.length];
        tasks = (int) Math.max(1, Math.min(parallelism.threads(), total / MIN_ELEMENTS_PER_THREAD));
    }

    @Override
    public final void setLearningRateFactor(double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException(this + ": learning-rate factor must be non-negative and finite, got " + factor);
        }
        this.factor = factor;
    }

    /** The current learning-rate factor. */
    public final double learningRateFactor() {
        return factor;
    }

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final void step() {
        if (params == null) {
            throw new IllegalStateException(this + ": init(parameters) was not called");
        }
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            if (rules[i].state == null) {
                rules[i].state = new float[slots.length][p.value().size()];
            }
            rules[i].rate = (float) (learningRate * factor * (glorotScale && p.isLatentBinary() ? p.learningRateScale() : 1));
        }
        steps++;
        beginStep(steps);
        if (tasks == 1 || parallelism == null) {
            runTask(0);
        } else {
            parallelism.forEach(tasks, task);
        }
    }

    /** Thread {@code t}'s contiguous share of the flat element range. */
    private void runTask(int t) {
        long total = starts[params.length];
        long from = total * t / tasks;
        long to = total * (t + 1) / tasks;
        for (int i = 0; i < params.length; i++) {
            long lo = Math.max(from, starts[i]);
            long hi = Math.min(to, starts[i + 1]);
            if (lo < hi) {
                params[i].update((int) (lo - starts[i]), (int) (hi - starts[i]), rules[i]);
            }
        }
    }

    /** One parameter's update rule: its state slots and this step's rate, bound once so that a step allocates nothing. */
    private final class Rule implements Parameter.RangeUpdate {
        float[][] state;
        float rate;

        @Override
        public void apply(float[] w, float[] g, int from, int to) {
            update(w, g, state, from, to, rate);
        }
    }

    /** Called once per step, before any update, with the new step count t = 1, 2, ... */
    protected void beginStep(long t) {}

    /**
     * Updates elements {@code from .. to-1} of a parameter at learning rate {@code rate}: element
     * i is value {@code w[i]}, gradient {@code g[i]} and state {@code s[k][i]}. Called by
     * {@link Parameter#update} chunk by chunk, concurrently for disjoint ranges. Every array is
     * indexed by the same i (parameters start at index 0 of their arrays), which lets C2 vectorize
     * the loop: with different offsets it would have to assume that two arrays overlap, and the
     * update ran 4x slower, at the speed of a scalar sqrt and division.
     */
    protected abstract void update(float[] w, float[] g, float[][] s, int from, int to, float rate);

    @Override
    public final void exportState(String prefix, Map<String, Tensor> tensors, Map<String, String> metadata) {
        requireBound();
        metadata.put(prefix + "steps", Long.toString(steps));
        for (int i = 0; i < params.length; i++) {
            float[][] state = rules[i].state;
            if (state != null) {
                for (int k = 0; k < slots.length; k++) {
                    tensors.put(prefix + names[i] + "." + slots[k], Tensor.wrap(state[k].clone(), params[i].value().shape()));
                }
            }
        }
    }

    @Override
    public final void importState(String prefix, Map<String, Tensor> tensors, Map<String, String> metadata) {
        requireBound();
        String stepsKey = prefix + "steps";
        String s = metadata.get(stepsKey);
        if (s == null) {
            throw new IllegalArgumentException(this + ": the optimizer state has no entry " + stepsKey);
        }
        long restored;
        try {
            restored = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(this + ": entry " + stepsKey + " is not a step count: " + s, e);
        }
        float[][][] loaded = new float[params.length][][];
        for (int i = 0; i < params.length; i++) {
            int present = 0;
            float[][] slotData = new float[slots.length][];
            for (int k = 0; k < slots.length; k++) {
                String key = prefix + names[i] + "." + slots[k];
                Tensor t = tensors.get(key);
                if (t != null) {
                    ShapeMismatchException.require("optimizer state " + key, params[i].value().shape(), t.shape());
                    slotData[k] = t.copy().data();
                    present++;
                }
            }
            if (present == slots.length) {
                loaded[i] = slotData;
            } else if (present > 0 || restored > 0 && slots.length > 0) {
                throw new IllegalArgumentException(this + ": the optimizer state after " + restored + " steps lacks "
                        + prefix + names[i] + "." + slots[present == 0 ? 0 : firstMissing(slotData)]);
            }
        }
        for (int i = 0; i < params.length; i++) {
            rules[i].state = loaded[i];
        }
        steps = restored;
    }

    private static int firstMissing(float[][] slotData) {
        int k = 0;
        while (slotData[k] != null) {
            k++;
        }
        return k;
    }

    private void requireBound() {
        if (params == null) {
            throw new IllegalStateException(this + ": init(parameters) was not called");
        }
    }
}
