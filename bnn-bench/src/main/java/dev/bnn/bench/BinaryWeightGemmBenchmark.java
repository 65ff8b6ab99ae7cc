package dev.bnn.bench;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.BinaryWeightGemm;
import dev.bnn.kernels.Kernels;
import dev.bnn.kernels.Parallelism;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
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
 * The backward-pass products of a binary layer, float matrices times packed ±1 bits, at GEMM
 * shape M x K x N (one op = one product, M*K*N MACs):
 * <ul>
 *   <li>{@link #mult}: C (M x N) = A (M x K) sign(W), W as K x N bits: gradInput =
 *       gradOutput sign(W); its float equivalent is {@code float} (FloatGemmBenchmark.floatGemm);</li>
 *   <li>{@link #multTransA}: C (M x N) = A^T sign(X), A stored K x M, X as K x N bits: the
 *       weight gradient gradOutput^T X with K the batch; float equivalent {@code float-transA}.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BinaryWeightGemmBenchmark {
    @Param({"1024x1024x1024", "100x784x4096", "100x4096x4096", "1x4096x4096",
            "1024x1152x128", "256x2304x256", "64x4608x512"})
    public String shape;

    @Param({"1"})
    public int threads;

    Tensor a;
    BitMatrix bits;
    Tensor c;
    BinaryWeightGemm gemm;
    Parallelism parallelism;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        GemmKernel kernel = GemmKernel.byBenchmark(params.getBenchmark());
        if (!Kernels.vectorized()) {
            throw new IllegalStateException(kernel.id() + " needs the Vector API kernels but this JVM chose "
                    + Kernels.implementation() + "; fork arguments: " + kernel.jvmArgs());
        }
        System.out.println("bnn kernels in this fork: " + Kernels.implementation());
        boolean transA = kernel == GemmKernel.BINARY_WEIGHT_TRANS_A;
        GemmShape s = GemmShape.parse(shape);
        float[] av = BenchInputs.randomFloats(BenchInputs.rng(10), s.m() * s.k());
        a = transA ? Tensor.wrap(av, s.k(), s.m()) : Tensor.wrap(av, s.m(), s.k());
        bits = BenchInputs.randomBits(BenchInputs.rng(11), s.k(), s.n());
        c = Tensor.zeros(s.m(), s.n());
        parallelism = Parallelism.threads(threads);
        gemm = new BinaryWeightGemm(parallelism);
        if (transA) {
            gemm.multTransA(a, bits, c);
        } else {
            gemm.mult(a, bits, c);
        }
        check(kernel.id() + " " + shape, s, transA);
    }

    /** Spot-checks C against a double-precision loop over the unpacked signs. */
    private void check(String what, GemmShape s, boolean transA) {
        RandomGenerator rng = BenchInputs.rng(96);
        float[] av = a.data();
        for (int t = 0; t < 64; t++) {
            int i = rng.nextInt(s.m());
            int j = rng.nextInt(s.n());
            double ref = 0;
            for (int p = 0; p < s.k(); p++) {
                ref += (double) av[transA ? p * s.m() + i : i * s.k() + p] * bits.get(p, j);
            }
            // k terms of magnitude < 1 rounded in float: far below this for random signs.
            if (Math.abs(ref - c.data()[i * s.n() + j]) > 1e-5 * s.k()) {
                throw new IllegalStateException(what + ": C[" + i + "][" + j + "] = " + c.data()[i * s.n() + j]
                        + " but the reference is " + ref);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallelism.close();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR})
    public Tensor mult() {
        gemm.mult(a, bits, c);
        return c;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR})
    public Tensor multTransA() {
        gemm.multTransA(a, bits, c);
        return c;
    }
}
