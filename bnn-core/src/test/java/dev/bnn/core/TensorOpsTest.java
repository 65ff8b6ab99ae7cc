package dev.bnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Every operation on views with an offset (inside a larger array whose other entries must stay
 * untouched), against a plain loop. Element-wise results are single roundings of the same
 * expression, so they are compared exactly.
 */
class TensorOpsTest {
    private static final int ROWS = 5;
    private static final int COLS = 7;

    /** A ROWS x COLS view at offset 3 of an array with sentinels around it. */
    private static Tensor view(long seed) {
        RandomGenerator rng = Seeds.generator(seed);
        float[] data = new float[ROWS * COLS + 6];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextFloat() * 4 - 2;
        }
        data[3] = 0f;
        data[4] = -0f;
        return Tensor.view(data, 3, ROWS, COLS);
    }

    /** A ROWS x COLS view at {@code offset} of an array with sentinels around it. */
    private static Tensor viewAt(long seed, int offset) {
        RandomGenerator rng = Seeds.generator(seed);
        float[] data = new float[ROWS * COLS + offset + 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextFloat() * 4 - 2;
        }
        return Tensor.view(data, offset, ROWS, COLS);
    }

    private static void assertSentinelsKept(Tensor out, float[] before) {
        for (int i = 0; i < before.length; i++) {
            if (i < out.offset() || i >= out.offset() + out.size()) {
                assertEquals(before[i], out.data()[i], "entry outside the view was written");
            }
        }
    }

    @Test
    void elementwiseOperations() {
        Tensor a = view(1);
        Tensor b = view(2);
        Tensor out = view(3);
        float[] before = out.data().clone();
        TensorOps.add(a, b, out);
        for (int i = 0; i < out.size(); i++) {
            assertEquals(a.getFlat(i) + b.getFlat(i), out.getFlat(i));
        }
        TensorOps.multiply(a, b, out);
        for (int i = 0; i < out.size(); i++) {
            assertEquals(a.getFlat(i) * b.getFlat(i), out.getFlat(i));
        }
        TensorOps.affine(2f, a, -1f, out);
        for (int i = 0; i < out.size(); i++) {
            assertEquals(2f * a.getFlat(i) - 1f, out.getFlat(i));
        }
        TensorOps.clip(a, -0.5f, 0.25f, out);
        for (int i = 0; i < out.size(); i++) {
            assertEquals(Math.min(0.25f, Math.max(-0.5f, a.getFlat(i))), out.getFlat(i));
        }
        TensorOps.sign(a, out);
        for (int i = 0; i < out.size(); i++) {
            assertEquals(a.getFlat(i) >= 0 ? 1f : -1f, out.getFlat(i));
        }
        assertEquals(1f, out.getFlat(0), "sign(0) = +1");
        assertEquals(1f, out.getFlat(1), "sign(-0.0) = +1");
        Tensor g = view(4);
        TensorOps.steGradient(a, 1f, g, out);
        for (int i = 0; i < out.size(); i++) {
            assertEquals(Math.abs(a.getFlat(i)) <= 1 ? g.getFlat(i) : 0f, out.getFlat(i));
        }
        Tensor y = view(5);
        Tensor y0 = y.copy();
        TensorOps.axpy(0.5f, a, y);
        TensorOps.addSteGradient(a, 1f, g, y);
        for (int i = 0; i < y.size(); i++) {
            float expected = y0.getFlat(i) + 0.5f * a.getFlat(i);
            expected += Math.abs(a.getFlat(i)) <= 1 ? g.getFlat(i) : 0f;
            assertEquals(expected, y.getFlat(i));
        }
        TensorOps.roundToPowerOfTwo(a, out);
        for (int i = 0; i < out.size(); i++) {
            double v = a.getFlat(i);
            double expected = v == 0 ? 0 : Math.signum(v) * Math.pow(2, Math.round(Math.log(Math.abs(v)) / Math.log(2)));
            assertEquals(expected, out.getFlat(i) + 0f, "AP2(" + v + ")"); // AP2(-0.0) = -0.0
        }
        assertSentinelsKept(out, before);
    }

    /**
     * The STE gradients and the clip take a faster loop when all tensors start at one offset; both
     * loops give the same results, at offsets 0, equal nonzero offsets, different offsets, and in place.
     */
    @Test
    void steGradientsAndClipAgreeAtEqualAndDifferentOffsets() {
        int[][] offsets = {{0, 0, 0}, {3, 3, 3}, {0, 3, 5}, {5, 5, 2}, {2, 4, 4}};
        int checked = 0;
        for (int[] o : offsets) {
            Tensor x = viewAt(20, o[0]);
            x.data()[o[0]] = Float.NaN;
            x.data()[o[0] + 1] = -1f;
            Tensor g = viewAt(21, o[1]);
            Tensor out = viewAt(22, o[2]);
            Tensor out0 = out.copy();
            float[] before = out.data().clone();
            TensorOps.addSteGradient(x, 1f, g, out);
            for (int i = 0; i < out.size(); i++) {
                float x1 = x.getFlat(i);
                assertEquals(out0.getFlat(i) + (Math.abs(x1) <= 1 ? g.getFlat(i) : 0f), out.getFlat(i));
            }
            TensorOps.steGradient(x, 1f, g, out);
            for (int i = 0; i < out.size(); i++) {
                assertEquals(Math.abs(x.getFlat(i)) <= 1 ? g.getFlat(i) : 0f, out.getFlat(i));
            }
            assertEquals(0f, out.getFlat(0), "NaN input passes no gradient");
            assertEquals(g.getFlat(1), out.getFlat(1), "|x| = clip passes the gradient");
            TensorOps.clip(g, -0.5f, 0.25f, out);
            for (int i = 0; i < out.size(); i++) {
                assertEquals(Math.min(0.25f, Math.max(-0.5f, g.getFlat(i))), out.getFlat(i));
            }
            assertSentinelsKept(out, before);
            Tensor inPlace = g.copy();
            TensorOps.clip(inPlace, -0.5f, 0.25f, inPlace);
            assertArrayEquals(out.copy().data(), inPlace.data());
            checked++;
        }
        assertEquals(offsets.length, checked);
    }

    /** The branch-free STE mask against the plain comparison, on every special value and clip bound, bit for bit. */
    @Test
    void steGradientsMatchTheComparisonOnSpecialValues() {
        float[] xs = {0f, -0f, 1f, -1f, 0.5f, -0.5f, 1.0000001f, -0.99999994f, 2f, Float.MIN_VALUE, -Float.MIN_VALUE,
                Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xffc00001)};
        float[] clips = {1f, 0.5f, 0f, -0f, -1f, Float.MIN_VALUE, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NaN};
        Tensor x = Tensor.wrap(xs.clone(), xs.length);
        Tensor g = Tensor.zeros(xs.length);
        for (int i = 0; i < xs.length; i++) {
            g.data()[i] = i == 3 ? -0f : i == 4 ? Float.NaN : -3f + i;
        }
        int checked = 0;
        for (float clip : clips) {
            Tensor out = Tensor.zeros(xs.length);
            Tensor acc = Tensor.zeros(xs.length);
            TensorOps.fill(0.25f, acc);
            TensorOps.steGradient(x, clip, g, out);
            TensorOps.addSteGradient(x, clip, g, acc);
            for (int i = 0; i < xs.length; i++) {
                float expected = Math.abs(xs[i]) <= clip ? g.getFlat(i) : 0f;
                String what = "x = " + xs[i] + ", clip = " + clip;
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out.getFlat(i)), what);
                assertEquals(Float.floatToRawIntBits(0.25f + expected), Float.floatToRawIntBits(acc.getFlat(i)), what);
                checked++;
            }
        }
        assertEquals(clips.length * xs.length, checked);
    }

    @Test
    void reductions() {
        Tensor a = view(6);
        Tensor b = view(7);
        double sum = 0;
        double dot = 0;
        float maxAbs = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += a.getFlat(i);
            dot += (double) a.getFlat(i) * b.getFlat(i);
            maxAbs = Math.max(maxAbs, Math.abs(a.getFlat(i)));
        }
        assertEquals(sum, TensorOps.sum(a), 1e-12);
        assertEquals(dot, TensorOps.dot(a, b), 1e-12);
        assertEquals(maxAbs, TensorOps.maxAbs(a));
        assertTrue(TensorOps.isSigns(Tensor.wrap(new float[] {1, -1, 1}, 3)));
        assertFalse(TensorOps.isSigns(Tensor.wrap(new float[] {1, -1, 0}, 3)));
    }

    @Test
    void columnOperations() {
        Tensor a = view(8);
        Tensor b = view(9);
        Tensor sums = Tensor.zeros(COLS);
        TensorOps.fill(1f, sums);
        TensorOps.addColumnSums(a, sums);
        Tensor products = Tensor.zeros(COLS);
        TensorOps.addColumnProductSums(a, b, products);
        Tensor mean = Tensor.zeros(COLS);
        Tensor var = Tensor.zeros(COLS);
        TensorOps.columnMeanVariance(a, mean, var);
        for (int j = 0; j < COLS; j++) {
            double s = 0;
            double p = 0;
            for (int i = 0; i < ROWS; i++) {
                s += a.get(i, j);
                p += (double) a.get(i, j) * b.get(i, j);
            }
            double m = s / ROWS;
            double v = 0;
            for (int i = 0; i < ROWS; i++) {
                v += Math.pow(a.get(i, j) - m, 2) / ROWS;
            }
            assertEquals(1 + s, sums.getFlat(j), 1e-5);
            assertEquals(p, products.getFlat(j), 1e-5);
            assertEquals(m, mean.getFlat(j), 1e-6);
            assertEquals(v, var.getFlat(j), 1e-5);
        }
        Tensor out = view(10);
        Tensor scale = view(11).slice(0, 1).reshape(COLS);
        Tensor shift = view(12).slice(1, 2).reshape(COLS);
        TensorOps.scaleShiftColumns(a, scale, shift, out);
        Tensor acc = out.copy();
        TensorOps.addScaledColumns(b, scale, acc);
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLS; j++) {
                float expected = a.get(i, j) * scale.getFlat(j) + shift.getFlat(j);
                assertEquals(expected, out.get(i, j));
                assertEquals(expected + b.get(i, j) * scale.getFlat(j), acc.get(i, j));
            }
        }
        Tensor spatial = Tensor.uniform(Seeds.generator(13), -1, 1, 2, 3, 2, COLS);
        Tensor channelSums = Tensor.zeros(COLS);
        TensorOps.addColumnSums(spatial, channelSums);
        assertEquals(TensorOps.sum(spatial), TensorOps.sum(channelSums), 1e-5, "channels of an NHWC batch");
        assertThrows(ShapeMismatchException.class, () -> TensorOps.addColumnSums(a, Tensor.zeros(COLS + 1)));
    }

    @Test
    void rowOperations() {
        Tensor a = view(14);
        int[] argmax = new int[ROWS];
        TensorOps.argmaxRows(a, argmax);
        Tensor rowSums = Tensor.zeros(ROWS);
        TensorOps.rowSums(a, rowSums);
        Tensor lse = Tensor.zeros(ROWS);
        TensorOps.logSumExpRows(a, lse);
        Tensor softmax = Tensor.zeros(ROWS, COLS);
        TensorOps.softmaxRows(a, softmax);
        for (int i = 0; i < ROWS; i++) {
            int best = 0;
            double s = 0;
            double e = 0;
            for (int j = 0; j < COLS; j++) {
                best = a.get(i, j) > a.get(i, best) ? j : best;
                s += a.get(i, j);
                e += Math.exp(a.get(i, j));
            }
            assertEquals(best, argmax[i]);
            assertEquals(s, rowSums.getFlat(i), 1e-5);
            assertEquals(Math.log(e), lse.getFlat(i), 1e-5);
            for (int j = 0; j < COLS; j++) {
                assertEquals(Math.exp(a.get(i, j)) / e, softmax.get(i, j), 1e-6);
            }
        }
        Tensor big = Tensor.wrap(new float[] {1000f, 999f}, 1, 2);
        TensorOps.logSumExpRows(big, Tensor.zeros(1));
        Tensor lseBig = Tensor.zeros(1);
        TensorOps.logSumExpRows(big, lseBig);
        assertEquals(1000 + Math.log(1 + Math.exp(-1)), lseBig.getFlat(0), 1e-3, "no overflow");
    }

    @Test
    void repeatedPatternAndRandomOperations() {
        Tensor out = Tensor.zeros(3, 4);
        TensorOps.addRepeated(Tensor.wrap(new float[] {1, 2, 3, 4}, 4), out);
        assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}, out.data());
        assertThrows(ShapeMismatchException.class, () -> TensorOps.addRepeated(Tensor.zeros(5), out));
        Tensor mask = Tensor.zeros(10000);
        TensorOps.bernoulli(Seeds.generator(1), 0.3f, 2f, mask);
        assertEquals(0.3 * 2 * 10000, TensorOps.sum(mask), 5 * Math.sqrt(10000 * 0.3 * 0.7) * 2);
    }

    @Test
    void nanIsRejectedByTheSigns() {
        Tensor x = Tensor.wrap(new float[] {1f, Float.NaN, -1f}, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorOps.sign(x, Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("NaN at flat index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TensorOps.stochasticSign(Seeds.generator(1), x, Tensor.zeros(3)));
        assertThrows(IllegalArgumentException.class, () -> TensorOps.roundToPowerOfTwo(x, Tensor.zeros(3)));
    }

    @Test
    void shapeMismatchNamesTheOperationAndBothShapes() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> TensorOps.add(Tensor.zeros(2, 3), Tensor.zeros(3, 2), Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"),
                e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> TensorOps.sign(Tensor.zeros(2), Tensor.zeros(3)));
    }

    /** Per-element shares of +1 follow hard_sigmoid at several probabilities, and neighbours are uncorrelated. */
    @Test
    void stochasticSignDrawsIndependentHardSigmoidBits() {
        int n = 40_000;
        for (float xv : new float[] {-0.9f, -0.5f, 0f, 0.3f, 0.8f}) {
            double p = (xv + 1) / 2;
            Tensor x = Tensor.zeros(n);
            TensorOps.fill(xv, x);
            Tensor out = Tensor.zeros(n);
            TensorOps.stochasticSign(Seeds.generator(7), x, out);
            double plus = (TensorOps.sum(out) + n) / 2 / n;
            assertEquals(p, plus, 5 * Math.sqrt(p * (1 - p) / n), "x = " + xv); // 5 sigma
            double lag1 = 0;
            for (int i = 1; i < n; i++) {
                lag1 += (out.getFlat(i) - (2 * p - 1)) * (out.getFlat(i - 1) - (2 * p - 1));
            }
            double variance = 4 * p * (1 - p);
            assertEquals(0, lag1 / (n - 1) / variance, 5 / Math.sqrt(n), "lag-1 correlation at x = " + xv);
        }
        Tensor x = Tensor.zeros(1000);
        Tensor a = Tensor.zeros(1000), b = Tensor.zeros(1000);
        TensorOps.stochasticSign(Seeds.generator(1), x, a);
        TensorOps.stochasticSign(Seeds.generator(2), x, b);
        assertNotEquals(a, b, "another generator, another draw");
    }
}
