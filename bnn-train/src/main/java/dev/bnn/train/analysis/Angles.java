package dev.bnn.train.analysis;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.train.layers.BinaryConv2d;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The angle between a vector w in R^d and its binarization sign(w) (Anderson and Berg 2018,
 * section 3): cos(theta) = w . sign(w) / (||w||_2 ||sign(w)||_2) = ||w||_1 / (sqrt(d) ||w||_2).
 * For w with independent Gaussian entries, ||w||_1 / (sqrt(d) ||w||_2) tends to
 * E|x| / sqrt(E x^2) = sqrt(2 / pi), so theta concentrates near arccos(sqrt(2 / pi)) = 37.07 degrees
 * with a spread that shrinks like d^-1/2: binarizing keeps the direction of a high-dimensional
 * vector. Here per output unit (or convolution filter, d = fan-in) of each binary layer, with
 * random Gaussian vectors of the same d as the reference.
 */
public final class Angles {
    /** arccos(sqrt(2 / pi)) in degrees: the limit angle between a Gaussian vector and its sign. */
    public static final double GAUSSIAN_LIMIT_DEGREES = Math.toDegrees(Math.acos(Math.sqrt(2 / Math.PI)));

    private Angles() {}

    /** cos(theta) between {@code w[from .. from + d)} and its sign; 1 for a zero vector (its sign is +1...+1, no angle to speak of). */
    public static double cosine(float[] w, int from, int d) {
        double l1 = 0;
        double l2 = 0;
        for (int i = from; i < from + d; i++) {
            l1 += Math.abs(w[i]);
            l2 += (double) w[i] * w[i];
        }
        return l2 == 0 ? 1 : Math.min(1, l1 / (Math.sqrt(d) * Math.sqrt(l2)));
    }

    /** theta in degrees between {@code w[from .. from + d)} and its sign. */
    public static double degrees(float[] w, int from, int d) {
        return Math.toDegrees(Math.acos(cosine(w, from, d)));
    }

    /** The angle of each row of a [rows, d] matrix with its sign, in degrees. */
    public static double[] rowDegrees(Tensor rows) {
        int n = rows.dim(0);
        int d = rows.dim(1);
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            out[r] = degrees(rows.data(), rows.offset() + r * d, d);
        }
        return out;
    }

    /** The angles of {@code n} standard Gaussian vectors of dimension {@code d} with their signs, seeded. */
    public static double[] gaussianDegrees(int d, int n, long seed) {
        RandomGenerator rng = Seeds.generator(seed);
        float[] v = new float[d];
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
                v[i] = (float) rng.nextGaussian();
            }
            out[k] = degrees(v, 0, d);
        }
        return out;
    }

    /**
     * One binary layer's angles.
     *
     * @param index      the layer's index in the network
     * @param layer      its description
     * @param dimension  d, the fan-in of a unit
     * @param units      weight vectors measured (output units or filters)
     * @param weights    their angles with their signs, in degrees
     * @param reference  the angles of as many random Gaussian vectors of dimension d
     * @param meanCosine the mean of cos(theta) = ||w||_1 / (sqrt(d) ||w||_2) over the units
     */
    public record Layer(int index, String layer, int dimension, int units, Distribution weights, Distribution reference,
                        double meanCosine) {}

    /**
     * Every binary layer (BinaryDense, BinaryConv2d) of {@code network}: its latent weight rows
     * against Gaussian vectors, in histograms of at most {@code bins} bins (fewer for few units).
     */
    public static List<Layer> of(Sequential network, int bins, long seed) {
        List<Layer> out = new ArrayList<>();
        List<Module> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            Tensor w = latentWeight(layers.get(i));
            if (w == null) {
                continue;
            }
            double[] degrees = rowDegrees(w);
            double cos = 0;
            for (double a : degrees) {
                cos += Math.cos(Math.toRadians(a));
            }
            int layerBins = Math.max(5, Math.min(bins, w.dim(0) / 10)); // about 10 units per bin at least
            out.add(new Layer(i, layers.get(i).toString(), w.dim(1), w.dim(0), Distribution.of(degrees, layerBins),
                    Distribution.of(gaussianDegrees(w.dim(1), w.dim(0), Seeds.mix(seed, i)), layerBins), cos / degrees.length));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the network has no binary layer (BinaryDense or BinaryConv2d): nothing to measure");
        }
        return out;
    }

    /** The latent weight [units, fan-in] of a binary layer, or null for another module. */
    static Tensor latentWeight(Module m) {
        return switch (m) {
            case BinaryDense d -> d.weight().value();
            case BinaryConv2d c -> c.weight().value();
            default -> null;
        };
    }
}
