package dev.bnn.train.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.io.Json;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.Conv2d;
import dev.bnn.train.layers.Dense;
import dev.bnn.train.layers.Init;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {
    private static final int[] MNIST = {28, 28, 1};

    @Test
    void mlpHasTheAskedHiddenLayersAndXnorAfterEachSign() {
        Sequential net = Architectures.mlp(NetworkOptions.of(Binarization.BNN, 16), 2, MNIST, 10);
        assertEquals(List.of("Flatten", "BinaryDense", "BatchNorm", "SignActivation", "BinaryDense", "BatchNorm",
                "SignActivation", "BinaryDense", "BatchNorm"), types(net));
        assertEquals(List.of(false, true, true), xnor(net));
        assertEquals(List.of(784, 16, 16), net.layers().stream().filter(l -> l instanceof BinaryDense)
                .map(l -> ((BinaryDense) l).inFeatures()).toList());
        Sequential dropped = Architectures.mlp(new NetworkOptions(Binarization.BNN, 16, Init.UNIFORM_H1, false, 0.2f, 0.5f, 1),
                2, MNIST, 10);
        assertEquals(List.of("Flatten", "Dropout", "BinaryDense", "BatchNorm", "SignActivation", "Dropout", "BinaryDense",
                "BatchNorm", "SignActivation", "Dropout", "BinaryDense", "BatchNorm"), types(dropped));
        assertEquals(List.of(false, false, false), xnor(dropped), "after dropout the input is not ±1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.mlp(NetworkOptions.of(Binarization.BC, 16), 0, MNIST, 10));
        assertTrue(e.getMessage().contains("at least one hidden layer"), e.getMessage());
    }

    @Test
    void theSeedAndInitDecideTheWeights() {
        NetworkOptions o = NetworkOptions.of(Binarization.BC, 8);
        String a = Json.write(Architectures.mlp(o, 1, MNIST, 10).config());
        assertEquals(a, Json.write(Architectures.mlp(o, 1, MNIST, 10).config()));
        NetworkOptions other = new NetworkOptions(Binarization.BC, 8, Init.UNIFORM_H1, false, 0, 0, 2);
        assertFalse(a.equals(Json.write(Architectures.mlp(other, 1, MNIST, 10).config())), "another seed");
        assertTrue(a.contains("UNIFORM_H1"), a);
        String glorot = Json.write(Architectures.mlp(new NetworkOptions(Binarization.BC, 8, Init.GLOROT_UNIFORM, false, 0, 0, 1),
                1, MNIST, 10).config());
        assertFalse(glorot.contains("UNIFORM_H1"), glorot);
        assertFalse(Json.write(Architectures.mlp(NetworkOptions.of(Binarization.FLOAT, 8), 1, MNIST, 10).config())
                .contains("UNIFORM_H1"), "float layers stay Glorot uniform");
    }

    @Test
    void oneDenseLayerOfEachMode() {
        Module bnn = Architectures.dense(NetworkOptions.of(Binarization.BNN, 4), 32, 8, true);
        assertTrue(bnn instanceof BinaryDense && bnn.toString().contains("XNOR-popcount"), bnn.toString());
        assertFalse(Architectures.dense(NetworkOptions.of(Binarization.BNN, 4), 32, 8, false).toString().contains("XNOR"));
        Module bc = Architectures.dense(NetworkOptions.of(Binarization.BC, 4), 32, 8, true);
        assertTrue(bc instanceof BinaryDense && !bc.toString().contains("XNOR"), "BinaryConnect never binarizes the input");
        Module stochastic = Architectures.dense(new NetworkOptions(Binarization.BC, 4, Init.UNIFORM_H1, true, 0, 0, 1), 32, 8,
                false);
        assertTrue(stochastic.toString().contains("Stochastic"), stochastic.toString());
        assertTrue(Architectures.dense(NetworkOptions.of(Binarization.FLOAT, 4), 32, 8, true) instanceof Dense);
        assertEquals(7L, ((Dense) Architectures.dense(new NetworkOptions(Binarization.FLOAT, 4, Init.UNIFORM_H1, false, 0, 0, 7),
                32, 8, false)).seed());
    }

    @Test
    void convNetNeedsImagesLargeEnoughForThreePools() {
        Sequential net = Architectures.convNet(NetworkOptions.of(Binarization.FLOAT, 2), new int[] {8, 8, 3}, 10);
        assertEquals(List.of(2, 2, 4, 4, 8, 8), net.layers().stream().filter(l -> l instanceof Conv2d)
                .map(l -> ((Conv2d) l).outChannels()).toList());
        assertEquals(List.of(8, 16, 16), net.layers().stream().filter(l -> l instanceof Dense)
                .map(l -> ((Dense) l).inFeatures()).toList());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> Architectures.convNet(NetworkOptions.of(Binarization.BNN, 2), new int[] {7, 28, 1}, 10));
        assertTrue(small.getMessage().contains("too small for three 2 x 2 max pools"), small.getMessage());
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> Architectures.convNet(NetworkOptions.of(Binarization.BNN, 2), new int[] {784}, 10));
        assertTrue(flat.getMessage().contains("needs images (H x W x C)"), flat.getMessage());
    }

    @Test
    void optionsRejectWhatNoNetworkCanBe() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetworkOptions.of(Binarization.BNN, 0)).getMessage()
                .contains("width must be positive, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new NetworkOptions(Binarization.BNN, 4, Init.UNIFORM_H1, true, 0, 0, 1)).getMessage()
                .contains("stochastic binarization is BinaryConnect's"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new NetworkOptions(Binarization.FLOAT, 4, Init.UNIFORM_H1, false, 0, 1, 1)).getMessage()
                .contains("dropout probabilities must be in [0, 1)"));
        assertThrows(IllegalArgumentException.class, () -> new NetworkOptions(Binarization.FLOAT, 4, Init.UNIFORM_H1, false,
                Float.NaN, 0, 1));
    }

    private static List<String> types(Sequential s) {
        return s.layers().stream().map(l -> l.getClass().getSimpleName()).toList();
    }

    private static List<Boolean> xnor(Sequential s) {
        return s.layers().stream().filter(l -> l instanceof BinaryDense).map(l -> ((BinaryDense) l).binaryInput()).toList();
    }
}
