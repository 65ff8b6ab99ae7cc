package dev.bnn.train.nn;

import dev.bnn.core.Tensor;
import dev.bnn.train.constraint.WeightClip;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A trainable tensor of a module: its name, its value, the gradient that backward passes
 * accumulate into, and how an optimizer must treat it.
 *
 * <p>A <b>latent</b> (shadow) parameter is the real-valued weight of a binary layer: the optimizer
 * updates {@link #value()}, and the forward pass reads it only through the layer's quantizer
 * (sign, stochastic sign, ...), as in BinaryConnect (Courbariaux et al. 2015, Algorithm 1). Its
 * {@link #learningRateScale()} is BinaryConnect's Glorot factor 1 / sqrt(1.5 / (fanIn + fanOut)),
 * applied by the optimizer when the per-layer scale is enabled; real-valued parameters have scale 1.
 *
 * <p>Gradients accumulate: every backward adds to {@link #grad()}; {@link #zeroGrad()} clears it.
 * Name, value tensor and gradient tensor keep their identity for the parameter's lifetime, so an
 * optimizer may key its state on a parameter. The clearing is deferred: {@link #zeroGrad()} only
 * marks the gradient zero, and the next {@link #grad()} writes the zeros, unless a layer's
 * backward first claims the zeroed gradient ({@link #claimZeroedGrad()}) and overwrites it whole
 * with its product, which saves a pass over the gradient per step (37 M floats in the BNN MNIST
 * MLP). So read and write the gradient through {@link #grad()}, not through a tensor kept from
 * before a {@link #zeroGrad()}.
 *
 * <p><b>An optimizer changes the value only through {@link #update}</b>: it runs the update rule
 * over a range of elements chunk by chunk, applies the optional {@link WeightClip} to each chunk
 * while it is still in cache, and bumps {@link #version()}, which tells binary layers to
 * re-quantize and re-pack their weights. A layer caches its packed weights between versions, so a
 * value changed another way (a loaded state, a test) must call {@link #markChanged()}.
 */
public final class Parameter {
    /** Elements updated and then clipped together (32 KB of weights). */
    private static final int CHUNK = 8192;

    /** How an optimizer must treat a parameter. */
    public enum Kind {
        /** An ordinary real-valued parameter (float weights, biases, batch norm gamma and beta). */
        REAL,
        /** The latent weight of a binary layer, read through a quantizer in the forward pass. */
        LATENT_BINARY
    }

    private final String name;
    private final Tensor value;
    private final Tensor grad;
    private final Kind kind;
    private final float learningRateScale;
    private final WeightClip constraint;
    private final AtomicLong version = new AtomicLong();
    private boolean zeroPending;

    private Parameter(String name, Tensor value, Kind kind, float learningRateScale, WeightClip constraint) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        this.grad = Tensor.zeros(value.shape());
        this.kind = kind;
        if (!(learningRateScale > 0) || Float.isInfinite(learningRateScale)) {
            throw new IllegalArgumentException("parameter " + name + ": learning-rate scale must be positive and finite, got "
                    + learningRateScale);
        }
        this.learningRateScale = learningRateScale;
        this.constraint = constraint;
    }

    /** A real-valued parameter over {@code value} (not copied). */
    public static Parameter real(String name, Tensor value) {
        return new Parameter(name, value, Kind.REAL, 1f, null);
    }

    /**
     * The latent weight of a binary layer with {@code fanIn} inputs and {@code fanOut} outputs
     * per weight; its learning-rate scale is 1 / sqrt(1.5 / (fanIn + fanOut)).
     */
    public static Parameter latentBinary(String name, Tensor value, int fanIn, int fanOut) {
        return latentBinary(name, value, fanIn, fanOut, null);
    }

    /** As {@link #latentBinary(String, Tensor, int, int)}, clipped by {@code constraint} (null for none). */
    public static Parameter latentBinary(String name, Tensor value, int fanIn, int fanOut, WeightClip constraint) {
        return new Parameter(name, value, Kind.LATENT_BINARY, glorotScale(fanIn, fanOut), constraint);
    }

    /** BinaryConnect's per-layer learning-rate scale: 1 / sqrt(1.5 / (fanIn + fanOut)). */
    public static float glorotScale(int fanIn, int fanOut) {
        if (fanIn < 1 || fanOut < 1) {
            throw new IllegalArgumentException("fan-in and fan-out must be positive, got " + fanIn + " and " + fanOut);
        }
        return (float) (1.0 / Math.sqrt(1.5 / ((double) fanIn + fanOut)));
    }

    /** The name, unique within a network once the network prefixes it with the layer's name. */
    public String name() {
        return name;
    }

    /** The value (for a latent parameter, the real-valued shadow weight). */
    public Tensor value() {
        return value;
    }

    /** The accumulated gradient, same shape as the value (all zeros after {@link #zeroGrad()}). */
    public Tensor grad() {
        if (zeroPending) {
            grad.zero();
            zeroPending = false;
        }
        return grad;
    }

    public Kind kind() {
        return kind;
    }

    /** True for the latent weight of a binary layer. */
    public boolean isLatentBinary() {
        return kind == Kind.LATENT_BINARY;
    }

    /** Factor on the learning rate for this parameter (1 for real-valued parameters). */
    public float learningRateScale() {
        return learningRateScale;
    }

    /** The weight clip that {@link #update} applies, or null. */
    public WeightClip constraint() {
        return constraint;
    }

    /**
     * An update rule over a range of elements: writes new values into {@code w[from .. to-1]}
     * (the value's array) from the gradient {@code g} (the gradient's array, same indices).
     */
    @FunctionalInterface
    public interface RangeUpdate {
        void apply(float[] w, float[] g, int from, int to);
    }

    /**
     * The one entry through which an optimizer writes the value: runs {@code rule} over elements
     * {@code from .. to-1} in chunks of {@value #CHUNK}, clipping each chunk to the
     * {@link #constraint()} (if any) right after its update, while it is still in the L1/L2 cache
     * rather than in a second pass over memory; then bumps the version. Threads may call it
     * concurrently on disjoint ranges.
     */
    public void update(int from, int to, RangeUpdate rule) {
        Objects.checkFromToIndex(from, to, value.size());
        if (value.offset() != 0) {
            throw new IllegalStateException(this + " is a view at offset " + value.offset() + " of a larger array; updates need"
                    + " the value at index 0 of its array (every array read at the same index lets C2 vectorize the rule)");
        }
        float[] w = value.data();
        float[] g = grad().data();
        for (int c = from; c < to; c += CHUNK) {
            int end = Math.min(to, c + CHUNK);
            rule.apply(w, g, c, end);
            if (constraint != null) {
                constraint.apply(w, c, end);
            }
        }
        markChanged();
    }

    /** Bumps the version without an update: for a value set from outside (a loaded state, a test). */
    public void markChanged() {
        version.incrementAndGet();
    }

    /** Counts the changes announced by {@link #update} and {@link #markChanged()}; layers compare it to refresh cached weights. */
    public long version() {
        return version.get();
    }

    /** Sets the gradient to zero (deferred to the next {@link #grad()}, see the class Javadoc). */
    public void zeroGrad() {
        zeroPending = true;
    }

    /**
     * True when the gradient is zero since {@link #zeroGrad()} and not yet written: the caller then
     * owns the duty to overwrite all of {@link #grad()} (it is not cleared), which equals adding to
     * zeros. False when the gradient holds values: the caller must add to it. A backward that
     * writes its whole gradient with one product uses this to choose the product's overwrite form.
     */
    public boolean claimZeroedGrad() {
        boolean claimed = zeroPending;
        zeroPending = false;
        return claimed;
    }

    @Override
    public String toString() {
        return "Parameter(" + name + ", " + value + (kind == Kind.LATENT_BINARY ? ", latent binary" : "")
                + (constraint != null ? ", " + constraint : "") + ")";
    }
}
