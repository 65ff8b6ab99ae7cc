package dev.bnn.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A dense float32 tensor in row-major order over a window of a float array: element
 * (i0, i1, ..., i{r-1}) of a tensor of shape (d0, d1, ..., d{r-1}) is stored at
 * {@code data()[offset() + ((i0 * d1 + i1) * d2 + i2) ...]}, and the tensor owns the
 * {@link #size()} consecutive entries from {@link #offset()}.
 *
 * <p>The backing array is exposed through {@link #data()} so that kernels work on it directly;
 * {@link #reshape} and {@link #slice} return views that share it (a mini-batch is
 * {@code data.slice(from, to)}, no copy). Code that reads {@code data()} must start at
 * {@code offset()} and read {@code size()} entries: the array may be longer. A tensor of rank 0
 * holds one element.
 */
public final class Tensor {
    /** The most elements a tensor holds: the largest array length every JVM allows. */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private final float[] data;
    private final int offset;
    private final int size;
    private final int[] shape;

    private Tensor(float[] data, int offset, int[] shape) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.size = sizeOf(shape);
    }

    /** A tensor of the given shape filled with zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = checkedShape(shape);
        return new Tensor(new float[sizeOf(s)], 0, s);
    }

    /**
     * A tensor that uses {@code data} as its storage (no copy).
     *
     * @throws ShapeMismatchException if {@code data.length} is not the product of {@code shape}
     */
    public static Tensor wrap(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        int[] s = checkedShape(shape);
        long size = sizeOf(s);
        if (data.length != size) {
            throw new ShapeMismatchException("wrap: shape " + ShapeMismatchException.format(s)
                    + " needs " + size + " elements but the array has " + data.length);
        }
        return new Tensor(data, 0, s);
    }

    /**
     * A tensor over {@code data[offset .. offset + product(shape))} (no copy).
     *
     * @throws ShapeMismatchException if that window does not fit in the array
     */
    public static Tensor view(float[] data, int offset, int... shape) {
        Objects.requireNonNull(data, "data");
        int[] s = checkedShape(shape);
        long size = sizeOf(s);
        if (offset < 0 || offset + size > data.length) {
            throw new ShapeMismatchException("view: shape " + ShapeMismatchException.format(s) + " at offset " + offset
                    + " needs entries " + offset + ".." + (offset + size) + " but the array has " + data.length);
        }
        return new Tensor(data, offset, s);
    }

    /** A tensor with independent N(0, std^2) entries drawn from {@code rng}. */
    public static Tensor gaussian(RandomGenerator rng, float std, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.size; i++) {
            t.data[i] = (float) (rng.nextGaussian() * std);
        }
        return t;
    }

    /** {@code buffer} if it has {@code shape}, else a new zero tensor of that shape: a reused output buffer. */
    public static Tensor reuse(Tensor buffer, int... shape) {
        return buffer != null && buffer.hasShape(shape) ? buffer : zeros(shape);
    }

    /** A tensor with independent entries uniform in [lo, hi) drawn from {@code rng}. */
    public static Tensor uniform(RandomGenerator rng, float lo, float hi, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.size; i++) {
            t.data[i] = lo + (hi - lo) * rng.nextFloat();
        }
        return t;
    }

    /**
     * The backing array, row-major from {@link #offset()}; writes go to this tensor (and to every
     * view of it). It may hold entries outside this tensor.
     */
    public float[] data() {
        return data;
    }

    /** Index in {@link #data()} of this tensor's first element. */
    public int offset() {
        return offset;
    }

    /** True when this tensor spans its whole backing array (offset 0, size = array length). */
    public boolean isWholeArray() {
        return offset == 0 && size == data.length;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** True when this tensor's shape equals {@code expected}. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /**
     * Throws a {@link ShapeMismatchException} naming {@code what} and both shapes unless this
     * tensor has shape {@code expected}.
     */
    public Tensor requireShape(String what, int... expected) {
        ShapeMismatchException.require(what, expected, shape);
        return this;
    }

    public float get(int... index) {
        return data[offset(index)];
    }

    public void set(float value, int... index) {
        data[offset(index)] = value;
    }

    /** Element (i, j) of a rank-2 tensor. */
    public float get(int i, int j) {
        return data[offset2(i, j)];
    }

    /** Sets element (i, j) of a rank-2 tensor. */
    public void set(int i, int j, float value) {
        data[offset2(i, j)] = value;
    }

    /**
     * A view with a new shape over the same data; one dimension may be {@code -1} and is then
     * inferred.
     *
     * @throws ShapeMismatchException if the sizes differ
     */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && inferred < 0) {
                inferred = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: bad shape " + ShapeMismatchException.format(newShape));
            } else {
                known *= s[i];
            }
        }
        if (inferred >= 0 && known > 0 && size % known == 0) {
            s[inferred] = (int) (size / known);
        }
        if (inferred >= 0 && s[inferred] == -1 || sizeOf(s) != size) {
            throw new ShapeMismatchException("reshape: cannot view shape " + ShapeMismatchException.format(shape)
                    + " as " + ShapeMismatchException.format(newShape));
        }
        return new Tensor(data, offset, s);
    }

    /**
     * A view of entries {@code from .. to-1} along the first axis: rows of a matrix, images of an
     * N x H x W x C batch. Shares the data.
     *
     * @throws IndexOutOfBoundsException unless 0 &lt;= from &lt;= to &lt;= dim(0)
     */
    public Tensor slice(int from, int to) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("slice: a rank-0 tensor has no first axis");
        }
        Objects.checkFromToIndex(from, to, shape[0]);
        int[] s = shape.clone();
        s[0] = to - from;
        int stride = shape[0] == 0 ? 0 : size / shape[0];
        return new Tensor(data, offset + from * stride, s);
    }

    /** A deep copy (a whole-array tensor even when this is a view). */
    public Tensor copy() {
        return new Tensor(Arrays.copyOfRange(data, offset, offset + size), 0, shape.clone());
    }

    /** Copies {@code src}'s elements into this tensor, which must have the same shape. */
    public void copyFrom(Tensor src) {
        ShapeMismatchException.require("copyFrom: source", shape, src.shape);
        System.arraycopy(src.data, src.offset, data, offset, size);
    }

    /** Sets every element to zero. */
    public void zero() {
        Arrays.fill(data, offset, offset + size, 0f);
    }

    /** Element i of this tensor in row-major order (0 &lt;= i &lt; size()). */
    public float getFlat(int i) {
        return data[offset + Objects.checkIndex(i, size)];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, offset, offset + size, t.data, t.offset, t.offset + t.size);
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(shape);
        for (int i = offset; i < offset + size; i++) {
            h = 31 * h + Float.floatToIntBits(data[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        return "Tensor" + ShapeMismatchException.format(shape);
    }

    private int offset(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has rank " + index.length
                    + " but the tensor has shape " + ShapeMismatchException.format(shape));
        }
        int off = 0;
        for (int a = 0; a < shape.length; a++) {
            off = off * shape[a] + Objects.checkIndex(index[a], shape[a]);
        }
        return offset + off;
    }

    private int offset2(int i, int j) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("2-d access to a tensor of shape " + ShapeMismatchException.format(shape));
        }
        return offset + Objects.checkIndex(i, shape[0]) * shape[1] + Objects.checkIndex(j, shape[1]);
    }

    private static int[] checkedShape(int[] shape) {
        int[] s = shape.clone();
        for (int d : s) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + ShapeMismatchException.format(s));
            }
        }
        if (sizeOf(s) > MAX_SIZE) {
            throw new IllegalArgumentException("shape " + ShapeMismatchException.format(s) + " has too many elements");
        }
        return s;
    }

    private static int sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                return Integer.MAX_VALUE;
            }
        }
        return (int) n;
    }
}
