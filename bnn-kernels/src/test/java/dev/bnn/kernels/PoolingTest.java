package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PoolingTest {

    @Test
    void maxPoolMatchesAPlainLoopOnViews() {
        int checked = 0;
        for (int[] g : new int[][] {{2, 2}, {3, 2}, {2, 1}, {3, 3}, {1, 1}}) {
            int window = g[0], stride = g[1];
            RandomGenerator rng = Seeds.generator(window * 10 + stride);
            Tensor all = Tensor.uniform(rng, -1, 1, 3, 7, 6, 5);
            Tensor in = all.slice(1, 3); // a view with an offset
            int oh = Pooling.outputSize(7, window, stride), ow = Pooling.outputSize(6, window, stride);
            Tensor out = Tensor.zeros(2, oh, ow, 5);
            int[] argmax = new int[out.size()];
            Pooling.maxPool(in, window, stride, out, argmax);
            for (int b = 0; b < 2; b++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        for (int c = 0; c < 5; c++) {
                            float max = Float.NEGATIVE_INFINITY;
                            for (int ky = 0; ky < window; ky++) {
                                for (int kx = 0; kx < window; kx++) {
                                    max = Math.max(max, in.get(b, oy * stride + ky, ox * stride + kx, c));
                                }
                            }
                            assertEquals(max, out.get(b, oy, ox, c));
                            checked++;
                        }
                    }
                }
            }
            // backward routes g to the maxima: <gradIn, x> = <g, maxPool(x)>
            Tensor grad = Tensor.uniform(rng, -1, 1, out.shape());
            Tensor gradIn = Tensor.uniform(rng, -1, 1, in.shape()); // overwritten, not added to
            Pooling.maxPoolBackward(grad, argmax, gradIn);
            double lhs = 0;
            double rhs = 0;
            for (int i = 0; i < in.size(); i++) {
                lhs += (double) gradIn.getFlat(i) * in.getFlat(i);
            }
            for (int i = 0; i < out.size(); i++) {
                rhs += (double) grad.getFlat(i) * out.getFlat(i);
            }
            assertEquals(rhs, lhs, 1e-5); // overlapping windows add several g into one float entry
        }
        assertTrue(checked > 500, "checked " + checked);
    }

    @Test
    void tiesGoToTheFirstElement() {
        Tensor in = Tensor.wrap(new float[] {2, 2, 2, 2}, 1, 2, 2, 1);
        int[] argmax = new int[1];
        Pooling.maxPool(in, 2, 2, Tensor.zeros(1, 1, 1, 1), argmax);
        assertEquals(0, argmax[0]);
    }

    @Test
    void badArgumentsAreNamed() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> Pooling.maxPool(Tensor.zeros(1, 4, 4, 2), 2, 2, Tensor.zeros(1, 2, 2, 3), new int[8]));
        assertTrue(e.getMessage().contains("[1, 2, 2, 3]") && e.getMessage().contains("[1, 2, 2, 2]"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> Pooling.maxPool(Tensor.zeros(4, 4, 2), 2, 2, Tensor.zeros(1), new int[1]));
        assertThrows(IllegalArgumentException.class, () -> Pooling.outputSize(1, 2, 2));
        assertThrows(ShapeMismatchException.class,
                () -> Pooling.maxPool(Tensor.zeros(1, 4, 4, 2), 2, 2, Tensor.zeros(1, 2, 2, 2), new int[7]));
    }
    /** Pooling thresholded bits equals thresholding the max dot: AND of bits, OR for negated channels. */
    @Test
    void maxPoolBitsIsTheThresholdOfTheMaxDot() {
        for (int channels : new int[] {1, 63, 64, 65, 130}) {
            RandomGenerator rng = Seeds.generator(channels);
            int batch = 2, h = 5, w = 6, window = 2, stride = 2;
            int[] threshold = new int[channels];
            boolean[] negate = new boolean[channels];
            for (int j = 0; j < channels; j++) {
                threshold[j] = rng.nextInt(-3, 4);
                negate[j] = rng.nextBoolean();
            }
            SignThresholds t = new SignThresholds(threshold, negate);
            int[] dots = new int[batch * h * w * channels];
            BitMatrix bits = new BitMatrix(batch * h * w, channels);
            for (int p = 0; p < batch * h * w; p++) {
                for (int j = 0; j < channels; j++) {
                    dots[p * channels + j] = rng.nextInt(-6, 7);
                    if (t.bit(j, dots[p * channels + j])) {
                        bits.set(p, j, -1f);
                    }
                }
            }
            long[] orMask = new long[bits.wordsPerRow()];
            for (int j = 0; j < channels; j++) {
                orMask[j >>> 6] |= negate[j] ? 1L << j : 0L;
            }
            int oh = Pooling.outputSize(h, window, stride), ow = Pooling.outputSize(w, window, stride);
            BitMatrix out = new BitMatrix(batch * oh * ow, channels);
            Pooling.maxPoolBits(bits, batch, h, w, window, stride, orMask, out);
            assertTrue(out.checkPadding());
            for (int b = 0; b < batch; b++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        for (int j = 0; j < channels; j++) {
                            int max = Integer.MIN_VALUE;
                            for (int ky = 0; ky < window; ky++) {
                                for (int kx = 0; kx < window; kx++) {
                                    max = Math.max(max, dots[((b * h + oy * stride + ky) * w + ox * stride + kx) * channels + j]);
                                }
                            }
                            int expected = t.bit(j, max) ? -1 : 1;
                            assertEquals(expected, out.get((b * oh + oy) * ow + ox, j), "channel " + j + " of " + channels);
                        }
                    }
                }
            }
        }
    }
}
