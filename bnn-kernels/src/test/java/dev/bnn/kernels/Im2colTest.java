package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class Im2colTest {
    /** Geometries with channel counts across word boundaries, strides and paddings. */
    private static final List<ConvGeometry> GEOMETRIES = List.of(
            ConvGeometry.same(5, 4, 1, 3),
            ConvGeometry.same(6, 6, 3, 3),
            ConvGeometry.same(4, 5, 63, 3),
            ConvGeometry.same(3, 3, 64, 3),
            ConvGeometry.same(4, 3, 65, 3),
            new ConvGeometry(7, 6, 5, 3, 2, 2, 1),
            new ConvGeometry(5, 5, 130, 2, 2, 1, 0),
            new ConvGeometry(4, 4, 7, 5, 5, 1, 2));

    @Test
    void floatPatchesTimesWeightsEqualDirectConvolution() {
        RandomGenerator rng = Seeds.generator(11);
        for (ConvGeometry g : GEOMETRIES) {
            int batch = 2;
            int outChannels = 3;
            Tensor images = Tensor.uniform(rng, -1f, 1f, batch, g.height(), g.width(), g.channels());
            Tensor weights = Tensor.uniform(rng, -1f, 1f, outChannels, g.patchSize());
            Tensor out = Tensor.zeros(batch * g.outPositions(), outChannels);
            try (Parallelism p = Parallelism.singleThread()) {
                new FloatGemm(p, new ScalarFloatGemm()).multTransB(Im2col.patches(images, g), weights, out);
            }
            float[] direct = directConvolution(images, weights, g, 0f);
            for (int i = 0; i < direct.length; i++) {
                assertEquals(direct[i], out.data()[i], 1e-4f, g + " element " + i);
            }
        }
    }

    @Test
    void packedPatchesArePackedZeroPaddedFloatPatches() {
        RandomGenerator rng = Seeds.generator(12);
        for (ConvGeometry g : GEOMETRIES) {
            int batch = 3;
            Tensor images = Tensor.uniform(rng, -1f, 1f, batch, g.height(), g.width(), g.channels());
            BitMatrix pixels = BitMatrix.packSigns(images.reshape(-1, g.channels()));
            BitMatrix packed = Im2col.patches(pixels, batch, g);
            packed.checkPadding();
            // Zero padding in float packs to bit 0 = +1, exactly the packed padding.
            assertEquals(BitMatrix.packSigns(Im2col.patches(images, g)), packed, g.toString());
        }
    }

    @Test
    void paddingCorrectionTurnsPlusOnePaddingIntoZeroPadding() {
        RandomGenerator rng = Seeds.generator(13);
        for (ConvGeometry g : GEOMETRIES) {
            int batch = 2;
            int outChannels = 5;
            Tensor images = signs(rng, batch, g.height(), g.width(), g.channels());
            Tensor weights = signs(rng, outChannels, g.patchSize());
            BitMatrix w = BitMatrix.packSigns(weights);
            BitMatrix patches = Im2col.patches(BitMatrix.packSigns(images.reshape(-1, g.channels())), batch, g);
            int[] corr = Im2col.paddingCorrection(g, w);
            float[] plusOne = directConvolution(images, weights, g, 1f);
            float[] zero = directConvolution(images, weights, g, 0f);
            for (int row = 0; row < patches.rows(); row++) {
                int p = row % g.outPositions();
                for (int j = 0; j < outChannels; j++) {
                    int dot = patches.dot(row, w, j);
                    assertEquals((int) plusOne[row * outChannels + j], dot, g + " +1 padding");
                    assertEquals((int) zero[row * outChannels + j], dot - corr[p * outChannels + j], g + " zero padding");
                }
            }
        }
    }

    @Test
    void addPatchesIsTheAdjointOfPatches() {
        RandomGenerator rng = Seeds.generator(14);
        for (ConvGeometry g : GEOMETRIES) {
            Tensor x = Tensor.uniform(rng, -1f, 1f, 2, g.height(), g.width(), g.channels());
            Tensor y = Tensor.uniform(rng, -1f, 1f, 2 * g.outPositions(), g.patchSize());
            Tensor xGrad = Tensor.zeros(x.shape());
            Im2col.addPatches(y, g, xGrad);
            // <patches(x), y> = <x, addPatches(y)>
            assertEquals(dot(Im2col.patches(x, g), y), dot(x, xGrad), 1e-3, g.toString());
        }
    }

    @Test
    void geometryArithmeticAndErrors() {
        ConvGeometry g = new ConvGeometry(32, 32, 3, 3, 3, 1, 1);
        assertEquals(32, g.outHeight());
        assertEquals(27, g.patchSize());
        ConvGeometry s = new ConvGeometry(7, 6, 5, 3, 2, 2, 1);
        assertEquals(4, s.outHeight());
        assertEquals(4, s.outWidth());
        assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(2, 2, 1, 5, 5, 1, 0));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> Im2col.patches(Tensor.zeros(1, 32, 32, 4), g));
        assertTrue(e.getMessage().contains("[1, 32, 32, 4]") && e.getMessage().contains("[batch, 32, 32, 3]"),
                e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> Im2col.patches(new BitMatrix(10, 3), 1, g));
        assertThrows(ShapeMismatchException.class, () -> Im2col.paddingCorrection(g, new BitMatrix(4, 26)));
    }

    @Test
    void handComputedPatch() {
        // 2x2 single-channel image [[1, 2], [3, 4]], 2x2 kernel, padding 1: the first patch is
        // the top-left corner [0, 0, 0, 1], the centre patch is the whole image.
        Tensor img = Tensor.wrap(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
        Tensor p = Im2col.patches(img, new ConvGeometry(2, 2, 1, 2, 2, 1, 1));
        assertArrayEquals(new int[] {9, 4}, p.shape());
        assertArrayEquals(new float[] {0, 0, 0, 1}, java.util.Arrays.copyOfRange(p.data(), 0, 4));
        assertArrayEquals(new float[] {1, 2, 3, 4}, java.util.Arrays.copyOfRange(p.data(), 16, 20));
    }

    /** out[(b, oy, ox), j] = sum over taps and channels of w_j * x, with {@code pad} outside the image. */
    private static float[] directConvolution(Tensor x, Tensor w, ConvGeometry g, float pad) {
        int batch = x.dim(0);
        int n = w.dim(0);
        float[] out = new float[batch * g.outPositions() * n];
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    int row = (b * g.outHeight() + oy) * g.outWidth() + ox;
                    for (int j = 0; j < n; j++) {
                        double acc = 0;
                        for (int ky = 0; ky < g.kernelHeight(); ky++) {
                            for (int kx = 0; kx < g.kernelWidth(); kx++) {
                                int y = oy * g.stride() - g.padding() + ky;
                                int xx = ox * g.stride() - g.padding() + kx;
                                boolean inside = y >= 0 && y < g.height() && xx >= 0 && xx < g.width();
                                for (int c = 0; c < g.channels(); c++) {
                                    float v = inside ? x.get(b, y, xx, c) : pad;
                                    acc += v * w.get(j, (ky * g.kernelWidth() + kx) * g.channels() + c);
                                }
                            }
                        }
                        out[row * n + j] = (float) acc;
                    }
                }
            }
        }
        return out;
    }

    private static Tensor signs(RandomGenerator rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = rng.nextBoolean() ? 1f : -1f;
        }
        return t;
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += (double) a.data()[i] * b.data()[i];
        }
        return s;
    }
}
