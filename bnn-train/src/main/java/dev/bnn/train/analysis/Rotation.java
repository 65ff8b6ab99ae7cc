package dev.bnn.train.analysis;

import dev.bnn.core.Seeds;
import dev.bnn.train.layers.RandomRotation;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Binarizing after a random rotation (Anderson and Berg 2018, section 5): theta_R(u) =
 * R^T sign(R u) with R a Haar-random rotation. A vector whose energy sits in a few directions (the
 * pixels of an image, inputs with correlated entries) loses more of its direction to sign(u) than
 * a Gaussian one; rotated first, it behaves like a random vector again (about 37 degrees).
 */
public final class Rotation {
    private Rotation() {}

    /** theta_R(u) = R^T sign(R u) (sign(0) = +1). */
    public static RealVector rotatedSign(RealMatrix r, RealVector u) {
        RealVector ru = r.operate(u);
        return r.transpose().operate(ru.map(v -> v < 0 ? -1 : 1));
    }

    /** The angle between u and v in degrees. */
    public static double degrees(RealVector u, RealVector v) {
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, u.cosine(v)))));
    }

    /** The synthetic inputs: zero-mean Gaussians whose covariance decays exponentially with a length l. */
    public enum Inputs {
        /**
         * Covariance exp(-|i - j| / l) (a stationary AR(1) process: u_i = rho u_{i-1} + sqrt(1 - rho^2)
         * e_i with rho = exp(-1 / l)): neighbouring entries correlated, each N(0, 1).
         */
        CORRELATED,
        /**
         * Covariance diag(exp(-i / l)): the energy sits in the first l or so coordinates, as an
         * image's in few directions.
         */
        DECAYING_VARIANCE;

        /** One sample of dimension d. */
        public RealVector sample(int d, double length, RandomGenerator rng) {
            double[] u = new double[d];
            if (this == CORRELATED) {
                double rho = Math.exp(-1 / length);
                double s = Math.sqrt(1 - rho * rho);
                u[0] = rng.nextGaussian();
                for (int i = 1; i < d; i++) {
                    u[i] = rho * u[i - 1] + s * rng.nextGaussian();
                }
            } else {
                for (int i = 0; i < d; i++) {
                    u[i] = Math.exp(-i / (2 * length)) * rng.nextGaussian();
                }
            }
            return new ArrayRealVector(u, false);
        }
    }

    /**
     * One dimension of the synthetic experiment: mean angles (degrees) of correlated Gaussian
     * vectors with their sign, and with their rotated sign.
     */
    public record Point(Inputs inputs, int dimension, double length, int vectors, double plainMean, double plainStd,
                        double rotatedMean, double rotatedStd) {}

    /** The paper's experiment: for each d, {@code vectors} inputs of the kind, angle with sign(u) and with R^T sign(R u). */
    public static List<Point> experiment(Inputs inputs, int[] dimensions, double length, int vectors, long seed) {
        List<Point> out = new ArrayList<>();
        for (int d : dimensions) {
            RealMatrix r = RandomRotation.haar(d, Seeds.mix(seed, d));
            RandomGenerator rng = Seeds.generator(Seeds.mix(seed + 1, d));
            double[] plain = new double[vectors];
            double[] rotated = new double[vectors];
            for (int k = 0; k < vectors; k++) {
                RealVector u = inputs.sample(d, length, rng);
                plain[k] = degrees(u, u.map(v -> v < 0 ? -1 : 1));
                rotated[k] = degrees(u, rotatedSign(r, u));
            }
            Distribution p = Distribution.of(plain, 10);
            Distribution q = Distribution.of(rotated, 10);
            out.add(new Point(inputs, d, length, vectors, p.mean(), p.std(), q.mean(), q.std()));
        }
        return out;
    }
}
