package dev.bnn.train.nn;

import dev.bnn.core.ShapeMismatchException;

/**
 * One row of a network summary (as Larq's {@code larq.models.summary}): the layer, its output
 * shape per sample, its parameters split into 1-bit (latent binary weights, stored as bits at
 * inference) and 32-bit (everything else), and its multiply-accumulates per sample split into
 * binary (XNOR-popcount or add/subtract with ±1 weights) and float.
 */
public record LayerSummary(String layer, int[] outputShape, long binaryParams, long floatParams,
                           long binaryMacs, long floatMacs) {

    /** A row for {@code module}: parameters counted from {@link Module#parameters()} by kind. */
    public static LayerSummary of(Module module, int[] outputShape, long binaryMacs, long floatMacs) {
        long binary = 0;
        long real = 0;
        for (Parameter p : module.parameters()) {
            if (p.isLatentBinary()) {
                binary += p.value().size();
            } else {
                real += p.value().size();
            }
        }
        return new LayerSummary(module.toString(), outputShape.clone(), binary, real, binaryMacs, floatMacs);
    }

    /** Memory of the parameters at inference in bytes: 1 bit per binary, 4 bytes per float parameter. */
    public long inferenceBytes() {
        return (binaryParams + 7) / 8 + 4 * floatParams;
    }

    /** The output shape as {@code [d0, d1, ...]}. */
    public String formattedShape() {
        return ShapeMismatchException.format(outputShape);
    }
}
