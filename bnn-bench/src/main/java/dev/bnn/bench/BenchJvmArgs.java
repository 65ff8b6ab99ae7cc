package dev.bnn.bench;

/**
 * The JVM arguments of the benchmark forks, as compile-time constants so that the {@code @Fork}
 * annotations and {@link GemmBenchRunner} use the same strings.
 *
 * <p>JMH replaces (does not extend) an annotation's {@code jvmArgsAppend} when the command line
 * or an {@code OptionsBuilder} sets it, so the runner passes the full list of every kernel
 * ({@link GemmKernel#jvmArgs()}), {@link #ADD_VECTOR} included, each time.
 */
public final class BenchJvmArgs {
    private BenchJvmArgs() {}

    /** Makes the Vector API readable: without it our kernels and netlib's VectorBLAS fall back. */
    public static final String ADD_VECTOR = "--add-modules=jdk.incubator.vector";

    /** Lets netlib load its JNI library and lets us call OpenBLAS through the FFM API without warnings. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /** Forces the scalar reference kernels (read once per JVM by the kernel provider). */
    public static final String FORCE_SCALAR = "-Dbnn.kernels.scalar=true";

    /** JDK 25's C2 auto-vectorizes a plain Long.bitCount loop; a truly scalar baseline needs this off. */
    public static final String NO_SUPERWORD = "-XX:-UseSuperWord";
}
