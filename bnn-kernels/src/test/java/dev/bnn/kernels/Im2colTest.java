package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.testing.FloatTolerance;
import dev.bnn.core.testing.TensorViews;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class Im2colTest {
    private static final Im2col IM2COL = new Im2col(Parallelism.singleThread());
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
                new FloatGemm(p, new ScalarFloatGemm()).multTransB(floatPatches(images, g), weights, out);
            }
            double[] direct = directConvolution(images, weights, g, 0f);
            for (int i = 0; i < direct.length; i++) {
                // |x|, |w| <= 1: the terms' magnitudes sum to at most patchSize.
                FloatTolerance.assertClose(g + " element " + i, direct[i], out.data()[i], g.patchSize(), g.patchSize());
            }
        }
    }

    @Test
    void packedPatchesArePackedZeroPaddedFloatPatches() {
        RandomGenerator rng = Seeds.generator(12);
        for (ConvGeometry g : GEOMETRIES) {
            int batch = 3;
            Tensor images = Tensor.uniform(rng, -1f, 1f, batch, g.height(), g.width(), g.channels());
            BitMatrix pixels = BitPacking.packSigns(images.reshape(-1, g.channels()));
            BitMatrix packed = packedPatches(pixels, batch, g);
            packed.checkPadding();
            // Zero padding in float packs to bit 0 = +1, exactly the packed padding.
            assertEquals(BitPacking.packSigns(floatPatches(images, g)), packed, g.toString());
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
            BitMatrix w = BitPacking.packSigns(weights);
            BitMatrix patches = packedPatches(BitPacking.packSigns(images.reshape(-1, g.channels())), batch, g);
            int[] corr = Im2col.paddingCorrection(g, w);
            double[] plusOne = directConvolution(images, weights, g, 1f);
            double[] zero = directConvolution(images, weights, g, 0f);
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
            IM2COL.addPatches(y, g, xGrad);
            // <patches(x), y> = <x, addPatches(y)>: exact in double but for the float sums in
            // xGrad, each of at most kernelHeight * kernelWidth terms of y, and |x| <= 1.
            double magnitude = Arrays.stream(toDoubles(y)).map(Math::abs).sum();
            FloatTolerance.assertClose(g.toString(), dot(floatPatches(x, g), y), (float) dot(x, xGrad),
                    g.kernelHeight() * g.kernelWidth(), magnitude);
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
                () -> IM2COL.patches(Tensor.zeros(1, 32, 32, 4), g, Tensor.zeros(1024, 27)));
        assertTrue(e.getMessage().contains("[1, 32, 32, 4]") && e.getMessage().contains("[batch, 32, 32, 3]"),
                e.getMessage());
        e = assertThrows(ShapeMismatchException.class,
                () -> IM2COL.patches(Tensor.zeros(1, 32, 32, 3), g, Tensor.zeros(1024, 28)));
        assertTrue(e.getMessage().contains("[1024, 28]") && e.getMessage().contains("[1024, 27]"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> IM2COL.patches(new BitMatrix(10, 3), 1, g, new BitMatrix(1024, 27)));
        assertThrows(ShapeMismatchException.class,
                () -> IM2COL.patches(new BitMatrix(1024, 3), 1, g, new BitMatrix(1024, 26)));
        assertThrows(ShapeMismatchException.class, () -> Im2col.paddingCorrection(g, new BitMatrix(4, 26)));
    }

    /** Sizes whose products overflow an int are rejected by the geometry, naming the size. */
    @Test
    void geometriesWhoseSizesOverflowAnIntAreRejected() {
        // 46341^2 > 2^31 - 1 output positions.
        var e = assertThrows(IllegalArgumentException.class, () -> ConvGeometry.same(46341, 46341, 1, 3));
        assertTrue(e.getMessage().contains("output positions"), e.getMessage());
        // A 3x3 patch of 2^29 channels.
        e = assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(1, 1, 1 << 29, 3, 3, 1, 1));
        assertTrue(e.getMessage().contains("patch size"), e.getMessage());
        // Entries per image: 2^16 x 2^16 pixels of one channel, with a 2^16-wide stride so the output is small.
        e = assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(1 << 16, 1 << 16, 1, 1, 1, 1 << 16, 0));
        assertTrue(e.getMessage().contains("entries per image"), e.getMessage());
        // Padding that overflows the padded size.
        e = assertThrows(IllegalArgumentException.class, () -> new ConvGeometry(3, 3, 1, 3, 3, 1, Integer.MAX_VALUE / 2 + 1));
        assertTrue(e.getMessage().contains("padded height"), e.getMessage());
        // The largest sizes that fit are accepted.
        assertEquals(46340 * 46340, ConvGeometry.same(46340, 46340, 1, 3).outPositions());
    }

    /** A batch slice of an N x H x W x C tensor in, a window of a larger patch buffer out: same result, nothing else touched. */
    @Test
    void viewsAtNonzeroOffsetsReadAndWriteOnlyTheirWindow() {
        RandomGenerator rng = Seeds.generator(15);
        ConvGeometry g = new ConvGeometry(5, 4, 3, 3, 3, 2, 1);
        Tensor all = Tensor.uniform(rng, -1f, 1f, 5, g.height(), g.width(), g.channels());
        Tensor batch = all.slice(1, 4);
        Tensor expected = floatPatches(batch.copy(), g);
        Tensor out = TensorViews.embed(Tensor.uniform(rng, -1f, 1f, expected.shape()), 7, 3);
        float[] before = out.data().clone();
        IM2COL.patches(batch, g, out);
        assertArrayEquals(expected.data(), out.copy().data());
        TensorViews.assertOutsideUnchanged("patches", before, out);

        Tensor grad = Tensor.uniform(rng, -1f, 1f, 5, g.height(), g.width(), g.channels());
        Tensor gradSlice = grad.slice(2, 5);
        Tensor expectedGrad = gradSlice.copy();
        IM2COL.addPatches(expected, g, expectedGrad);
        before = grad.data().clone();
        IM2COL.addPatches(TensorViews.embed(expected, 5, 2), g, gradSlice);
        assertArrayEquals(expectedGrad.data(), gradSlice.copy().data());
        TensorViews.assertOutsideUnchanged("addPatches", before, gradSlice);
    }

    /** Outputs are overwritten whole (stale contents do not leak) and equal for 1 to 4 threads. */
    @Test
    void resultsAreIdenticalForEveryThreadCountAndOverwriteStaleOutputs() {
        RandomGenerator rng = Seeds.generator(16);
        int checked = 0;
        for (ConvGeometry g : GEOMETRIES) {
            int batch = 5;
            Tensor images = Tensor.uniform(rng, -1f, 1f, batch, g.height(), g.width(), g.channels());
            BitMatrix pixels = BitPacking.packSigns(images.reshape(-1, g.channels()));
            Tensor patchGrad = Tensor.uniform(rng, -1f, 1f, batch * g.outPositions(), g.patchSize());
            Tensor expected = floatPatches(images, g);
            BitMatrix expectedBits = packedPatches(pixels, batch, g);
            Tensor startGrad = Tensor.uniform(rng, -1f, 1f, images.shape());
            Tensor expectedGrad = startGrad.copy();
            IM2COL.addPatches(patchGrad, g, expectedGrad);
            for (int threads = 1; threads <= 4; threads++) {
                try (Parallelism p = Parallelism.threads(threads, 1)) {
                    Im2col im2col = new Im2col(p);
                    Tensor out = Tensor.uniform(rng, -1f, 1f, expected.shape());
                    im2col.patches(images, g, out);
                    assertArrayEquals(expected.data(), out.data(), g + " threads=" + threads);
                    BitMatrix bits = new BitMatrix(expectedBits.rows(), expectedBits.cols());
                    Arrays.fill(bits.words(), 0x5555555555555555L);
                    im2col.patches(pixels, batch, g, bits);
                    assertEquals(expectedBits, bits, g + " threads=" + threads);
                    Tensor imageGrad = startGrad.copy();
                    im2col.addPatches(patchGrad, g, imageGrad);
                    assertArrayEquals(expectedGrad.data(), imageGrad.data(), g + " threads=" + threads);
                    checked++;
                }
            }
        }
        assertEquals(GEOMETRIES.size() * 4, checked);
    }

    @Test
    void outputsSharingEntriesWithAnInputAreRejected() {
        ConvGeometry g = new ConvGeometry(4, 4, 1, 1, 1, 1, 0);
        // A 1x1 convolution: the patch gradient has the image gradient's size, so a reshape fits.
        Tensor imageGrad = Tensor.zeros(1, 4, 4, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> IM2COL.addPatches(imageGrad.reshape(16, 1), g, imageGrad));
        assertTrue(e.getMessage().contains("shares entries"), e.getMessage());
        Tensor images = Tensor.zeros(1, 4, 4, 1);
        e = assertThrows(IllegalArgumentException.class, () -> IM2COL.patches(images, g, images.reshape(16, 1)));
        assertTrue(e.getMessage().contains("shares entries"), e.getMessage());
        BitMatrix pixels = new BitMatrix(16, 1);
        e = assertThrows(IllegalArgumentException.class,
                () -> IM2COL.patches(pixels, 1, g, BitMatrix.wrap(pixels.words(), 16, 1)));
        assertTrue(e.getMessage().contains("same words"), e.getMessage());
    }

    @Test
    void nullArgumentsAreNamed() {
        ConvGeometry g = new ConvGeometry(4, 4, 1, 1, 1, 1, 0);
        var e = assertThrows(NullPointerException.class, () -> IM2COL.patches(Tensor.zeros(1, 4, 4, 1), g, null));
        assertTrue(e.getMessage().contains("patches") && e.getMessage().contains("out"), e.getMessage());
        e = assertThrows(NullPointerException.class, () -> IM2COL.addPatches(null, g, Tensor.zeros(1, 4, 4, 1)));
        assertTrue(e.getMessage().contains("addPatches") && e.getMessage().contains("patch gradient"), e.getMessage());
    }

    @Test
    void handComputedPatch() {
        // 2x2 single-channel image [[1, 2], [3, 4]], 2x2 kernel, padding 1: the first patch is
        // the top-left corner [0, 0, 0, 1], the centre patch is the whole image.
        Tensor img = Tensor.wrap(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
        Tensor p = floatPatches(img, new ConvGeometry(2, 2, 1, 2, 2, 1, 1));
        assertArrayEquals(new int[] {9, 4}, p.shape());
        assertArrayEquals(new float[] {0, 0, 0, 1}, java.util.Arrays.copyOfRange(p.data(), 0, 4));
        assertArrayEquals(new float[] {1, 2, 3, 4}, java.util.Arrays.copyOfRange(p.data(), 16, 20));
    }

    private static Tensor floatPatches(Tensor images, ConvGeometry g) {
        Tensor out = Tensor.zeros(images.dim(0) * g.outPositions(), g.patchSize());
        IM2COL.patches(images, g, out);
        return out;
    }

    private static BitMatrix packedPatches(BitMatrix pixels, int batch, ConvGeometry g) {
        BitMatrix out = new BitMatrix(batch * g.outPositions(), g.patchSize());
        IM2COL.patches(pixels, batch, g, out);
        return out;
    }

    private static double[] toDoubles(Tensor t) {
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.getFlat(i);
        }
        return d;
    }

    /** out[(b, oy, ox), j] = sum over taps and channels of w_j * x, with {@code pad} outside the image. */
    private static double[] directConvolution(Tensor x, Tensor w, ConvGeometry g, float pad) {
        int batch = x.dim(0);
        int n = w.dim(0);
        double[] out = new double[batch * g.outPositions() * n];
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
                        out[row * n + j] = acc;
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
