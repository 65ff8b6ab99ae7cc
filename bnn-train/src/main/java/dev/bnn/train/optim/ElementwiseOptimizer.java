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
 * over threads, the constraint (what {@link Parameter#applyConstraint()} does after each update:
 * the {@link WeightClip}, fused into the update chunk by chunk, then {@link Parameter#markChanged()},
 * which tells binary layers to re-pack their weights), and state export.
 *
 * <p>A step walks all parameters as one flat range of elements and gives each thread a
 * contiguous share of it; after the first step (which creates the state) a step allocates nothing
 * but the task objects of a split over threads.
 */
public abstract class ElementwiseOptimizer implements Optimizer {
    /** Below this many elements a step stays on the calling thread (a split costs tens of microseconds). */
    private static final long MIN_ELEMENTS_PER_THREAD = 1 << 16;
    /**
     * Elements updated and then clipped together (32 KB of weights): the clip reads the weights
     * while they are still in the L1/L2 cache instead of in a second pass over memory.
     */
    private static final int CHUNK = 8192;

    private final double learningRate;
    private final boolean glorotScale;
    private final String[] slots;

    private String[] names;
    private Parameter[] params;
    private long[] starts;
    private float[][][] state;
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
        state = new float[params.length][][];
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
            if (state[i] == null) {
                state[i] = new float[slots.length][params[i].value().size()];
            }
        }
        steps++;
        beginStep(steps);
        if (tasks == 1 || parallelism == null) {
            runTask(0);
        } else {
            parallelism.forEach(tasks, task);
        }
        for (Parameter p : params) {
            p.markChanged(); // the clip of applyConstraint() ran in runTask, chunk by chunk
        }
    }

    /** w = clip(w, -bound, bound) on elements from .. to-1, as {@link WeightClip#apply} (NaN stays NaN). */
    private static void clip(float[] w, int from, int to, float bound) {
        for (int i = from; i < to; i++) {
            // min/max vectorize where a chain of conditionals would not; NaN and -0.0 pass through as in WeightClip
            w[i] = Math.max(-bound, Math.min(bound, w[i]));
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
                Parameter p = params[i];
                float rate = (float) (learningRate * factor * (glorotScale && p.isLatentBinary() ? p.learningRateScale() : 1));
                WeightClip clip = p.constraint();
                float[] w = p.value().data();
                float[] g = p.grad().data();
                for (int c = (int) (lo - starts[i]), end = (int) (hi - starts[i]); c < end; c += CHUNK) {
                    int cEnd = Math.min(end, c + CHUNK);
                    update(w, g, state[i], c, cEnd, rate);
                    if (clip != null) {
                        clip(w, c, cEnd, clip.bound());
                    }
                }
            }
        }
    }

    /** Called once per step, before any update, with the new step count t = 1, 2, ... */
    protected void beginStep(long t) {}

    /**
     * Updates elements {@code from .. to-1} of a parameter at learning rate {@code rate}: element
     * i is value {@code w[i]}, gradient {@code g[i]} and state {@code s[k][i]}. Called
     * concurrently for disjoint ranges. Every array is indexed by the same i (parameters start at
     * index 0 of their arrays), which lets C2 vectorize the loop: with different offsets it would
     * have to assume that two arrays overlap, and the update ran 4x slower, at the speed of a
     * scalar sqrt and division.
     */
    protected abstract void update(float[] w, float[] g, float[][] s, int from, int to, float rate);

    @Override
    public final void exportState(String prefix, Map<String, Tensor> tensors, Map<String, String> metadata) {
        requireBound();
        metadata.put(prefix + "steps", Long.toString(steps));
        for (int i = 0; i < params.length; i++) {
            if (state[i] != null) {
                for (int k = 0; k < slots.length; k++) {
                    tensors.put(prefix + names[i] + "." + slots[k], Tensor.wrap(state[i][k].clone(), params[i].value().shape()));
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
        state = loaded;
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
