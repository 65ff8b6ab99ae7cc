package dev.bnn.infer;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.io.SafeTensors.Entry;
import dev.bnn.kernels.BinaryGemm;
import dev.bnn.kernels.BitPanels;
import dev.bnn.kernels.Parallelism;
import dev.bnn.kernels.SignThresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first layer of a BNN on 8-bit pixels in exact integer arithmetic (Hubara et al. 2016,
 * section 2.6): with pixels p in 0..255 written as bit planes p = sum_n 2^n p^(n), the product
 * with ±1 weights is s_j = sum_i p_i w_ij = sum_n 2^n (p^(n) . w_j), and each plane's product
 * comes from the XNOR-popcount kernel: reading the plane bits as ±1 values x = 1 - 2 p^(n),
 * p^(n) . w_j = (W_j - x . w_j) / 2 with W_j = sum_i w_ij. A linear preprocessing x' = a p + b
 * and the layer's bias, batch norm and sign then fold into one threshold on the integer s_j
 * (evaluated in double: the real-valued pre-activation a s_j + b W_j + bias_j).
 *
 * <p>Bits in, bits out: it replaces input scale, real-input dense layer, batch norm and sign.
 * The training network adds the scaled pixels in float, so near a threshold its sign can differ
 * from this exact one: the frozen model is then not identical to the network, which is why this
 * layer is an option ({@link #replaceFirstLayers}), not the default. Inputs must be integers in
 * 0..255. Tensors: {@code weight} (U64 [out, ceil(in / 64)]), {@code threshold} (I32 [out]),
 * {@code negate} (U8 [out]).
 */
public final class BitPlaneDense extends FrozenLayer {
    public static final String TYPE = "bitplane_dense";
    private static final int PLANES = 8;
    private final int in;
    private final int out;
    private final BitMatrix weight;
    private final BitPanels panels;
    private final int[] weightSums;
    private final SignThresholds thresholds;
    private final int[] thresholdValues;
    private final long[] negateValues;

    /** {@code weight}: one row of {@code in} bits per unit; thresholds on s_j = sum_i p_i w_ij. */
    public BitPlaneDense(int[] inputShape, BitMatrix weight, SignThresholds thresholds) {
        super(inputShape, TYPE, Precision.FLOAT, Precision.BITS);
        this.in = elements(inputShape);
        if (weight.cols() != in || thresholds.columns() != weight.rows()) {
            throw new IllegalArgumentException("weights of " + weight.rows() + " x " + weight.cols() + " bits and "
                    + thresholds.columns() + " thresholds for inputs of " + in + " values");
        }
        this.out = weight.rows();
        this.weight = weight.copy();
        this.panels = new BinaryGemm(Parallelism.singleThread()).prepare(this.weight);
        this.weightSums = rowSums(weight);
        this.thresholds = thresholds;
        this.thresholdValues = new int[out];
        this.negateValues = new long[out];
        for (int j = 0; j < out; j++) {
            thresholdValues[j] = thresholds.threshold(j);
            negateValues[j] = thresholds.negated(j) ? 1 : 0;
        }
    }

    static BitPlaneDense read(int[] inputShape, Map<String, Object> c, Map<String, Entry> t) {
        int in = elements(inputShape);
        int out = integer(c, "out", 1);
        BitMatrix w = requireBits(t, "weight", out, in);
        return new BitPlaneDense(inputShape, w, Thresholds.read(t, out));
    }

    /**
     * {@code layers} with its first four, [input scale a x + b, real-input dense layer with ±1
     * weights, batch norm, sign], replaced by one bit-plane layer (a &gt; 0).
     *
     * @throws IllegalArgumentException if the layers do not start that way, saying what differs
     */
    public static List<FrozenLayer> replaceFirstLayers(List<FrozenLayer> layers) {
        if (layers.size() < 4 || !(layers.get(0) instanceof InputScale scale)) {
            throw new IllegalArgumentException("the bit-plane first layer needs the stored pixel scaling as the first layer");
        }
        int next = 1;
        if (layers.get(next) instanceof Flatten) {
            next++;
        }
        if (layers.size() < next + 3 || !(layers.get(next) instanceof RealInputDense dense) || dense.bitWeight() == null
                || !(layers.get(next + 1) instanceof Normalize bn) || !(layers.get(next + 2) instanceof SignBits)) {
            throw new IllegalArgumentException("the bit-plane first layer needs a dense layer with ±1 weights, batch norm "
                    + "and sign after the pixel scaling (a BNN MLP); this network starts " + layers.subList(0,
                    Math.min(layers.size(), next + 3)));
        }
        if (!(scale.scale() > 0)) {
            throw new IllegalArgumentException("the bit-plane first layer needs a positive pixel scale, not " + scale.scale());
        }
        BitMatrix w = dense.bitWeight();
        int n = w.rows();
        double a = scale.scale();
        double b = scale.offset();
        int[] sums = rowSums(w);
        float[] bias = dense.biasValues();
        SignThresholds t = SignThresholds.search(n, j -> bn.gammaAt(j) < 0f, (j, s) -> {
            double x = a * s + b * sums[j] + (bias == null ? 0 : bias[j]);
            return bn.applyExact(j, x) < 0;
        });
        List<FrozenLayer> out = new ArrayList<>();
        out.add(new BitPlaneDense(layers.get(0).inputShape(), w, t));
        out.addAll(layers.subList(next + 3, layers.size()));
        return out;
    }

    /** W_j = sum_i w_ij of each ±1 row: its length minus twice its -1 bits. */
    private static int[] rowSums(BitMatrix w) {
        int[] sums = new int[w.rows()];
        for (int j = 0; j < sums.length; j++) {
            int negative = 0;
            for (int k = 0; k < w.wordsPerRow(); k++) {
                negative += Long.bitCount(w.words()[j * w.wordsPerRow() + k]);
            }
            sums[j] = w.cols() - 2 * negative;
        }
        return sums;
    }

    @Override
    public int[] outputShape() {
        return new int[] {out};
    }

    @Override
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("out", out);
        return s;
    }

    @Override
    public Map<String, Entry> tensors() {
        Map<String, Entry> t = new LinkedHashMap<>();
        t.put("weight", bits(weight));
        Thresholds.put(thresholds, t);
        return t;
    }

    @Override
    public long binaryWeights() {
        return (long) in * out;
    }

    @Override
    public long binaryMacs() {
        return (long) PLANES * in * out;
    }

    @Override
    public String describe() {
        return "BitPlaneDense(" + in + " -> " + out + ", 8-bit pixels as 8 bit planes, thresholds -> bits)";
    }

    private record Scratch(BitMatrix planes, int[] dots, Activation result) {}

    @Override
    Object scratch(int batch) {
        int rows = Math.multiplyExact(batch, PLANES);
        return new Scratch(new BitMatrix(rows, in), new int[Math.multiplyExact(rows, out)], Activation.of(new BitMatrix(batch, out)));
    }

    @Override
    Activation run(Engine engine, Activation input, int batch, Object scratch) {
        Scratch s = (Scratch) scratch;
        // The per-image steps split over the threads by images (each writes only its images' rows).
        int tasks = batch < 8 ? 1 : Math.min(engine.parallelism.threads(), batch);
        engine.parallelism.forEach(tasks, t -> packPlanes(input, s.planes, batch * t / tasks, batch * (t + 1) / tasks));
        engine.binaryGemm.mult(s.planes, panels, s.dots);
        engine.parallelism.forEach(tasks, t -> threshold(s.dots, s.result.bits, batch * t / tasks, batch * (t + 1) / tasks));
        return s.result;
    }

    /** The bit planes of images [from, to): row i * 8 + n holds bit n of every pixel of image i. */
    private void packPlanes(Activation input, BitMatrix out, int from, int to) {
        float[] x = input.floats.data();
        int base = input.floats.offset();
        long[] planes = out.words();
        int wpr = out.wordsPerRow();
        java.util.Arrays.fill(planes, from * PLANES * wpr, to * PLANES * wpr, 0L);
        for (int i = from; i < to; i++) {
            for (int k = 0; k < in; k++) {
                float v = x[base + i * in + k];
                int p = (int) v;
                if (p != v || p < 0 || p > 255) {
                    throw new IllegalArgumentException("the bit-plane first layer takes 8-bit pixels (integers 0..255); sample "
                            + i + " has " + v + " at " + k);
                }
                for (int n = 0; n < PLANES; n++) {
                    planes[(i * PLANES + n) * wpr + (k >>> 6)] |= (long) (p >>> n & 1) << k;
                }
            }
        }
    }

    /** The output bits of images [from, to) from their planes' dots (the dots of plane 0 are overwritten with the sums). */
    private void threshold(int[] dots, BitMatrix out, int from, int to) {
        long[] bits = out.words();
        int owpr = out.wordsPerRow();
        for (int i = from; i < to; i++) {
            // sum_n 2^n dot_n over the planes, into plane 0's row (simple loops: the JIT vectorizes them)
            int first = i * PLANES * out.cols();
            for (int n = 1; n < PLANES; n++) {
                int row = first + n * this.out;
                for (int j = 0; j < this.out; j++) {
                    dots[first + j] += dots[row + j] << n;
                }
            }
            long word = 0;
            for (int j = 0; j < this.out; j++) {
                // s_j = sum_n 2^n (W_j - dot_n) / 2 = (255 W_j - sum_n 2^n dot_n) / 2, exact: each W_j - dot_n is even
                int sum = (255 * weightSums[j] - dots[first + j]) >> 1;
                // the bit (sum < threshold_j) XOR negate_j, without a branch
                long bit = ((long) sum - thresholdValues[j]) >>> 63 ^ negateValues[j];
                word |= bit << j;
                if ((j & 63) == 63 || j == this.out - 1) {
                    bits[i * owpr + (j >>> 6)] = word;
                    word = 0;
                }
            }
        }
    }
}
