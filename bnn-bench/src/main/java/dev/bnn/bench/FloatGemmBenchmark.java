package dev.bnn.bench;

import dev.bnn.core.Tensor;
import dev.bnn.kernels.FloatGemm;
import dev.bnn.kernels.Kernels;
import dev.bnn.kernels.Parallelism;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Float GEMM {@code FloatGemm.mult}: C (M x N) = A (M x K) B (K x N), all row-major, the same
 * product netlib's sgemm computes in {@link NetlibGemmBenchmark}; and {@code multTransA}, C = A^T B
 * with A stored K x M (a weight gradient), the float equivalent of {@code
 * BinaryWeightGemm.multTransA}. One op = one product.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FloatGemmBenchmark {
    @Param({"1024x1024x1024", "100x784x4096", "100x4096x4096", "1x4096x4096",
            "1024x1152x128", "256x2304x256", "64x4608x512"})
    public String shape;

    @Param({"1"})
    public int threads;

    Tensor a;
    Tensor b;
    Tensor c;
    FloatGemm gemm;
    Parallelism parallelism;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        GemmKernel kernel = GemmKernel.byBenchmark(params.getBenchmark());
        if (!Kernels.vectorized()) {
            throw new IllegalStateException(kernel.id() + " needs the Vector API kernels but this JVM chose "
                    + Kernels.implementation() + "; fork arguments: " + kernel.jvmArgs());
        }
        boolean transA = kernel == GemmKernel.FLOAT_TRANS_A;
        System.out.println("bnn kernels in this fork: " + Kernels.implementation());
        GemmShape s = GemmShape.parse(shape);
        a = transA ? Tensor.wrap(BenchInputs.randomFloats(BenchInputs.rng(3), s.k() * s.m()), s.k(), s.m())
                : Tensor.wrap(BenchInputs.randomFloats(BenchInputs.rng(3), s.m() * s.k()), s.m(), s.k());
        b = Tensor.wrap(BenchInputs.randomFloats(BenchInputs.rng(4), s.k() * s.n()), s.k(), s.n());
        c = Tensor.zeros(s.m(), s.n());
        parallelism = Parallelism.threads(threads);
        gemm = new FloatGemm(parallelism);
        gemm.gemm(transA, false, a, b, null, false, c);
        BenchInputs.checkFloatProduct(kernel.id() + " " + shape, s.m(), s.k(), s.n(), transA, a.data(), b.data(), c.data());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallelism.close();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR})
    public Tensor floatGemm() {
        gemm.mult(a, b, c);
        return c;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR})
    public Tensor floatGemmTransA() {
        gemm.multTransA(a, b, c);
        return c;
    }
}
