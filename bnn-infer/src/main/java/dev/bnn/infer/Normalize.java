package dev.bnn.infer;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.io.SafeTensors.DType;
import dev.bnn.core.io.SafeTensors.Entry;
import dev.bnn.kernels.BatchNormArithmetic;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A batch norm in evaluation mode on float input, per feature (or channel) j:
 * y = (x invStd_j + shift_j) gamma_j + beta_j, the float steps of {@link BatchNormArithmetic} as
 * the training layer runs them, so the output is the training network's to the bit. (A single
 * scale and bias per unit would round differently, and near a tie could change the arg-max: the
 * two extra floats per unit keep the frozen scores identical.) For the shift-based batch norm,
 * invStd and gamma are its powers of two.
 *
 * <p>Tensors (F32 [features]): {@code inv_std}, {@code shift}, {@code gamma}, {@code beta}.
 */
public final class Normalize extends FrozenLayer {
    public static final String TYPE = "batch_norm";
    private final Tensor invStd;
    private final Tensor shift;
    private final Tensor gamma;
    private final Tensor beta;
    private final int features;

    public Normalize(int[] inputShape, float[] invStd, float[] shift, float[] gamma, float[] beta) {
        super(inputShape, TYPE, Precision.FLOAT, Precision.FLOAT);
        this.features = bitCols(inputShape);
        this.invStd = vector("inv_std", invStd);
        this.shift = vector("shift", shift);
        this.gamma = vector("gamma", gamma);
        this.beta = vector("beta", beta);
    }

    private Tensor vector(String name, float[] v) {
        if (v.length != features) {
            throw new IllegalArgumentException(name + " has " + v.length + " entries for " + features + " features");
        }
        for (int j = 0; j < v.length; j++) {
            if (!Float.isFinite(v[j])) {
                throw new IllegalArgumentException(name + "[" + j + "] is " + v[j] + ", not finite");
            }
        }
        return Tensor.wrap(v.clone(), features);
    }

    static Normalize read(int[] inputShape, Map<String, Object> c, Map<String, Entry> t) {
        int n = bitCols(inputShape);
        return new Normalize(inputShape, require(t, "inv_std", DType.F32, n).floats(), require(t, "shift", DType.F32, n).floats(),
                require(t, "gamma", DType.F32, n).floats(), require(t, "beta", DType.F32, n).floats());
    }

    /** The four per-feature floats as thresholds would read them: y for feature j at x. */
    public float apply(int j, float x) {
        return BatchNormArithmetic.apply(x, invStd.data()[j], shift.data()[j], gamma.data()[j], beta.data()[j]);
    }

    float gammaAt(int j) {
        return gamma.data()[j];
    }

    /** The batch norm of feature j in double precision: the real-valued function the float steps approximate. */
    double applyExact(int j, double x) {
        return (x * invStd.data()[j] + shift.data()[j]) * gamma.data()[j] + beta.data()[j];
    }

    @Override
    public Map<String, Entry> tensors() {
        Map<String, Entry> t = new LinkedHashMap<>();
        t.put("inv_std", Entry.f32(invStd.data(), features));
        t.put("shift", Entry.f32(shift.data(), features));
        t.put("gamma", Entry.f32(gamma.data(), features));
        t.put("beta", Entry.f32(beta.data(), features));
        return t;
    }

    @Override
    public long floatMacs() {
        return 2L * elements(inputShape());
    }

    @Override
    public String describe() {
        return "BatchNorm(" + features + ", evaluation)";
    }

    private record Scratch(Tensor normalized, Activation result) {}

    @Override
    Object scratch(int batch) {
        int rows = Math.multiplyExact(batch, elements(inputShape()) / features);
        return new Scratch(Tensor.zeros(rows, features), Activation.of(Tensor.zeros(rows, features)));
    }

    @Override
    Activation run(Engine engine, Activation in, int batch, Object scratch) {
        Scratch s = (Scratch) scratch;
        Tensor x = in.floats.reshape(-1, features);
        TensorOps.scaleShiftColumns(x, invStd, shift, s.normalized);
        TensorOps.scaleShiftColumns(s.normalized, gamma, beta, s.result.floats);
        return s.result;
    }
}
