package dev.bnn.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.BitPacking;
import dev.bnn.kernels.Parallelism;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The bit-plane first layer gives the exact sign of the real-valued pre-activation of 8-bit pixels. */
class BitPlaneDenseTest {
    @Test
    void bitPlanesGiveTheSignOfTheExactPreActivation() {
        for (int in : new int[] {1, 63, 64, 65, 130}) {
            RandomGenerator rng = Seeds.generator(in);
            int out = 70;
            int[] shape = {in};
            BitMatrix w = BitPacking.packSigns(Tensor.uniform(rng, -1, 1, out, in));
            float[] bias = Tensor.uniform(rng, -2, 2, out).data();
            float[] inv = Tensor.uniform(rng, 0.001f, 0.05f, out).data();
            float[] shift = Tensor.uniform(rng, -1, 1, out).data();
            float[] gamma = Tensor.uniform(rng, -1, 1, out).data();
            gamma[3] = 0f;
            float[] beta = Tensor.uniform(rng, -1, 1, out).data();
            float a = 2f / 255f;
            float b = -1f;
            List<FrozenLayer> layers = List.of(new InputScale(shape, a, b), new RealInputDense(w, Tensor.wrap(bias, out)),
                    new Normalize(new int[] {out}, inv, shift, gamma, beta), new SignBits(new int[] {out}),
                    new UnpackBits(new int[] {out}));
            List<FrozenLayer> planes = BitPlaneDense.replaceFirstLayers(layers);
            assertEquals(2, planes.size());
            float[] x = new float[40 * in];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % 7 == 0 ? 255 : i % 11 == 0 ? 0 : rng.nextInt(256);
            }
            try (Parallelism p = Parallelism.threads(2)) {
                Tensor got = InferenceModel.of(planes, Map.of(), p).scores(Tensor.wrap(x, 40, in));
                for (int i = 0; i < 40; i++) {
                    for (int j = 0; j < out; j++) {
                        long s = 0;
                        for (int k = 0; k < in; k++) {
                            s += (long) x[i * in + k] * w.get(j, k);
                        }
                        double pre = (double) a * s + (double) b * rowSum(w, j) + bias[j];
                        double y = (pre * inv[j] + shift[j]) * gamma[j] + beta[j];
                        assertEquals(y < 0 ? -1f : 1f, got.get(i, j), "in " + in + ", sample " + i + ", unit " + j);
                    }
                }
                Tensor fractional = Tensor.wrap(new float[in], 1, in);
                fractional.data()[0] = 0.5f;
                InferenceModel m = InferenceModel.of(planes, Map.of(), p);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(fractional));
                assertTrue(e.getMessage().contains("8-bit pixels"), e.getMessage());
            }
        }
    }

    private static int rowSum(BitMatrix w, int j) {
        int s = 0;
        for (int k = 0; k < w.cols(); k++) {
            s += w.get(j, k);
        }
        return s;
    }

    @Test
    void aNetworkThatDoesNotStartWithScaledDenseBatchNormSignIsRefused() {
        List<FrozenLayer> layers = InferenceModelTest.layers(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BitPlaneDense.replaceFirstLayers(layers));
        assertTrue(e.getMessage().contains("needs a dense layer with ±1 weights"), e.getMessage());
    }
}
