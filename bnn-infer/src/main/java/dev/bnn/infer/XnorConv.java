package dev.bnn.infer;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.io.SafeTensors.DType;
import dev.bnn.core.io.SafeTensors.Entry;
import dev.bnn.kernels.BinaryGemm;
import dev.bnn.kernels.BitPanels;
import dev.bnn.kernels.ConvGeometry;
import dev.bnn.kernels.Im2col;
import dev.bnn.kernels.Parallelism;
import dev.bnn.kernels.Pooling;
import dev.bnn.kernels.SignThresholds;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A 2-d convolution on ±1 input with ±1 weights, bits in and bits out: packed im2col (padding with
 * +1, since a bit has no zero), XNOR-popcount dots, and the sign of what followed in training
 * (bias, batch norm, sign) as one threshold per output channel ({@link SignThresholds}).
 *
 * <ul>
 *   <li><b>Zero padding</b>: when the training layer computed the zero-padded convolution, the
 *       padding correction of {@link Im2col#paddingCorrection} (per output position and channel,
 *       computed once at freeze time and stored) is subtracted from the dots before the threshold.</li>
 *   <li><b>Max pooling</b> between the convolution and its batch norm is done on the output bits:
 *       the threshold is monotone in the dot, so the pooled bit is the AND of the window's bits
 *       (the OR for a negated threshold, gamma &lt; 0): exact, and 1 bit per value instead of an
 *       int ({@link Pooling#maxPoolBits}).</li>
 * </ul>
 * Tensors: {@code weight} (U64 [out, ceil(k k c / 64)]), {@code threshold} (I32 [out]),
 * {@code negate} (U8 [out]), and {@code correction} (I32 [outPositions, out]) for zero padding.
 */
public final class XnorConv extends FrozenLayer {
    public static final String TYPE = "xnor_conv";
    private final ConvGeometry geometry;
    private final int outChannels;
    private final BitMatrix weight;
    private final BitPanels panels;
    private final SignThresholds thresholds;
    private final long[] orMask;
    private final int[] correction;
    private final int pool;
    private final int poolStride;

    /**
     * @param inputShape [height, width, inChannels]
     * @param weight     one row of kernel^2 inChannels bits per output channel, columns (ky, kx, c)
     * @param thresholds one per output channel
     * @param zeroPadding true to compute the zero-padded convolution (the correction is derived here)
     * @param pool       max-pooling window after the convolution (0 for none)
     * @param poolStride its stride
     */
    public XnorConv(int[] inputShape, int kernel, int stride, int padding, BitMatrix weight, SignThresholds thresholds,
                    boolean zeroPadding, int pool, int poolStride) {
        this(inputShape, kernel, stride, padding, weight, thresholds, zeroPadding && padding > 0 ? new int[0] : null, pool,
                poolStride);
    }

    private XnorConv(int[] inputShape, int kernel, int stride, int padding, BitMatrix weight, SignThresholds thresholds,
                     int[] correction, int pool, int poolStride) {
        super(inputShape, TYPE, Precision.BITS, Precision.BITS);
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("a convolution needs an image input");
        }
        this.geometry = new ConvGeometry(inputShape[0], inputShape[1], inputShape[2], kernel, kernel, stride, padding);
        if (weight.cols() != geometry.patchSize()) {
            throw new IllegalArgumentException("weight rows have " + weight.cols() + " bits but patches of " + geometry
                    + " have " + geometry.patchSize());
        }
        this.outChannels = weight.rows();
        if (thresholds.columns() != outChannels) {
            throw new IllegalArgumentException(thresholds.columns() + " thresholds for " + outChannels + " channels");
        }
        this.weight = weight.copy();
        this.panels = new BinaryGemm(Parallelism.singleThread()).prepare(this.weight);
        this.thresholds = thresholds;
        this.orMask = thresholds.negatedMask();
        if (correction == null) {
            this.correction = null;
        } else if (correction.length == 0) {
            this.correction = Im2col.paddingCorrection(geometry, this.weight);
        } else {
            // a stored correction must be the one its weights give (it is derived data)
            this.correction = Im2col.paddingCorrection(geometry, this.weight);
            if (!java.util.Arrays.equals(this.correction, correction)) {
                throw new IllegalArgumentException("tensor 'correction' differs from the zero-padding correction of the "
                        + "layer's weights");
            }
        }
        if (pool < 0 || (pool > 0 && poolStride < 1)) {
            throw new IllegalArgumentException("pool window " + pool + " and stride " + poolStride);
        }
        this.pool = pool;
        this.poolStride = poolStride;
        if (pool > 0) {
            Pooling.outputSize(geometry.outHeight(), pool, poolStride);
            Pooling.outputSize(geometry.outWidth(), pool, poolStride);
        }
    }

    static XnorConv read(int[] inputShape, Map<String, Object> c, Map<String, Entry> t) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("a convolution needs an image input");
        }
        int out = integer(c, "out_channels", 1);
        int kernel = integer(c, "kernel", 1);
        int stride = integer(c, "stride", 1);
        int padding = integer(c, "padding", 0);
        ConvGeometry g = new ConvGeometry(inputShape[0], inputShape[1], inputShape[2], kernel, kernel, stride, padding);
        BitMatrix w = requireBits(t, "weight", out, g.patchSize());
        int[] correction = bool(c, "zero_padding") && padding > 0
                ? require(t, "correction", DType.I32, g.outPositions(), out).ints() : null;
        int pool = integer(c, "pool", 0);
        return new XnorConv(inputShape, kernel, stride, padding, w, Thresholds.read(t, out), correction, pool,
                pool > 0 ? integer(c, "pool_stride", 1) : 0);
    }

    private int outHeight() {
        return pool > 0 ? Pooling.outputSize(geometry.outHeight(), pool, poolStride) : geometry.outHeight();
    }

    private int outWidth() {
        return pool > 0 ? Pooling.outputSize(geometry.outWidth(), pool, poolStride) : geometry.outWidth();
    }

    @Override
    public int[] outputShape() {
        return new int[] {outHeight(), outWidth(), outChannels};
    }

    @Override
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("out_channels", outChannels);
        s.put("kernel", geometry.kernelHeight());
        s.put("stride", geometry.stride());
        s.put("padding", geometry.padding());
        s.put("zero_padding", correction != null);
        s.put("pool", pool);
        if (pool > 0) {
            s.put("pool_stride", poolStride);
        }
        return s;
    }

    @Override
    public Map<String, Entry> tensors() {
        Map<String, Entry> t = new LinkedHashMap<>();
        t.put("weight", bits(weight));
        Thresholds.put(thresholds, t);
        if (correction != null) {
            t.put("correction", Entry.i32(correction, geometry.outPositions(), outChannels));
        }
        return t;
    }

    @Override
    public long binaryWeights() {
        return (long) outChannels * geometry.patchSize();
    }

    @Override
    public long binaryMacs() {
        return (long) geometry.outPositions() * geometry.patchSize() * outChannels;
    }

    @Override
    public String describe() {
        return "XnorConv(" + geometry.channels() + " -> " + outChannels + ", " + geometry.kernelHeight() + "x"
                + geometry.kernelWidth() + ", stride " + geometry.stride() + ", padding " + geometry.padding()
                + (geometry.padding() == 0 ? "" : correction != null ? " (zero, corrected)" : " (+1)")
                + (pool > 0 ? ", max pool " + pool + "x" + pool + " on bits" : "") + ", thresholds -> bits)";
    }

    private record Scratch(BitMatrix patches, int[] dots, BitMatrix full, Activation result) {}

    @Override
    Object scratch(int batch) {
        int rows = Math.multiplyExact(batch, geometry.outPositions());
        BitMatrix full = new BitMatrix(rows, outChannels);
        BitMatrix out = pool > 0 ? new BitMatrix(Math.multiplyExact(batch, outHeight() * outWidth()), outChannels) : full;
        return new Scratch(new BitMatrix(rows, geometry.patchSize()),
                correction != null ? new int[Math.multiplyExact(rows, outChannels)] : null, full, Activation.of(out));
    }

    @Override
    Activation run(Engine engine, Activation in, int batch, Object scratch) {
        Scratch s = (Scratch) scratch;
        engine.im2col.patches(in.bits, batch, geometry, s.patches);
        if (correction == null) {
            engine.binaryGemm.multThreshold(s.patches, panels, thresholds, s.full);
        } else {
            engine.binaryGemm.mult(s.patches, panels, s.dots);
            correctedBits(s.dots, s.full);
        }
        if (pool > 0) {
            Pooling.maxPoolBits(s.full, batch, geometry.outHeight(), geometry.outWidth(), pool, poolStride, orMask,
                    s.result.bits);
        }
        return s.result;
    }

    /** Bits of the zero-padded dots: the +1-padded dot minus the correction of its position, through the thresholds. */
    private void correctedBits(int[] dots, BitMatrix out) {
        long[] words = out.words();
        java.util.Arrays.fill(words, 0L);
        int wpr = out.wordsPerRow();
        int positions = geometry.outPositions();
        for (int row = 0, rows = out.rows(); row < rows; row++) {
            int p = row % positions;
            for (int j = 0; j < outChannels; j++) {
                if (thresholds.bit(j, dots[row * outChannels + j] - correction[p * outChannels + j])) {
                    words[row * wpr + (j >>> 6)] |= 1L << j;
                }
            }
        }
    }
}
