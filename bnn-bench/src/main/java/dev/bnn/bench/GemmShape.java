package dev.bnn.bench;

import java.util.List;

/**
 * A GEMM shape: C (m x n) = A (m x k) times B (k x n), i.e. m * k * n multiply-accumulates.
 * Written {@code MxKxN}, the form of the JMH {@code shape} parameter.
 */
public record GemmShape(int m, int k, int n) {
    /** 1024^3: the classic square case. */
    public static final GemmShape SQUARE_1024 = new GemmShape(1024, 1024, 1024);
    /** MNIST MLP, batch 100, first hidden layer. */
    public static final GemmShape MLP_IN = new GemmShape(100, 784, 4096);
    /** MNIST MLP, batch 100, hidden to hidden. */
    public static final GemmShape MLP_HIDDEN = new GemmShape(100, 4096, 4096);
    /** Batch-1 inference: a matrix-vector product. */
    public static final GemmShape GEMV = new GemmShape(1, 4096, 4096);
    /** CIFAR-10 ConvNet conv layers as GEMM (im2col rows x 3*3*C_in x C_out). */
    public static final GemmShape CONV_1 = new GemmShape(1024, 1152, 128);
    public static final GemmShape CONV_2 = new GemmShape(256, 2304, 256);
    public static final GemmShape CONV_3 = new GemmShape(64, 4608, 512);

    /** Every shape of the full run, in table order. */
    public static final List<GemmShape> ALL =
            List.of(SQUARE_1024, MLP_IN, MLP_HIDDEN, GEMV, CONV_1, CONV_2, CONV_3);

    public GemmShape {
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("GEMM dimensions must be positive, got " + m + "x" + k + "x" + n);
        }
    }

    /** Parses {@code MxKxN}, e.g. {@code 100x784x4096}. */
    public static GemmShape parse(String s) {
        String[] parts = s.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected a shape MxKxN, e.g. 100x784x4096, got '" + s + "'");
        }
        try {
            return new GemmShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a shape MxKxN, e.g. 100x784x4096, got '" + s + "'", e);
        }
    }

    /** Multiply-accumulates per product: m * k * n. */
    public long macs() {
        return (long) m * k * n;
    }

    @Override
    public String toString() {
        return m + "x" + k + "x" + n;
    }
}
