package dev.bnn.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class GcnZcaTest {

    /** N x D "images" with correlated features: x = 100 + 30 (I + 0.3 R) g, g standard normal. */
    private static Tensor correlated(long seed, int n, int d) {
        RandomGenerator rng = Seeds.generator(seed);
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = (i == j ? 1 : 0) + 0.3 * rng.nextGaussian();
            }
        }
        Tensor t = Tensor.zeros(n, d);
        double[] g = new double[d];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < d; j++) {
                g[j] = rng.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double v = 0;
                for (int j = 0; j < d; j++) {
                    v += a[i][j] * g[j];
                }
                t.set(s, i, (float) (100 + 30 * v));
            }
        }
        return t;
    }

    @Test
    void gcnHandComputed() {
        float[] x = {7, 1, 2, 3};
        GcnZca.gcn(x, 1, 3, 55f);
        // (1, 2, 3) - 2 = (-1, 0, 1), norm sqrt(2), times 55 / sqrt(2)
        float e = (float) (55 / Math.sqrt(2));
        assertArrayEquals(new float[] {7, -e, 0, e}, x, 1e-4f);
    }

    @Test
    void gcnOfAConstantImageIsZeroNotNaN() {
        float[] x = {5, 5, 5, 5};
        GcnZca.gcn(x, 0, 4, 55f);
        assertArrayEquals(new float[] {0, 0, 0, 0}, x);
    }

    /**
     * After GCN every example sums to zero, so the normalised data's covariance C0 has the
     * all-ones direction u = 1 / sqrt(D) as a null vector. With C0 = V L V^T and P = V (L + b)^(-1/2) V^T,
     * the whitened data's covariance is V L / (L + b) V^T = I - u u^T - E, where E's eigenvalues
     * b / (lambda + b) are about 1e-5 here (b = 1e-3; the 55^2 of each example spread over 5 directions puts
     * the nonzero lambda in the hundreds). The float covariance adds
     * a relative error of order sqrt(N) eps ~ 1e-5; 1e-3 bounds both with a wide margin.
     */
    @Test
    void whitenedTrainingDataHasIdentityCovarianceOffTheGcnNullDirection() {
        int n = 4000;
        int d = 6;
        Tensor train = correlated(11, n, d);
        GcnZca zca;
        try (Parallelism p = Parallelism.threads(2)) {
            zca = GcnZca.fit(train, 55f, 1e-3f, p);
        }
        Tensor z = Tensor.wrap(train.data().clone(), n, d);
        zca.apply(z);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double c = 0;
                for (int s = 0; s < n; s++) {
                    c += (double) z.get(s, i) * z.get(s, j);
                }
                double expected = (i == j ? 1 : 0) - 1.0 / d;
                assertEquals(expected, c / n, 1e-3, "covariance " + i + "," + j);
            }
        }
    }

    @Test
    void whiteningMatrixIsSymmetricAsZcaIs() {
        GcnZca zca = GcnZca.fit(correlated(3, 500, 9), 55f, 0.1f, Parallelism.singleThread());
        Tensor p = zca.whitening();
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(p.get(i, j), p.get(j, i), 1e-5 * Math.abs(p.get(i, i)), "P " + i + "," + j);
            }
        }
    }

    @Test
    void fittingLeavesTheTrainingDataAlone() {
        Tensor train = correlated(5, 300, 5);
        float[] before = train.data().clone();
        GcnZca.fit(train, 55f, 0.1f, Parallelism.singleThread());
        assertArrayEquals(before, train.data());
    }

    @Test
    void exportedStateRestoresAnIdenticalTransform() {
        GcnZca zca = GcnZca.fit(correlated(7, 400, 12), 55f, 0.1f, Parallelism.singleThread());
        PreprocessorState state = zca.export();
        assertEquals("gcn-zca", state.metadata().get(PreprocessorState.KIND));
        assertArrayEquals(new int[] {12, 12}, state.tensors().get("preprocessing.whitening").shape());
        Preprocessor restored = Preprocessors.restore(state);
        Tensor a = correlated(8, 50, 12);
        Tensor b = Tensor.wrap(a.data().clone(), 50, 12);
        zca.apply(a);
        restored.apply(b);
        assertArrayEquals(a.data(), b.data());
    }

    @Test
    void resultDoesNotDependOnTheThreadCountAndViewsWork() {
        Tensor train = correlated(9, 2500, 4 * 4 * 3).reshape(2500, 4, 4, 3);
        GcnZca zca = GcnZca.fit(train, 55f, 0.1f, Parallelism.singleThread());
        Tensor one = Tensor.wrap(train.data().clone(), train.shape());
        Tensor two = Tensor.wrap(train.data().clone(), train.shape());
        zca.apply(one);
        try (Parallelism p = Parallelism.threads(2)) {
            zca.apply(two, p);
        }
        assertArrayEquals(one.data(), two.data());
        // A view over examples 1000..1999 transforms exactly those examples.
        Tensor three = Tensor.wrap(train.data().clone(), train.shape());
        zca.apply(three.slice(1000, 2000));
        int per = 48;
        for (int i = 0; i < three.size(); i++) {
            boolean inside = i >= 1000 * per && i < 2000 * per;
            assertEquals(inside ? one.data()[i] : train.data()[i], three.data()[i], "element " + i);
        }
    }

    @Test
    void wrongExampleSizeNamesTheShapes() {
        GcnZca zca = GcnZca.fit(correlated(1, 100, 8), 55f, 0.1f, Parallelism.singleThread());
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> zca.apply(Tensor.zeros(3, 9)));
        assertTrue(e.getMessage().contains("8 values") && e.getMessage().contains("[3, 9]"), e.getMessage());
    }

    @Test
    void pixelScaleMapsTheByteRangeToMinusOneOne() {
        Tensor t = Tensor.wrap(new float[] {0, 127.5f, 255}, 3, 1);
        PixelScale.symmetric().apply(t);
        assertArrayEquals(new float[] {-1, 0, 1}, t.data(), 1e-6f);
        Preprocessor restored = Preprocessors.restore(PixelScale.unit().export());
        assertEquals(PixelScale.unit(), restored);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preprocessors.restore(
                new PreprocessorState(Map.of(), Map.of(PreprocessorState.KIND, "lcn"))));
        assertTrue(e.getMessage().contains("unknown preprocessing type 'lcn'; known: gcn-zca, pixel-scale"), e.getMessage());
    }

    @Test
    void readsTheStateThatModelFilesHoldSinceVersionOne() {
        PreprocessorState written = new PreprocessorState(Map.of(), Map.of(PreprocessorState.KIND, "pixel-scale",
                "preprocessing.scale", Float.toString(2f / 255f), "preprocessing.offset", "-1.0"));
        assertEquals(PixelScale.symmetric(), Preprocessors.restore(written));
        assertEquals(written, PixelScale.symmetric().export());
    }
}
