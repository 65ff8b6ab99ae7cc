package dev.bnn.bench;

import java.util.List;

/**
 * The GEMM implementations compared, each a JMH benchmark method run in its own fork with its
 * own JVM arguments. {@link #id()} is the name used in tables and JSON.
 */
public enum GemmKernel {
    /** Our binary GEMM on the implementation the kernel provider chooses (Vector API). */
    BINARY("binary", BinaryGemmBenchmark.class, "binary",
            List.of(BenchJvmArgs.ADD_VECTOR), false),
    /** Our binary GEMM with the fused float output (scale and bias per column). */
    BINARY_SCALED("binary-scaled", BinaryGemmBenchmark.class, "binaryScaled",
            List.of(BenchJvmArgs.ADD_VECTOR), false),
    /** Our binary GEMM with the fused sign-bit output (thresholds folded from a batch norm). */
    BINARY_THRESHOLD("binary-threshold", BinaryGemmBenchmark.class, "binaryThreshold",
            List.of(BenchJvmArgs.ADD_VECTOR), false),
    /** Our binary GEMM forced onto the scalar reference, with C2 auto-vectorization off. */
    BINARY_SCALAR("binary-scalar", BinaryGemmBenchmark.class, "binaryScalar",
            List.of(BenchJvmArgs.ADD_VECTOR, BenchJvmArgs.FORCE_SCALAR, BenchJvmArgs.NO_SUPERWORD), false),
    /** Our float GEMM (C = A B) on the chosen implementation. */
    FLOAT("float", FloatGemmBenchmark.class, "floatGemm",
            List.of(BenchJvmArgs.ADD_VECTOR), false),
    /** C = A sign(W), W as k x n bits: a binary layer's gradInput; its float equivalent is {@link #FLOAT}. */
    BINARY_WEIGHT("binary-weight", BinaryWeightGemmBenchmark.class, "mult",
            List.of(BenchJvmArgs.ADD_VECTOR), false),
    /** C = A^T sign(X), X as k x n bits: the weight gradient of a binary layer; float equivalent {@link #FLOAT_TRANS_A}. */
    BINARY_WEIGHT_TRANS_A("binary-weight-transA", BinaryWeightGemmBenchmark.class, "multTransA",
            List.of(BenchJvmArgs.ADD_VECTOR), false),
    /** Our float GEMM C = A^T B (A stored k x m). */
    FLOAT_TRANS_A("float-transA", FloatGemmBenchmark.class, "floatGemmTransA",
            List.of(BenchJvmArgs.ADD_VECTOR), false),
    /** netlib sgemm, the pure-Java implementation JavaBLAS.getInstance() uses without the Vector API. */
    NETLIB_JAVA("netlib-java", NetlibGemmBenchmark.class, "netlibJava",
            List.of(BenchJvmArgs.ADD_VECTOR), true),
    /** netlib sgemm, VectorBLAS (Vector API). */
    NETLIB_VECTOR("netlib-vector", NetlibGemmBenchmark.class, "netlibVector",
            List.of(BenchJvmArgs.ADD_VECTOR), true),
    /** netlib sgemm through JNI to the system BLAS (libblas.so.3, OpenBLAS when installed). */
    NETLIB_NATIVE("netlib-native", NetlibGemmBenchmark.class, "netlibNative",
            List.of(BenchJvmArgs.ADD_VECTOR, BenchJvmArgs.NATIVE_ACCESS), false);

    private final String id;
    private final Class<?> benchmarkClass;
    private final String method;
    private final List<String> jvmArgs;
    private final boolean singleThreaded;

    GemmKernel(String id, Class<?> benchmarkClass, String method, List<String> jvmArgs, boolean singleThreaded) {
        this.id = id;
        this.benchmarkClass = benchmarkClass;
        this.method = method;
        this.jvmArgs = jvmArgs;
        this.singleThreaded = singleThreaded;
    }

    /** The name in tables and JSON, e.g. {@code "binary-scalar"}. */
    public String id() {
        return id;
    }

    /** The JMH benchmark name: fully qualified class name, a dot, the method name. */
    public String benchmark() {
        return benchmarkClass.getName() + "." + method;
    }

    /** A JMH include pattern matching exactly this benchmark. */
    public String includeRegex() {
        return "^" + java.util.regex.Pattern.quote(benchmark()) + "$";
    }

    /** Every JVM argument of this kernel's forks ({@link BenchJvmArgs#ADD_VECTOR} always included). */
    public List<String> jvmArgs() {
        return jvmArgs;
    }

    /** True when the implementation has no thread count of its own (runs on the calling thread only). */
    public boolean singleThreaded() {
        return singleThreaded;
    }

    /** The kernel with this id. */
    public static GemmKernel byId(String id) {
        for (GemmKernel k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kernel '" + id + "'");
    }

    /** The kernel whose benchmark has this fully qualified name. */
    public static GemmKernel byBenchmark(String benchmark) {
        for (GemmKernel k : values()) {
            if (k.benchmark().equals(benchmark)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no kernel for benchmark '" + benchmark + "'");
    }
}
