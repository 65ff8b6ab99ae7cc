package dev.bnn.kernels;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import java.util.Objects;

/**
 * Binary (XNOR-popcount) matrix products: for the packed ±1 rows a_i of A (m x k bits) and
 * b_j of the weights B (n x k bits), dot_ij = sum_k a_ik b_jk = k - 2 popcount(a_i XOR b_j)
 * (encoding in {@link BitMatrix}). Three fused outputs:
 * <ul>
 *   <li>{@link #mult}: the int32 dot products;</li>
 *   <li>{@link #multScaled}: floats scale_j dot_ij + bias_j (a folded batch norm, or the
 *       output layer);</li>
 *   <li>{@link #multThreshold}: sign bits through per-column thresholds ({@link SignThresholds}),
 *       packed for the next binary layer without unpacking.</li>
 * </ul>
 * The weights are first rearranged by {@link #prepare(BitMatrix)}. Only the last argument is modified.
 * Results are exact integers: identical for every implementation and thread count.
 */
public final class BinaryGemm {
    private final Parallelism parallelism;
    private final BinaryGemmSupport kernel;

    /** Binary GEMM on the implementation chosen at startup. */
    public BinaryGemm(Parallelism parallelism) {
        this(parallelism, KernelProvider.get().binaryGemm());
    }

    BinaryGemm(Parallelism parallelism, BinaryGemmSupport kernel) {
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
        this.kernel = kernel;
    }

    /** Rearranges weights (one row of k bits per output column) into this kernel's panel layout. */
    public BitPanels prepare(BitMatrix weights) {
        return BitPanels.of(Checks.notNull("prepare", "weights", weights), kernel.panelWidth());
    }

    /**
     * Rearranges weights into {@code out}, panels of the same shape from an earlier {@link
     * #prepare(BitMatrix)} of this kernel: a training step re-packs its changed weights without
     * allocating. Only {@code out} is modified.
     */
    public void prepare(BitMatrix weights, BitPanels out) {
        Checks.notNull("prepare", "weights", weights);
        Checks.notNull("prepare", "output panels", out);
        if (weights.rows() != out.rows() || weights.cols() != out.cols()) {
            throw new ShapeMismatchException("prepare: weights have shape [" + weights.rows() + ", " + weights.cols()
                    + "] bits but the output panels have shape [" + out.rows() + ", " + out.cols() + "] bits");
        }
        checkWidth("prepare", "the output", out);
        if (weights.words() == out.words()) {
            throw new IllegalArgumentException("prepare: the output panels are backed by the same words as the weights");
        }
        out.rearrange(weights);
    }

    /** c[i * n + j] = dot(a_i, b_j); {@code c} has m * n entries. */
    public void mult(BitMatrix a, BitPanels b, int[] c) {
        check("mult", a, b);
        Checks.notNull("mult", "C", c);
        Checks.length("mult", "output c", c.length, (long) a.rows() * b.rows());
        run(a, b, 1, (r0, r1, c0, c1) -> kernel.gemm(a, b, c, r0, r1, c0, c1));
    }

    /** c_ij = scale_j dot(a_i, b_j) + bias_j; {@code c} is m x n, scale and bias have n entries. */
    public void multScaled(BitMatrix a, BitPanels b, float[] scale, float[] bias, Tensor c) {
        check("multScaled", a, b);
        Checks.length("multScaled", "scale", Checks.notNull("multScaled", "scale", scale).length, b.rows());
        Checks.length("multScaled", "bias", Checks.notNull("multScaled", "bias", bias).length, b.rows());
        Checks.rank2("multScaled", "C", c);
        Checks.output("multScaled", c, a.rows(), b.rows());
        Checks.notAliased("multScaled", "C", c, "scale", scale, "bias", bias);
        float[] cd = c.data();
        run(a, b, 1, (r0, r1, c0, c1) -> kernel.gemmScaled(a, b, scale, bias, cd, c.offset(), r0, r1, c0, c1));
    }

    /** Bit (i, j) of {@code out} = sign bit of dot(a_i, b_j) through {@code thresholds}; out is m x n bits. */
    public void multThreshold(BitMatrix a, BitPanels b, SignThresholds thresholds, BitMatrix out) {
        check("multThreshold", a, b);
        Checks.notNull("multThreshold", "output", out);
        Checks.length("multThreshold", "thresholds",
                Checks.notNull("multThreshold", "thresholds", thresholds).columns(), b.rows());
        if (out.rows() != a.rows() || out.cols() != b.rows()) {
            throw new ShapeMismatchException("multThreshold: output has shape [" + out.rows() + ", " + out.cols()
                    + "] bits but the product has shape [" + a.rows() + ", " + b.rows() + "]");
        }
        Checks.notAliased("multThreshold", "out", out, "A", a.words());
        Checks.notAliased("multThreshold", "out", out, "B", b.words());
        // Column tiles own whole output words, so threads never write the same word.
        run(a, b, 64, (r0, r1, c0, c1) -> kernel.gemmThreshold(a, b, thresholds, out, r0, r1, c0, c1));
        assert out.checkPadding();
    }

    private void check(String op, BitMatrix a, BitPanels b) {
        Checks.notNull(op, "A", a);
        Checks.notNull(op, "B", b);
        if (a.cols() != b.cols()) {
            throw new ShapeMismatchException(op + ": A has shape [" + a.rows() + ", " + a.cols() + "] bits and B has shape ["
                    + b.rows() + ", " + b.cols() + "] bits, row lengths " + a.cols() + " and " + b.cols() + " differ");
        }
        checkWidth(op, "B", b);
    }

    private void checkWidth(String op, String name, BitPanels b) {
        if (b.width() != kernel.panelWidth()) {
            throw new IllegalArgumentException(op + ": " + name + " is in panels of width " + b.width() + " but this kernel reads width "
                    + kernel.panelWidth() + "; rearrange the weights with BinaryGemm.prepare");
        }
    }

    private void run(BitMatrix a, BitPanels b, int colAlign, Tiles.TileKernel tile) {
        // One XOR-popcount-add of a 64-bit word pair costs about as much as 4 float MACs.
        long work = (long) a.rows() * b.rows() * Math.max(1, a.wordsPerRow()) * 4;
        Tiles.run(parallelism, a.rows(), b.rows(), work, Math.max(colAlign, kernel.panelWidth()), tile);
    }

    @Override
    public String toString() {
        return "BinaryGemm(" + parallelism.threads() + " threads)";
    }
}
