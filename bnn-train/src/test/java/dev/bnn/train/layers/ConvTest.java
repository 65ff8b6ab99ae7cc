package dev.bnn.train.layers;

import static dev.bnn.train.testing.Reference.transpose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.nn.Modules;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.quantize.StochasticSign;
import dev.bnn.train.testing.GradientChecker;
import dev.bnn.train.testing.Reference;
import org.junit.jupiter.api.Test;

/** Conv2d, BinaryConv2d (BinaryConnect, BNN with +1 padding, BNN with the zero-padding correction), MaxPool2d. */
class ConvTest {
    /** {height, width, inChannels, outChannels, kernel, stride, padding}: odd sizes, channels across 64-bit words. */
    private static final int[][] GEOMETRIES = {
        {5, 5, 3, 4, 3, 1, 1}, {6, 7, 2, 5, 3, 2, 1}, {4, 4, 65, 3, 2, 1, 0}, {5, 4, 64, 66, 3, 1, 2}, {3, 3, 1, 1, 3, 1, 0}};

    @Test
    void floatConvolutionIsPatchesTimesWeights() {
        for (int[] g : GEOMETRIES) {
            Conv2d conv = new Conv2d(g[2], g[3], g[4], g[5], g[6], true, Init.GLOROT_UNIFORM, 3);
            conv.parameters().get(1).value().copyFrom(Tensor.uniform(Seeds.generator(1), -1, 1, g[3]));
            Tensor x = Tensor.uniform(Seeds.generator(2), -1, 1, 2, g[0], g[1], g[2]);
            Reference.assertClose(Reference.product(patches(x, g, 0f), conv.parameters().get(0).value(),
                    conv.parameters().get(1).value()), conv.forward(x), conv.toString());
        }
    }

    @Test
    void floatConvolutionGradientsMatchFiniteDifferences() {
        GradientChecker checker = new GradientChecker(1e-2, 40, 4);
        checker.checkModule(new Conv2d(2, 3, 3, 2, 1, true, Init.GLOROT_UNIFORM, 5),
                Tensor.uniform(Seeds.generator(6), -1, 1, 2, 5, 4, 2));
        assertTrue(checker.checked() >= 64 + 54 + 3, "checked " + checker.checked());
    }

    @Test
    void binaryConnectConvolutionIsFloatMathOnTheSigns() {
        for (int[] g : GEOMETRIES) {
            BinaryConv2d conv = BinaryConv2d.builder(g[2], g[3], g[4]).stride(g[5]).padding(g[6]).seed(7).build();
            Tensor x = Tensor.uniform(Seeds.generator(8), -1, 1, 3, g[0], g[1], g[2]);
            Reference.assertClose(Reference.product(patches(x, g, 0f), Reference.sign(conv.weight().value()), null),
                    conv.forward(x), conv.toString());
        }
    }

    @Test
    void stochasticBinaryConnectConvolutionEvaluatesWithTheLatentWeights() {
        int[] g = GEOMETRIES[0];
        BinaryConv2d conv = BinaryConv2d.builder(g[2], g[3], g[4]).stride(g[5]).padding(g[6])
                .weights(new StochasticSign(1f, true)).seed(7).build();
        conv.eval();
        Tensor x = Tensor.uniform(Seeds.generator(8), -1, 1, 3, g[0], g[1], g[2]);
        Reference.assertClose(Reference.product(patches(x, g, 0f), conv.weight().value(), null), conv.forward(x),
                conv.toString());
    }

