package dev.bnn.train.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.nn.Modules;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.recipe.Architectures;
import dev.bnn.train.recipe.Binarization;
import dev.bnn.train.recipe.NetworkOptions;
import dev.bnn.train.testing.GradientChecker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomRotationTest {
    @TempDir
    Path dir;

    /** R is orthogonal (in float: R R^T = I within 1e-5), reproducible from its seed, and rebuilt from the configuration. */
    @Test
    void theRotationIsOrthogonalReproducibleAndRebuiltFromItsConfig() {
        RandomRotation r = new RandomRotation(50, 7);
        float[] m = r.rotation().data();
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 50; j++) {
                double dot = 0;
                for (int k = 0; k < 50; k++) {
                    dot += (double) m[i * 50 + k] * m[j * 50 + k];
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-5, i + ", " + j);
            }
        }
        assertArrayEquals(m, new RandomRotation(50, 7).rotation().data());
        assertTrue(!java.util.Arrays.equals(m, new RandomRotation(50, 8).rotation().data()));
        RandomRotation rebuilt = (RandomRotation) Modules.fromConfig(r.config());
        assertArrayEquals(m, rebuilt.rotation().data());
        // a rotation keeps lengths
        Tensor x = Tensor.uniform(Seeds.generator(1), -1, 1, 3, 50);
        Tensor y = r.forward(x);
        for (int s = 0; s < 3; s++) {
            double a = 0;
            double b = 0;
            for (int k = 0; k < 50; k++) {
                a += x.get(s, k) * x.get(s, k);
                b += y.get(s, k) * y.get(s, k);
            }
            assertEquals(a, b, 1e-4 * a);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        GradientChecker checker = new GradientChecker(1e-2, 24, 5);
        checker.checkModule(new RandomRotation(24, 3), Tensor.uniform(Seeds.generator(2), -1, 1, 4, 24));
        assertEquals(64, checker.checked()); // 64 sampled entries of the 96 input values (no parameters)
    }

    /** An MLP with its input rotated trains, saves and loads (the rotation rebuilt from its seed) like any other. */
    @Test
    void anMlpWithARotatedInputSavesAndLoads() throws Exception {
        NetworkOptions o = NetworkOptions.of(Binarization.BNN, 16).withInputRotation();
        Sequential net = Architectures.mlp(o, 1, new int[] {4, 4, 1}, 3);
        assertTrue(net.layers().get(1) instanceof RandomRotation, net.layers().toString());
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, net);
        Sequential loaded = (Sequential) ModelFile.load(f).network();
        assertArrayEquals(((RandomRotation) net.layers().get(1)).rotation().data(),
                ((RandomRotation) loaded.layers().get(1)).rotation().data());
        net.eval();
        loaded.eval();
        Tensor x = Tensor.uniform(Seeds.generator(4), -1, 1, 5, 4, 4, 1);
        assertArrayEquals(net.forward(x).data(), loaded.forward(x).data());
        assertThrows(IllegalArgumentException.class, () -> Architectures.convNet(o, new int[] {8, 8, 3}, 3));
    }
}
