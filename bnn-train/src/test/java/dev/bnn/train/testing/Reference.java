package dev.bnn.train.testing;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;

/** Plain double-precision reference computations for layer tests. */
public final class Reference {
    private Reference() {}

    /** y = x w^T + b in double (b may be null), rounded to float at the end. */
    public static Tensor multTransB(Tensor x, Tensor w, Tensor b) {
        int n = x.dim(0), k = x.dim(1), m = w.dim(0);
        Tensor y = Tensor.zeros(n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = b == null ? 0 : b.getFlat(j);
                for (int t = 0; t < k; t++) {
                    s += (double) x.get(i, t) * w.get(j, t);
                }
                y.set(i, j, (float) s);
            }
        }
        return y;
    }

    /** sign(w) with sign(0) = +1, elementwise. */
    public static Tensor sign(Tensor w) {
        Tensor s = w.copy();
        for (int i = 0; i < s.size(); i++) {
            s.data()[i] = w.getFlat(i) >= 0 ? 1f : -1f;
        }
        return s;
    }

    /** A batch of random ±1 values. */
    public static Tensor signs(long seed, int... shape) {
        Tensor t = Tensor.uniform(Seeds.generator(seed), -1f, 1f, shape);
        return sign(t);
    }

    /** Asserts |a - b| &lt;= tol (1 + |b|) elementwise, naming the first bad entry. */
    public static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        if (!expected.hasShape(actual.shape())) {
            throw new AssertionError(what + ": shape " + java.util.Arrays.toString(actual.shape()) + " but expected "
                    + java.util.Arrays.toString(expected.shape()));
        }
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getFlat(i);
            double a = actual.getFlat(i);
            if (!(Math.abs(e - a) <= tol * (1 + Math.abs(e)))) {
                throw new AssertionError(what + ": entry " + i + " is " + a + " but expected " + e);
            }
        }
    }
}
