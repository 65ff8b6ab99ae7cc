package dev.bnn.data.preprocess;

import dev.bnn.core.Tensor;
import dev.bnn.kernels.FloatGemm;

/**
 * M^(-1/2) of a symmetric positive definite matrix by the coupled Newton-Schulz iteration
 * (Higham, "Functions of Matrices", SIAM 2008, eq. 6.35; stable, and it needs nothing but matrix
 * products, which run on the float GEMM):
 * <pre>
 *   Y_0 = M / s,  Z_0 = I,  T_k = (3 I - Z_k Y_k) / 2,  Y_{k+1} = Y_k T_k,  Z_{k+1} = T_k Z_k
 * </pre>
 * All iterates are polynomials in M, so they share its eigenvectors; an eigenvalue mu of M / s
 * maps through x_{k+1} = x_k (3 - x_k)^2 / 4 for x = z y, which converges to 1 for mu in (0, 2],
 * while Z_k -> (M / s)^(-1/2). With s = ||M||_F >= lambda_max the eigenvalues lie in (0, 1]; a
 * small one grows by 9/4 per step, so about log(kappa) / log(2.25) + 5 steps are needed (about
 * 17 for the condition number ~1e4 of whitened CIFAR-10), each three n x n products. The result
 * is M^(-1/2) = Z / sqrt(s), symmetrised. Progress is measured by r = ||Z Y - I||_F / sqrt(n); the
 * iteration stops when r is below 1e-6 or stops falling below 1e-3 (float rounding), and fails
 * if it has not reached 1e-3 after 100 steps. Float rounding (u = 2^-24) is amplified by about the
 * condition number: the relative error of the result is about 1e-4 for kappa = 1e4 (compared with
 * a double-precision eigendecomposition in the tests).
 *
 * <p>This replaces an eigendecomposition (V diag(lambda^(-1/2)) V^T) because for n = 3072
 * Apache Commons Math's {@code EigenDecomposition} took 6 and 9 minutes in two runs on this shared
 * 2-core machine, while the products take seconds.
 */
final class InverseSqrt {
    private static final int MAX_STEPS = 100;

    /** M^(-1/2), with the number of steps taken and the final residual r (for the log). */
    record Result(Tensor value, int steps, double residual) {}

    private InverseSqrt() {}

    /**
     * @param m a symmetric positive definite n x n matrix, row-major (not modified)
     * @throws IllegalArgumentException if {@code m} has a non-finite entry or the iteration does not converge
     */
    static Result of(double[] m, int n, FloatGemm gemm) {
        double fro = 0;
        for (double v : m) {
            fro += v * v;
        }
        fro = Math.sqrt(fro);
        if (!Double.isFinite(fro) || fro == 0) {
            throw new IllegalArgumentException("inverse square root of a matrix with Frobenius norm " + fro);
        }
        Tensor y = Tensor.zeros(n, n);
        Tensor z = Tensor.zeros(n, n);
        for (int i = 0; i < n * n; i++) {
            y.data()[i] = (float) (m[i] / fro);
        }
        for (int i = 0; i < n; i++) {
            z.data()[i * n + i] = 1;
        }
        Tensor t = Tensor.zeros(n, n);
        Tensor next = Tensor.zeros(n, n);
        double best = Double.POSITIVE_INFINITY;
        int stalled = 0;
        int step = 0;
        double r;
        while (true) {
            gemm.mult(z, y, t);
            float[] td = t.data();
            double ss = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double e = td[i * n + j] - (i == j ? 1 : 0);
                    ss += e * e;
                    td[i * n + j] = (float) ((i == j ? 1.5 : 0) - 0.5 * td[i * n + j]);
                }
            }
            r = Math.sqrt(ss / n);
            stalled = r < best ? 0 : stalled + 1;
            best = Math.min(best, r);
            if (r < 1e-6 || (best < 1e-3 && stalled >= 2)) {
                break;
            }
            if (step == MAX_STEPS || !Double.isFinite(r)) {
                throw new IllegalArgumentException("Newton-Schulz inverse square root did not converge: residual "
                        + r + " after " + step + " steps (is the matrix positive definite?)");
            }
            gemm.mult(y, t, next);
            Tensor swap = y;
            y = next;
            next = swap;
            gemm.mult(t, z, next);
            swap = z;
            z = next;
            next = swap;
            step++;
        }
        float[] zd = z.data();
        float[] out = new float[n * n];
        double scale = 1 / Math.sqrt(fro);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = (float) (0.5 * (zd[i * n + j] + zd[j * n + i]) * scale);
            }
        }
        return new Result(Tensor.wrap(out, n, n), step, r);
    }
}
