package dev.bnn.infer;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.io.SafeTensors.DType;
import dev.bnn.core.io.SafeTensors.Entry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One layer of a frozen network: immutable, with a fixed input shape per sample ({@code [features]}
 * or {@code [height, width, channels]}), an input and output {@link Precision}, and what it stores:
 * a configuration ({@link #config()}: {@code "type"} and numbers) and named tensors
 * ({@link #tensors()}), the two parts of its entry in the frozen file.
 *
 * <p>{@link #run} computes one batch into buffers the caller got from {@link #scratch}: a model
 * keeps one scratch per layer per concurrent call, so a layer is safe to run from many threads.
 */
public abstract sealed class FrozenLayer
        permits InputScale, BitPlaneDense, RealInputDense, RealInputConv, XnorDense, XnorConv, Normalize, SignBits, Clip, MaxPool,
        Flatten, UnpackBits {
    private final int[] inputShape;
    private final String type;
    private final Precision inputPrecision;
    private final Precision outputPrecision;

    FrozenLayer(int[] inputShape, String type, Precision inputPrecision, Precision outputPrecision) {
        this.type = type;
        this.inputPrecision = inputPrecision;
        this.outputPrecision = outputPrecision;
        if (inputShape.length != 1 && inputShape.length != 3) {
            throw new IllegalArgumentException("a sample is a vector [features] or an image [height, width, channels], got "
                    + ShapeMismatchException.format(inputShape));
        }
        for (int d : inputShape) {
            if (d < 1) {
                throw new IllegalArgumentException("sample shape " + ShapeMismatchException.format(inputShape)
                        + " has a dimension below 1");
            }
        }
        this.inputShape = inputShape.clone();
    }

    /** The shape of one input sample. */
    public final int[] inputShape() {
        return inputShape.clone();
    }

    /** The shape of one output sample (the input's, unless the layer changes it). */
    public int[] outputShape() {
        return inputShape();
    }

    /** What this layer reads. */
    public final Precision inputPrecision() {
        return inputPrecision;
    }

    /** What this layer writes. */
    public final Precision outputPrecision() {
        return outputPrecision;
    }

    /** The layer's type name in the frozen file. */
    public final String type() {
        return type;
    }

    /** {"type": type(), settings...}: what the file's graph stores for this layer besides its tensors. */
    public final Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type());
        c.putAll(settings());
        return c;
    }

    /** The settings of {@link #config()} without the type (none by default). */
    Map<String, Object> settings() {
        return Map.of();
    }

    /** The stored tensors by name, not copied (none by default). */
    public Map<String, Entry> tensors() {
        return Map.of();
    }

    /** Number of ±1 weights (stored one bit each). */
    public long binaryWeights() {
        return 0;
    }

    /** Multiply-accumulates per sample with both operands ±1 (XNOR-popcount). */
    public long binaryMacs() {
        return 0;
    }

    /** Other multiply-accumulates per sample (float input, with float or ±1 weights). */
    public long floatMacs() {
        return 0;
    }

    /** One line for summaries and errors. */
    public abstract String describe();

    /** Buffers for batches of {@code batch} samples. */
    abstract Object scratch(int batch);

    /** The layer on a batch of {@code batch} samples, into {@code scratch} from {@link #scratch(int)}. */
    abstract Activation run(Engine engine, Activation in, int batch, Object scratch);

    /** Elements of one sample of {@code shape}. */
    static int elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    /** Rows of a bit activation: samples for a vector shape, pixels for an image shape. */
    static int bitRows(int[] shape, int batch) {
        return shape.length == 1 ? batch : Math.multiplyExact(batch, shape[0] * shape[1]);
    }

    /** Columns of a bit activation: the features, or the channels of an image. */
    static int bitCols(int[] shape) {
        return shape[shape.length - 1];
    }

    /** The tensor {@code name} of {@code tensors}, of dtype {@code dtype} and shape {@code shape}, or an error naming what differs. */
    static Entry require(Map<String, Entry> tensors, String name, DType dtype, int... shape) {
        Entry e = tensors.get(name);
        if (e == null) {
            throw new IllegalArgumentException("tensor '" + name + "' is missing");
        }
        if (e.dtype() != dtype || !java.util.Arrays.equals(e.shape(), shape)) {
            throw new IllegalArgumentException("tensor '" + name + "' is " + e + " but the layer needs " + dtype
                    + ShapeMismatchException.format(shape));
        }
        return e;
    }

    /** The U64 tensor {@code name} as a {@code rows x cols} bit matrix (its padding bits checked to be 0). */
    static BitMatrix requireBits(Map<String, Entry> tensors, String name, int rows, int cols) {
        return BitMatrix.wrap(require(tensors, name, DType.U64, rows, BitMatrix.wordsFor(cols)).longs(), rows, cols);
    }

    /** How a bit matrix is stored: U64 [rows, ceil(cols / 64)] (not copied). */
    static Entry bits(BitMatrix m) {
        return Entry.u64(m.words(), m.rows(), m.wordsPerRow());
    }

    /** Integer setting {@code key}, at least {@code min}. */
    static int integer(Map<String, ?> config, String key, int min) {
        Object v = config.get(key);
        if (!(v instanceof Long l) || l < min || l > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("setting '" + key + "' is " + v + ", not an integer >= " + min);
        }
        return (int) (long) l;
    }

    /** Finite number setting {@code key}. */
    static float real(Map<String, ?> config, String key) {
        Object v = config.get(key);
        if (!(v instanceof Number n) || !Float.isFinite(n.floatValue())) {
            throw new IllegalArgumentException("setting '" + key + "' is " + v + ", not a finite number");
        }
        return n.floatValue();
    }

    /** The setting "precision": "float" or "bits". */
    static Precision precision(Map<String, ?> config) {
        Object p = config.get("precision");
        if ("float".equals(p)) {
            return Precision.FLOAT;
        }
        if ("bits".equals(p)) {
            return Precision.BITS;
        }
        throw new IllegalArgumentException("setting 'precision' is " + p + ", not float or bits");
    }

    /** Boolean setting {@code key}. */
    static boolean bool(Map<String, ?> config, String key) {
        if (!(config.get(key) instanceof Boolean b)) {
            throw new IllegalArgumentException("setting '" + key + "' is " + config.get(key) + ", not true or false");
        }
        return b;
    }

    @Override
    public String toString() {
        return describe();
    }
}
