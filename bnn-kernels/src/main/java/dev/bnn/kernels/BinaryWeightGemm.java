package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import java.util.Objects;

/**
 * The BinaryConnect product (Courbariaux et al. 2015): float activations A (m x k) times the
 * transposed ±1 weights W (n x k sign bits), with no multiplication by a weight:
 * c_ij = sum_k a_ik w_jk = sum of a_ik where w_jk = +1 minus the sum where w_jk = -1.
 * Only C is modified. Each element is reduced in one fixed order, so the result does not depend
 * on the thread count.
 */
public final class BinaryWeightGemm {
    private final Parallelism parallelism;
    private final BinaryWeightGemmSupport kernel;

    /** The BinaryConnect product on the implementation chosen at startup. */
    public BinaryWeightGemm(Parallelism parallelism) {
        this(parallelism, KernelProvider.get().binaryWeightGemm());
    }

    BinaryWeightGemm(Parallelism parallelism, BinaryWeightGemmSupport kernel) {
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
        this.kernel = kernel;
    }

    /** C = A sign(W)^T. */
    public void multTransB(Tensor a, BitMatrix w, Tensor c) {
        gemm(a, w, null, false, c);
    }

    /** C = A sign(W)^T + bias (bias broadcast over rows). */
    public void multTransB(Tensor a, BitMatrix w, Tensor bias, Tensor c) {
        gemm(a, w, bias, false, c);
    }

    /** C += A sign(W)^T. */
    public void multAddTransB(Tensor a, BitMatrix w, Tensor c) {
        gemm(a, w, null, true, c);
    }

    private void gemm(Tensor a, BitMatrix w, Tensor bias, boolean accumulate, Tensor c) {
        String op = accumulate ? "multAddTransB" : "multTransB";
        Checks.rank2(op, "A", a);
        Checks.rank2(op, "C", c);
        int m = a.dim(0);
        int k = a.dim(1);
        int n = w.rows();
        if (w.cols() != k) {
            throw new ShapeMismatchException(op + ": A has shape " + ShapeMismatchException.format(a.shape())
                    + " and W has shape [" + n + ", " + w.cols() + "] bits, row lengths " + k + " and " + w.cols()
                    + " differ");
        }
        Checks.output(op, c, m, n);
        Checks.bias(op, bias, n);
        float[] biasData = bias == null ? null : bias.data();
        Checks.notAliased(op, c.data(), a.data(), biasData);
        float[] ad = a.data();
        float[] cd = c.data();
        Tiles.run(parallelism, m, n, (long) m * n * Math.max(k, 1), 16, (r0, r1, c0, c1) ->
                kernel.gemm(ad, m, k, w, cd, biasData, accumulate, r0, r1, c0, c1));
    }

    @Override
    public String toString() {
        return "BinaryWeightGemm(" + parallelism.threads() + " threads)";
    }
}
