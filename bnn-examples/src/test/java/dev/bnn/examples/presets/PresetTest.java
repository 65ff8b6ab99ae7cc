package dev.bnn.examples.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.data.DatasetKind;
import dev.bnn.train.loss.SquaredHinge;
import dev.bnn.train.recipe.Binarization;
import dev.bnn.train.recipe.NetworkOptions;
import org.junit.jupiter.api.Test;

class PresetTest {
    /** The papers' preprocessing, decided by the preset alone. */
    @Test
    void preprocessingIsThePapers() {
        assertEquals(Preprocessing.SCALE, Preset.BNN_CONVNET.preprocessing(DatasetKind.CIFAR10), "BinaryNet's cifar10.py: [-1, 1]");
        assertEquals(Preprocessing.SCALE, Preset.BNN_CONVNET.preprocessing(DatasetKind.SVHN), "BinaryNet's svhn.py");
        assertEquals(Preprocessing.GCN_ZCA, Preset.BC_CONVNET.preprocessing(DatasetKind.CIFAR10), "BinaryConnect's cifar10.py");
        assertEquals(Preprocessing.GCN_ZCA, Preset.FLOAT_CONVNET.preprocessing(DatasetKind.SVHN));
        for (Preset p : Preset.values()) {
            assertEquals(Preprocessing.SCALE, p.preprocessing(DatasetKind.MNIST), p.label());
            assertEquals(Preprocessing.SCALE, p.preprocessing(DatasetKind.FASHION_MNIST), p.label());
        }
    }

    /** One name per preprocessing, the config type's; "scale" of earlier run.json files still reads. */
    @Test
    void preprocessingNames() {
        assertEquals(Preprocessing.SCALE, Preprocessing.fromName("scale"));
        assertEquals(Preprocessing.SCALE, Preprocessing.fromName("pixel-scale"));
        assertEquals(Preprocessing.GCN_ZCA, Preprocessing.fromName("gcn-zca"));
        assertEquals("pixel-scale", Preprocessing.SCALE.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.fromName("pca"));
        assertEquals("unknown --preprocessing 'pca'; known: gcn-zca, pixel-scale", e.getMessage());
    }

    /** The recipe of the default run: squared hinge, Adam from lrStart, exponential decay to lrEnd after the last epoch. */
    @Test
    void theRecipeHoldsLossOptimizerAndSchedule() {
        Recipe r = Preset.BNN_MLP.recipe(DatasetKind.MNIST, Preset.MLP_WIDTH);
        assertEquals(new NetworkOptions(Binarization.BNN, 1024, Preset.BINARY_INIT, false, 0, 0, 1), r.network());
        assertEquals(0.003, r.lrStart());
        assertEquals(3e-7, r.lrEnd());
        assertEquals(Preprocessing.SCALE, r.preprocessing());
        assertTrue(r.loss() instanceof SquaredHinge);
        assertTrue(r.optimizer().toString().startsWith("Adam(lr 0.003,") && r.optimizer().toString().contains("Glorot scale on"),
                r.optimizer().toString());
        assertEquals(1.0, r.schedule().factor(0, 20));
        assertEquals(1e-4, r.schedule().factor(20, 20), 1e-15);
        assertEquals(0.001, Preset.BC_MLP.recipe(DatasetKind.MNIST, 8).lrStart(), "BinaryConnect's mnist.py");
    }

    @Test
    void theRecipeRejectsWhatItCannotTrain() {
        IllegalArgumentException lr = assertThrows(IllegalArgumentException.class, () -> new Recipe(Preset.BNN_MLP,
                NetworkOptions.of(Binarization.BNN, 8), 0.001, 0, Preprocessing.SCALE));
        assertTrue(lr.getMessage().contains("--lr-start and --lr-end must be positive"), lr.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> new Recipe(Preset.BNN_MLP,
                NetworkOptions.of(Binarization.FLOAT, 8), 0.001, 0.001, Preprocessing.SCALE));
        assertTrue(mode.getMessage().contains("bnn-mlp is BNN, not FLOAT"), mode.getMessage());
    }

    @Test
    void presetsByNameAndMode() {
        assertEquals(Preset.BC_CONVNET, Preset.of("bc-convnet"));
        assertEquals("unknown model 'resnet'; known: bnn-mlp, bc-mlp, float-mlp, bnn-convnet, bc-convnet, float-convnet",
                assertThrows(IllegalArgumentException.class, () -> Preset.of("resnet")).getMessage());
        assertEquals(Preset.BNN_MLP, Preset.mlp(Binarization.BNN));
        assertEquals(Preset.BC_MLP, Preset.mlp(Binarization.BC));
        assertEquals(Preset.FLOAT_MLP, Preset.mlp(Binarization.FLOAT));
        assertEquals(DatasetKind.CIFAR10, Preset.FLOAT_CONVNET.defaultDataset());
    }
}
