package dev.bnn.train.testing;

import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.testing.FloatTolerance;

/**
 * Double-precision references for layer tests, compared with the shared derived bound of
 * {@link FloatTolerance}: a float result that is a sum of n terms whose absolute values sum to S
 * may be off by 2 (n + 2) 2^-24 S.
 */
public final class Reference {
    private Reference() {}

    /**
     * A reference result: the exact values (rounded once to float), the sum of absolute terms per
     * entry and the number of terms summed per entry.
     */
    public record Product(Tensor value, Tensor magnitude, int terms) {
        /** Sets entry (i, j) to an exact value with no error allowed (e.g. a gradient the STE cancels). */
        public void setExact(int i, int j, float v) {
            value.set(i, j, v);
            magnitude.set(i, j, 0f);
        }
    }

    /** c_ij = bias_j + sum_t a_it b_jt (b given by rows, as a weight stored out x in); bias may be null. */
    public static Product product(Tensor a, Tensor b, Tensor bias) {
        int n = a.dim(0), k = a.dim(1), m = b.dim(0);
        if (b.dim(1) != k) {
            throw new ShapeMismatchException("product: a has shape " + ShapeMismatchException.format(a.shape())
                    + " and b has shape " + ShapeMismatchException.format(b.shape()));
        }
        Tensor value = Tensor.zeros(n, m);
        Tensor magnitude = Tensor.zeros(n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = bias == null ? 0 : bias.getFlat(j);
                double abs = Math.abs(s);
                for (int t = 0; t < k; t++) {
                    double term = (double) a.get(i, t) * b.get(j, t);
                    s += term;
                    abs += Math.abs(term);
                }
                value.set(i, j, (float) s);
                magnitude.set(i, j, (float) abs);
            }
        }
        return new Product(value, magnitude, k + 1);
    }

    /** Fails unless every entry of {@code actual} (any shape of the same size) is within the bound of the reference. */
    public static void assertClose(Product expected, Tensor actual, String what) {
        if (expected.value().size() != actual.size()) {
            throw new AssertionError(what + ": shape " + ShapeMismatchException.format(actual.shape()) + " but expected "
                    + ShapeMismatchException.format(expected.value().shape()));
        }
        for (int i = 0; i < actual.size(); i++) {
            FloatTolerance.assertClose(what + ", flat entry " + i, expected.value().getFlat(i), actual.getFlat(i),
                    expected.terms(), expected.magnitude().getFlat(i));
        }
    }

    /** sign(w) with sign(0) = +1, elementwise. */
    public static Tensor sign(Tensor w) {
        Tensor s = w.copy();
        for (int i = 0; i < s.size(); i++) {
            s.data()[i] = w.getFlat(i) >= 0 ? 1f : -1f;
        }
        return s;
    }

    /** The transpose of a matrix. */
    public static Tensor transpose(Tensor a) {
        Tensor t = Tensor.zeros(a.dim(1), a.dim(0));
        for (int i = 0; i < a.dim(0); i++) {
            for (int j = 0; j < a.dim(1); j++) {
                t.set(j, i, a.get(i, j));
            }
        }
        return t;
    }

    /** A tensor of random ±1 values. */
    public static Tensor signs(long seed, int... shape) {
        return sign(Tensor.uniform(Seeds.generator(seed), -1f, 1f, shape));
    }
}