    @Test
    void bnnConvolutionGivesExactDotsWithPlusOneOrZeroPadding() {
        for (boolean zero : new boolean[] {false, true}) {
            for (int[] g : GEOMETRIES) {
                BinaryConv2d.Builder b = BinaryConv2d.builder(g[2], g[3], g[4]).stride(g[5]).padding(g[6]).binaryInput()
                        .bias(false).seed(9);
                BinaryConv2d conv = (zero ? b.zeroPadding() : b).build();
                Tensor x = Reference.signs(10, 2, g[0], g[1], g[2]);
                Tensor p = patches(x, g, zero ? 0f : 1f);
                Tensor signW = Reference.sign(conv.weight().value());
                assertEquals(Reference.product(p, signW, null).value(), conv.forward(x).reshape(-1, g[3]),
                        "bit-exact " + conv);
                // backward: gW = gy^T P (same padding), gx = col2im(gy sign(W))
                Tensor gy = Tensor.uniform(Seeds.generator(11), -1, 1, conv.forward(x).shape());
                Tensor gx = conv.backward(gy);
                Tensor gy2d = gy.reshape(-1, g[3]);
                Reference.assertClose(Reference.product(transpose(gy2d), transpose(p), null), conv.weight().grad(),
                        "gW of " + conv);
                Reference.Product gp = Reference.product(gy2d, transpose(signW), null);
                Reference.assertClose(new Reference.Product(col2im(gp.value(), x.shape(), g),
                        col2im(gp.magnitude(), x.shape(), g), gp.terms() * g[4] * g[4]), gx, "gx of " + conv);
            }
        }
    }

    @Test
    void paddingModeIsInToStringAndConfig() {
        BinaryConv2d plus = BinaryConv2d.builder(128, 128, 3).padding(1).binaryInput().build();
        assertEquals("BinaryConv2d(128 -> 128, 3x3, stride 1, padding 1 (+1), input: ±1 (XNOR-popcount), "
                + "weights: SteSign, clip 1.0)", plus.toString());
        BinaryConv2d zero = BinaryConv2d.builder(128, 128, 3).padding(1).binaryInput().zeroPadding().build();
        assertTrue(zero.toString().contains("padding 1 (zero, by correction)"), zero.toString());
        assertEquals("zero", zero.config().get("padding_mode"));
        assertEquals(PaddingMode.ZERO, zero.paddingMode());
        assertEquals(PaddingMode.PLUS_ONE, plus.paddingMode());
        assertEquals(PaddingMode.ZERO, new BinaryConv2d(3, 128, 3, 1).paddingMode(), "a real-valued input pads with 0");
        assertEquals("zero", new BinaryConv2d(3, 128, 3, 1).config().get("padding_mode"), "and records it");
        assertEquals("plus_one", plus.config().get("padding_mode"));
        assertEquals("BinaryConv2d(3 -> 128, 3x3, stride 1, padding 1, weights: SteSign, clip 1.0)",
                new BinaryConv2d(3, 128, 3, 1).toString());
    }

    @Test
    void threadsGiveTheSameOutputs() {
        BinaryConv2d one = BinaryConv2d.builder(64, 32, 3).padding(1).binaryInput().seed(1).build();
        BinaryConv2d two = BinaryConv2d.builder(64, 32, 3).padding(1).binaryInput().seed(1).build();
        Tensor x = Reference.signs(2, 4, 8, 8, 64);
        try (Parallelism p = Parallelism.threads(2)) {
            two.setParallelism(p);
            assertEquals(one.forward(x), two.forward(x));
        }
    }

    @Test
    void maxPoolForwardBackwardAndGradientCheck() {
        MaxPool2d pool = new MaxPool2d(2);
        Tensor x = Tensor.wrap(new float[] {1, 5, 3, 2, /* row 2 */ 4, 0, 8, 9, /* row 3 */ -1, -2, -3, -4, /* row 4 */ -5, -6, 7, -8},
                1, 4, 4, 1);
        assertEquals(Tensor.wrap(new float[] {5, 9, -1, 7}, 1, 2, 2, 1), pool.forward(x));
        Tensor gx = pool.backward(Tensor.wrap(new float[] {1, 2, 3, 4}, 1, 2, 2, 1));
        assertEquals(Tensor.wrap(new float[] {0, 1, 0, 0, 0, 0, 0, 2, 3, 0, 0, 0, 0, 0, 4, 0}, 1, 4, 4, 1), gx);
        // distinct values spaced wider than the step, so no finite difference crosses a tie
        Tensor y = Tensor.zeros(2, 5, 5, 3);
        for (int i = 0; i < y.size(); i++) {
            y.data()[i] = ((i * 37) % 150) * 0.1f;
        }
        GradientChecker checker = new GradientChecker(1e-2, 1, 2);
        checker.checkModule(new MaxPool2d(2, 2), y);
        assertEquals(64, checker.checked());
        assertEquals(3, new MaxPool2d(3, 2).outputShape(7, 8, 16)[1]);
    }

