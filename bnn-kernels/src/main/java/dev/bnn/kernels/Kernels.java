package dev.bnn.kernels;

/**
 * Which kernel implementation this JVM runs: chosen once, at first use (see the package
 * documentation), and logged once at INFO.
 */
public final class Kernels {
    private Kernels() {}

    /** E.g. {@code "Panama, 512-bit"} or {@code "scalar, 64-bit"}. */
    public static String implementation() {
        return KernelProvider.get().description();
    }

    /** True when the Vector API implementations are in use. */
    public static boolean vectorized() {
        return KernelProvider.get() != KernelProvider.scalar();
    }

    /** Vector width in bits of the chosen implementation (64 for scalar). */
    public static int vectorBits() {
        return KernelProvider.get().vectorBits();
    }
}
