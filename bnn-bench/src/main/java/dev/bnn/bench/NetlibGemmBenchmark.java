package dev.bnn.bench;

import dev.ludovic.netlib.blas.BLAS;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * netlib sgemm on the same row-major C = A B as {@link FloatGemmBenchmark}, through
 * {@link RowMajorSgemm}. The implementation (see {@link NetlibBlas}) follows from the benchmark
 * method, each in its own fork.
 *
 * <p>{@code threads}: netlib-java and netlib-vector run on the calling thread only and accept
 * 1. For netlib-native on OpenBLAS the setup calls {@code openblas_set_num_threads(threads)}, so
 * each fork runs exactly that many OpenBLAS threads whatever {@code OPENBLAS_NUM_THREADS} says;
 * another native BLAS accepts only 1 (its threading cannot be controlled from here).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NetlibGemmBenchmark {
    @Param({"1024x1024x1024", "100x784x4096", "100x4096x4096", "1x4096x4096",
            "1024x1152x128", "256x2304x256", "64x4608x512"})
    public String shape;

    @Param({"1"})
    public int threads;

    BLAS blas;
    float[] a;
    float[] b;
    float[] c;
    int m;
    int k;
    int n;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        GemmKernel kernel = GemmKernel.byBenchmark(params.getBenchmark());
        blas = NetlibBlas.of(kernel);
        String info = NetlibBlas.implementation(blas);
        if (kernel == GemmKernel.NETLIB_NATIVE) {
            NativeBlasInfo nativeInfo = NativeBlasInfo.probe();
            if (nativeInfo.canSetThreads()) {
                nativeInfo.setThreads(threads);
                info += ", " + nativeInfo.describe() + ", core " + nativeInfo.coreName()
                        + ", OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE")
                        + ", threads " + nativeInfo.threads();
            } else if (threads != 1) {
                throw new IllegalStateException("cannot set the thread count of " + nativeInfo.describe());
            } else {
                info += ", " + nativeInfo.describe();
            }
        } else if (threads != 1) {
            throw new IllegalStateException(kernel.id() + " is single-threaded; run it with threads=1, not " + threads);
        }
        System.out.println("netlib in this fork: " + info);
        GemmShape s = GemmShape.parse(shape);
        m = s.m();
        k = s.k();
        n = s.n();
        a = BenchInputs.randomFloats(BenchInputs.rng(3), m * k);
        b = BenchInputs.randomFloats(BenchInputs.rng(4), k * n);
        c = new float[m * n];
        RowMajorSgemm.mult(blas, m, k, n, a, b, c);
        BenchInputs.checkFloatProduct(kernel.id() + " " + shape, m, k, n, false, a, b, c);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR})
    public float[] netlibJava() {
        RowMajorSgemm.mult(blas, m, k, n, a, b, c);
        return c;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR})
    public float[] netlibVector() {
        RowMajorSgemm.mult(blas, m, k, n, a, b, c);
        return c;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR, BenchJvmArgs.NATIVE_ACCESS})
    public float[] netlibNative() {
        RowMajorSgemm.mult(blas, m, k, n, a, b, c);
        return c;
    }
}
