package dev.bnn.kernels;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import java.util.Objects;

/**
 * Float matrix products, the variants backprop needs, each writing its last argument:
 * <ul>
 *   <li>{@link #mult}: c_ij = sum_k a_ik b_kj (C = A B), optionally + bias_j</li>
 *   <li>{@link #multTransA}: C = A^T B (weight gradients: input^T . gradOutput)</li>
 *   <li>{@link #multTransB}: C = A B^T (dense forward with W stored out x in), optionally + bias_j</li>
 *   <li>{@code multAdd*}: the same products added to C (C += ...)</li>
 * </ul>
 * Only C is modified; C must not share entries with A, B or the bias. Any argument may be a view
 * ({@link Tensor#slice}, {@link Tensor#view}): only its window of the array is read or written.
 * Work is split over the
 * threads of the given {@link Parallelism}; each element is reduced over k in one fixed order,
 * so the result does not depend on the thread count.
 */
public final class FloatGemm {
    private final Parallelism parallelism;
    private final FloatGemmSupport kernel;

    /** Float GEMM on the implementation chosen at startup. */
    public FloatGemm(Parallelism parallelism) {
        this(parallelism, KernelProvider.get().floatGemm());
    }

    FloatGemm(Parallelism parallelism, FloatGemmSupport kernel) {
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
        this.kernel = kernel;
    }

    /** C = A B. */
    public void mult(Tensor a, Tensor b, Tensor c) {
        gemm(false, false, a, b, null, false, c);
    }

    /** C = A B + bias (bias broadcast over rows, or null for none). */
    public void mult(Tensor a, Tensor b, Tensor bias, Tensor c) {
        gemm(false, false, a, b, bias, false, c);
    }

    /** C += A B. */
    public void multAdd(Tensor a, Tensor b, Tensor c) {
        gemm(false, false, a, b, null, true, c);
    }

    /** C = A^T B. */
    public void multTransA(Tensor a, Tensor b, Tensor c) {
        gemm(true, false, a, b, null, false, c);
    }

    /** C += A^T B. */
    public void multAddTransA(Tensor a, Tensor b, Tensor c) {
        gemm(true, false, a, b, null, true, c);
    }

    /** C = A B^T. */
    public void multTransB(Tensor a, Tensor b, Tensor c) {
        gemm(false, true, a, b, null, false, c);
    }

    /** C = A B^T + bias (bias broadcast over rows, or null for none). */
    public void multTransB(Tensor a, Tensor b, Tensor bias, Tensor c) {
        gemm(false, true, a, b, bias, false, c);
    }

    /** C += A B^T. */
    public void multAddTransB(Tensor a, Tensor b, Tensor c) {
        gemm(false, true, a, b, null, true, c);
    }

    /**
     * The general form: c_ij = [c_ij if accumulate] + sum_k opA_ik opB_kj [+ bias_j].
     *
     * @param bias null, or a vector with one entry per column of C
     * @throws ShapeMismatchException naming the operation and the shapes when they do not fit
     */
    public void gemm(boolean transA, boolean transB, Tensor a, Tensor b, Tensor bias, boolean accumulate, Tensor c) {
        String op = name(transA, transB, accumulate);
        Checks.rank2(op, "A", a);
        Checks.rank2(op, "B", b);
        Checks.rank2(op, "C", c);
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new ShapeMismatchException(op + ": A has shape " + ShapeMismatchException.format(a.shape())
                    + " and B has shape " + ShapeMismatchException.format(b.shape()) + ", inner dimensions "
                    + k + " and " + kb + " differ");
        }
        Checks.output(op, c, m, n);
        Checks.bias(op, bias, n);
        Checks.notAliased(op, "C", c, "A", a, "B", b, "bias", bias);
        Tiles.run(parallelism, m, n, (long) m * n * Math.max(k, 1), 64, (r0, r1, c0, c1) ->
                kernel.gemm(transA, transB, a, b, bias, accumulate, c, r0, r1, c0, c1));
    }

    private static String name(boolean transA, boolean transB, boolean accumulate) {
        return (accumulate ? "multAdd" : "mult") + (transA ? "TransA" : "") + (transB ? "TransB" : "");
    }

    @Override
    public String toString() {
        return "FloatGemm(" + parallelism.threads() + " threads)";
    }
}
