package dev.bnn.bench;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.BinaryGemm;
import dev.bnn.kernels.BitPanels;
import dev.bnn.kernels.Kernels;
import dev.bnn.kernels.Parallelism;
import dev.bnn.kernels.SignThresholds;
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
 * Binary GEMM of M x K-bit inputs with N x K-bit weights, prepared into panels once per trial,
 * through each of its three outputs. One op = one M x K x N product.
 *
 * <p>{@link #binary} ({@code BinaryGemm.mult}, int32 dot products) runs the kernels the provider
 * chooses (Vector API); {@link #binaryScaled} and {@link #binaryThreshold} the same product with
 * the fused float and sign-bit outputs (thresholds folded from a batch norm); {@link #binaryScalar}
 * runs {@code mult} in its own fork with the scalar reference forced and C2's auto-vectorization off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BinaryGemmBenchmark {
    @Param({"1024x1024x1024", "100x784x4096", "100x4096x4096", "1x4096x4096",
            "1024x1152x128", "256x2304x256", "64x4608x512"})
    public String shape;

    @Param({"1"})
    public int threads;

    BitMatrix a;
    BitPanels b;
    int[] c;
    float[] scale;
    float[] bias;
    Tensor scaled;
    SignThresholds thresholds;
    BitMatrix bits;
    BinaryGemm gemm;
    Parallelism parallelism;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        GemmKernel kernel = GemmKernel.byBenchmark(params.getBenchmark());
        boolean wantVector = kernel != GemmKernel.BINARY_SCALAR;
        if (Kernels.vectorized() != wantVector) {
            throw new IllegalStateException(kernel.id() + " needs " + (wantVector ? "the Vector API" : "the scalar")
                    + " kernels but this JVM chose " + Kernels.implementation() + "; fork arguments: " + kernel.jvmArgs());
        }
        System.out.println("bnn kernels in this fork: " + Kernels.implementation());
        GemmShape s = GemmShape.parse(shape);
        a = BenchInputs.randomBits(BenchInputs.rng(1), s.m(), s.k());
        BitMatrix weights = BenchInputs.randomBits(BenchInputs.rng(2), s.n(), s.k());
        c = new int[s.m() * s.n()];
        parallelism = Parallelism.threads(threads);
        gemm = new BinaryGemm(parallelism);
        b = gemm.prepare(weights);
        gemm.mult(a, b, c);
        BenchInputs.checkBinaryProduct(kernel.id() + " " + shape, a, weights, c);
        // A batch norm of the dots (mean ~0, variance ~k for random signs): about half the bits set.
        scale = BenchInputs.randomFloats(BenchInputs.rng(5), s.n());
        bias = BenchInputs.randomFloats(BenchInputs.rng(6), s.n());
        float[] mean = BenchInputs.randomFloats(BenchInputs.rng(7), s.n());
        float[] variance = new float[s.n()];
        java.util.Arrays.fill(variance, s.k());
        thresholds = SignThresholds.fold(scale, bias, mean, variance, 1e-5f);
        scaled = Tensor.zeros(s.m(), s.n());
        bits = new BitMatrix(s.m(), s.n());
        gemm.multScaled(a, b, scale, bias, scaled);
        gemm.multThreshold(a, b, thresholds, bits);
        BenchInputs.checkFusedOutputs(kernel.id() + " " + shape, c, scale, bias, scaled.data(), thresholds, bits);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallelism.close();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR})
    public int[] binary() {
        gemm.mult(a, b, c);
        return c;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR})
    public Tensor binaryScaled() {
        gemm.multScaled(a, b, scale, bias, scaled);
        return scaled;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR})
    public BitMatrix binaryThreshold() {
        gemm.multThreshold(a, b, thresholds, bits);
        return bits;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR, BenchJvmArgs.FORCE_SCALAR, BenchJvmArgs.NO_SUPERWORD})
    public int[] binaryScalar() {
        gemm.mult(a, b, c);
        return c;
    }
}
