package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import java.util.Objects;

/**
 * Products of float matrices with ±1 matrices stored as sign bits ({@link BitMatrix} encoding),
 * with no multiplication by a ±1 value: a float is added where the bit is 0 (+1) and subtracted
 * where it is 1 (-1). The variants a binary layer needs, each writing its last argument C:
 * <ul>
 *   <li>{@link #multTransB}: c_ij = sum_p a_ip w_jp, C = A sign(W)^T with W stored out x in:
 *       the BinaryConnect forward pass (Courbariaux et al. 2015), optionally + bias_j;</li>
 *   <li>{@link #mult}: c_ij = sum_p a_ip w_pj, C = A sign(W) with W stored out x in: the
 *       backward pass, gradInput = gradOutput sign(W);</li>
 *   <li>{@link #multTransA}: c_ij = sum_p a_pi x_pj, C = A^T sign(X): the weight gradient of a
 *       layer whose input X is ±1 (BNN), gradW = gradOutput^T X, read from the packed input;</li>
 *   <li>{@code multAdd*}: the same products added to C (C += ...; gradients accumulate).</li>
 * </ul>
 * {@code mult} and {@code multTransA} read the ±1 operand as bits, 1 bit instead of 32 per value,
 * and give results bit-identical to {@link FloatGemm} on the same ±1 values as floats (the sum
 * order is the same). Their speed against FloatGemm is about even; the measurements, all on a
 * shared machine, disagree (1.2-1.6x faster in an interleaved harness, 0.6-1.1x in JMH): see
 * docs/benchmarks.md.
 *
 * <p>Only C is modified; it must not share entries with A or the bias. Tensors may be views
 * ({@link Tensor#slice}, {@link Tensor#view}): only their windows are read or written. Each
 * element is reduced in one fixed order, so the result does not depend on the thread count.
 */
public final class BinaryWeightGemm {
    private final Parallelism parallelism;
    private final BinaryWeightGemmSupport kernel;

    /** The products on the implementation chosen at startup. */
    public BinaryWeightGemm(Parallelism parallelism) {
        this(parallelism, KernelProvider.get().binaryWeightGemm());
    }

    BinaryWeightGemm(Parallelism parallelism, BinaryWeightGemmSupport kernel) {
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
        this.kernel = kernel;
    }

    /** C = A sign(W)^T: A m x k floats, W n x k bits, C m x n. */
    public void multTransB(Tensor a, BitMatrix w, Tensor c) {
        transB("multTransB", a, w, null, false, c);
    }

    /** C = A sign(W)^T + bias (bias: n entries broadcast over rows, or null for none). */
    public void multTransB(Tensor a, BitMatrix w, Tensor bias, Tensor c) {
        transB("multTransB", a, w, bias, false, c);
    }

    /** C += A sign(W)^T. */
    public void multAddTransB(Tensor a, BitMatrix w, Tensor c) {
        transB("multAddTransB", a, w, null, true, c);
    }

    /** C = A sign(W): A m x k floats, W k x n bits, C m x n. */
    public void mult(Tensor a, BitMatrix w, Tensor c) {
        plain("mult", false, a, w, false, c);
    }

    /** C += A sign(W). */
    public void multAdd(Tensor a, BitMatrix w, Tensor c) {
        plain("multAdd", false, a, w, true, c);
    }

    /** C = A^T sign(X): A k x m floats, X k x n bits, C m x n. */
    public void multTransA(Tensor a, BitMatrix x, Tensor c) {
        plain("multTransA", true, a, x, false, c);
    }

    /** C += A^T sign(X). */
    public void multAddTransA(Tensor a, BitMatrix x, Tensor c) {
        plain("multAddTransA", true, a, x, true, c);
    }

    private void transB(String op, Tensor a, BitMatrix w, Tensor bias, boolean accumulate, Tensor c) {
        Checks.rank2(op, "A", a);
        Checks.notNull(op, "W", w);
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
        Checks.notAliased(op, "C", c, "A", a, "bias", bias);
        Tiles.run(parallelism, m, n, (long) m * n * Math.max(k, 1), 16, (r0, r1, c0, c1) ->
                kernel.multTransB(a, w, bias, accumulate, c, r0, r1, c0, c1));
    }

    private void plain(String op, boolean transA, Tensor a, BitMatrix b, boolean accumulate, Tensor c) {
        Checks.rank2(op, "A", a);
        Checks.notNull(op, transA ? "X" : "W", b);
        Checks.rank2(op, "C", c);
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        if (b.rows() != k) {
            throw new ShapeMismatchException(op + ": A has shape " + ShapeMismatchException.format(a.shape())
                    + " and " + (transA ? "X" : "W") + " has shape [" + b.rows() + ", " + b.cols()
                    + "] bits, inner dimensions " + k + " and " + b.rows() + " differ");
        }
        int n = b.cols();
        Checks.output(op, c, m, n);
        Checks.notAliased(op, "C", c, "A", a);
        // Column tiles in whole words, so that vector chunks stay aligned to the bits of B.
        Tiles.run(parallelism, m, n, (long) m * n * Math.max(k, 1), 64, (r0, r1, c0, c1) ->
                kernel.mult(transA, a, b, accumulate, c, r0, r1, c0, c1));
    }

    @Override
    public String toString() {
        return "BinaryWeightGemm(" + parallelism.threads() + " threads)";
    }
}
