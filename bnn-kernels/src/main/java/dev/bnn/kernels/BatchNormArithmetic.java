package dev.bnn.kernels;

/**
 * The float arithmetic of batch normalization in evaluation mode, defined once for the layer that
 * trains it (bnn-train's {@code BatchNorm}) and for the integer thresholds it folds into
 * ({@link SignThresholds#fold}), so that the two agree bit for bit:
 * <pre>
 *   invStd = (float) (1 / sqrt(variance + epsilon))
 *   shift  = -(mean * invStd)
 *   y      = (x * invStd + shift) * gamma + beta
 * </pre>
 * each product and sum rounded to float (no fused multiply-add). The layer applies it to whole
 * columns with {@code TensorOps.scaleShiftColumns}, which computes the same two steps.
 */
public final class BatchNormArithmetic {
    private BatchNormArithmetic() {}

    /** 1 / sqrt(variance + epsilon), rounded once to float. */
    public static float invStd(float variance, float epsilon) {
        return (float) (1 / Math.sqrt(variance + epsilon));
    }

    /** -(mean * invStd): the offset of the normalized value. */
    public static float shift(float mean, float invStd) {
        return -(mean * invStd);
    }

    /** (x * invStd + shift) * gamma + beta. */
    public static float apply(float x, float invStd, float shift, float gamma, float beta) {
        return (x * invStd + shift) * gamma + beta;
    }
}