    @Test
    void badInputNamesTheLayerAndBothShapes() {
        BinaryConv2d conv = BinaryConv2d.builder(3, 8, 3).padding(1).build();
        for (Tensor bad : new Tensor[] {Tensor.zeros(2, 8, 8, 4), Tensor.zeros(2, 8, 8), Tensor.zeros(0, 8, 8, 3)}) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> conv.forward(bad));
            assertTrue(e.getMessage().contains("BinaryConv2d(3 -> 8") && e.getMessage().contains(
                    ShapeMismatchException.format(bad.shape())) && e.getMessage().contains("[N, *, *, 3]"), e.getMessage());
        }
        assertThrows(ShapeMismatchException.class, () -> new MaxPool2d(2).forward(Tensor.zeros(1, 4, 4)));
    }

    @Test
    void convNetworkRoundTripsAndSummarises() {
        Sequential a = new Sequential(
                new BinaryConv2d(3, 16, 3, 1), new BatchNorm(16), new SignActivation(),
                BinaryConv2d.builder(16, 16, 3).padding(1).binaryInput().build(), new MaxPool2d(2), new BatchNorm(16),
                new SignActivation(), new Flatten(), BinaryDense.builder(4 * 4 * 16, 10).binaryInput().build(),
                new BatchNorm(10));
        a.reset(5);
        Tensor x = Tensor.uniform(Seeds.generator(3), -1, 1, 2, 8, 8, 3);
        a.forward(x);
        Sequential b = (Sequential) Modules.fromConfig(a.config());
        b.loadState(a.state());
        a.eval();
        b.eval();
        assertEquals(a.forward(x), b.forward(x));
        var rows = a.summaries(8, 8, 3);
        assertEquals(8L * 8 * 27 * 16, rows.get(0).floatMacs());
        assertEquals(8L * 8 * 144 * 16, rows.get(3).binaryMacs());
        assertEquals(432, rows.get(0).binaryParams());
        assertEquals("[4, 4, 16]", rows.get(4).formattedShape());
        assertEquals("[256]", rows.get(7).formattedShape());
    }

    /** Reference patches with the given padding value: rows (b, oy, ox), columns (ky, kx, c). */
    static Tensor patches(Tensor x, int[] g, float padValue) {
        int n = x.dim(0), h = g[0], w = g[1], c = g[2], k = g[4], s = g[5], p = g[6];
        int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
        Tensor out = Tensor.zeros(n * oh * ow, k * k * c);
        int row = 0;
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, row++) {
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            for (int ch = 0; ch < c; ch++) {
                                int y = oy * s - p + ky, xx = ox * s - p + kx;
                                boolean inside = y >= 0 && y < h && xx >= 0 && xx < w;
                                out.set(row, (ky * k + kx) * c + ch, inside ? x.get(b, y, xx, ch) : padValue);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Reference col2im: adds each patch entry back onto its pixel, padding dropped. */
    static Tensor col2im(Tensor gp, int[] shape, int[] g) {
        Tensor gx = Tensor.zeros(shape);
        int n = shape[0], h = g[0], w = g[1], c = g[2], k = g[4], s = g[5], p = g[6];
        int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
        int row = 0;
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, row++) {
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int y = oy * s - p + ky, xx = ox * s - p + kx;
                            if (y >= 0 && y < h && xx >= 0 && xx < w) {
                                for (int ch = 0; ch < c; ch++) {
                                    gx.set(gx.get(b, y, xx, ch) + gp.get(row, (ky * k + kx) * c + ch), b, y, xx, ch);
                                }
                            }
                        }
                    }
                }
            }
        }
        return gx;
    }
}
