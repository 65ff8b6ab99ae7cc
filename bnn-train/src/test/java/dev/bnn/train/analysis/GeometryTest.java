package dev.bnn.train.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.train.layers.Dense;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.recipe.Architectures;
import dev.bnn.train.recipe.Binarization;
import dev.bnn.train.recipe.NetworkOptions;
import java.util.List;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class GeometryTest {
    /**
     * The angle of a Gaussian vector with its sign tends to arccos(sqrt(2/pi)) = 37.07 degrees, with
     * a spread that shrinks like d^-1/2. Tolerance on the mean of 400 vectors: 30 / sqrt(d) degrees
     * (the spread is about 17 / sqrt(d) degrees and the finite-d bias below that).
     */
    @Test
    void gaussianAnglesConcentrateAtArccosOfRootTwoOverPi() {
        assertEquals(37.0722, Angles.GAUSSIAN_LIMIT_DEGREES, 1e-3);
        double previousStd = Double.POSITIVE_INFINITY;
        for (int d : new int[] {64, 256, 1024, 4096}) {
            Distribution a = Distribution.of(Angles.gaussianDegrees(d, 400, d), 10);
            double tolerance = 30 / Math.sqrt(d);
            assertEquals(Angles.GAUSSIAN_LIMIT_DEGREES, a.mean(), tolerance, "d = " + d);
            // a wrong limit (arccos(2 / pi) = 50.5 degrees, a classic slip) is rejected at every d
            assertTrue(Math.abs(a.mean() - Math.toDegrees(Math.acos(2 / Math.PI))) > tolerance, "d = " + d);
            assertTrue(a.std() < previousStd / 1.6, "the spread shrinks like d^-1/2: " + a.std() + " after " + previousStd);
            previousStd = a.std();
        }
    }

    @Test
    void aWeightAlreadyBinaryHasAngleZeroAndTheCheapStatisticIsTheCosine() {
        float[] w = {1, -1, -1, 1, 1};
        assertEquals(0, Angles.degrees(w, 0, 5), 1e-5); // acos near 1: about 1e-6 degrees of rounding
        float[] v = {3, -4};
        assertEquals(7 / (Math.sqrt(2) * 5), Angles.cosine(v, 0, 2), 1e-12);
        Sequential net = Architectures.mlp(NetworkOptions.of(Binarization.BNN, 16), 1, new int[] {4, 4, 1}, 3);
        Tensor weight = Angles.latentWeight(net.layers().get(1));
        float[] d = weight.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] < 0 ? -1 : 1;
        }
        Angles.Layer first = Angles.of(net, 10, 1).get(0);
        assertEquals(0, first.weights().max(), 1e-5);
        assertEquals(1, first.meanCosine(), 1e-9);
    }

    @Test
    void aNetworkWithoutBinaryLayersIsRefused() {
        Sequential net = new Sequential(new Dense(4, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Angles.of(net, 10, 1));
        assertTrue(e.getMessage().contains("no binary layer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DotProducts.of(net, Tensor.zeros(2, 4), 10, 10, 1));
    }

    /** In a BNN the hidden layers' inputs are ±1 already: sign(w) . sign(a) = sign(w) . a, correlation exactly 1. */
    @Test
    void identicalDotProductsCorrelateAtOne() {
        int[] shape = {6, 6, 1};
        Sequential net = Architectures.mlp(NetworkOptions.of(Binarization.BNN, 32), 2, shape, 4);
        Tensor x = Tensor.uniform(Seeds.generator(3), -1, 1, 50, 6, 6, 1);
        List<DotProducts.Layer> layers = DotProducts.of(net, x, 500, 100, 7);
        assertEquals(3, layers.size());
        DotProducts.Layer hidden = layers.get(1);
        assertEquals(1.0, hidden.activationsR(), 1e-12);
        assertEquals(1.0, hidden.activationsSlope(), 1e-12);
        assertTrue(layers.get(0).activationsR() < 1, "the real-valued image is changed by its sign");
        assertTrue(layers.get(0).weightsR() > 0.5, "binarizing the weights keeps most of the correlation: " + layers.get(0));
        assertEquals(100, hidden.points().length);
        List<DotProducts.Layer> again = DotProducts.of(net, x, 500, 100, 7);
        assertArrayEquals(hidden.points()[5], again.get(1).points()[5], "seeded sampling");
    }

    @Test
    void haarRotationsAreOrthogonalAndReproducible() {
        int d = 64;
        RealMatrix r = dev.bnn.train.layers.RandomRotation.haar(d, 5);
        double error = r.transpose().multiply(r).subtract(MatrixUtils.createRealIdentityMatrix(d)).getNorm();
        assertTrue(error < 1e-12 * d, "||R^T R - I|| = " + error);
        assertEquals(r, dev.bnn.train.layers.RandomRotation.haar(d, 5));
        assertNotEquals(r, dev.bnn.train.layers.RandomRotation.haar(d, 6));
    }

    /**
     * Inputs whose energy sits in a few coordinates lose much more of their direction to sign(u);
     * a random rotation first brings them back to about 37 degrees. Correlated inputs keep the mean
     * angle and widen its spread, which the rotation narrows again.
     */
    @Test
    void aRotationRestoresTheGaussianAngle() {
        Rotation.Point decaying = Rotation.experiment(Rotation.Inputs.DECAYING_VARIANCE, new int[] {256}, 20, 50, 3).get(0);
        assertTrue(decaying.plainMean() > 60, decaying.toString());
        assertEquals(Angles.GAUSSIAN_LIMIT_DEGREES, decaying.rotatedMean(), 2.5, decaying.toString());
        Rotation.Point correlated = Rotation.experiment(Rotation.Inputs.CORRELATED, new int[] {256}, 20, 50, 3).get(0);
        assertEquals(Angles.GAUSSIAN_LIMIT_DEGREES, correlated.plainMean(), 2.5, correlated.toString());
        assertTrue(correlated.plainStd() > 1.5 * correlated.rotatedStd(), correlated.toString());
    }
}
