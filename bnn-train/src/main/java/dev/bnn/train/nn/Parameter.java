package dev.bnn.train.nn;

import dev.bnn.core.Tensor;
import dev.bnn.train.constraint.WeightClip;
import java.util.Objects;

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
 * optimizer may key its state on a parameter.
 *
 * <p><b>After changing the value, call {@link #applyConstraint()}</b> (optimizers do, after each
 * update): it applies the optional {@link WeightClip} and bumps {@link #version()}, which tells
 * binary layers to re-quantize and re-pack their weights. A layer caches its packed weights
 * between versions, so a value changed without this call is not seen by the next forward.
 */
public final class Parameter {
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
    private long version;

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

    /** The accumulated gradient, same shape as the value. */
    public Tensor grad() {
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

    /** The weight clip applied by {@link #applyConstraint()}, or null. */
    public WeightClip constraint() {
        return constraint;
    }

    /**
     * Call after every change of {@link #value()}: clips the value to the constraint (if any) and
     * bumps the version so that layers caching a quantized copy refresh it.
     */
    public void applyConstraint() {
        if (constraint != null) {
            constraint.apply(value);
        }
        markChanged();
    }

    /** Bumps the version without clipping: for a value set from outside (a loaded state, a test). */
    public void markChanged() {
        version++;
    }

    /** Counts the changes announced by {@link #applyConstraint()} and {@link #markChanged()}; layers compare it to refresh cached weights. */
    public long version() {
        return version;
    }

    /** Sets the gradient to zero. */
    public void zeroGrad() {
        grad.zero();
    }

    @Override
    public String toString() {
        return "Parameter(" + name + ", " + value + (kind == Kind.LATENT_BINARY ? ", latent binary" : "")
                + (constraint != null ? ", " + constraint : "") + ")";
    }
}
