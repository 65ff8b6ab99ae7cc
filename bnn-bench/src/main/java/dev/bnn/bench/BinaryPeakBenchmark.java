package dev.bnn.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceiling of the binary GEMM on this CPU: the register-blocked XOR + popcount + add loop of
 * the kernel's micro-kernel ({@value #ROWS} rows x {@value #VECTORS} vectors of longs, 16
 * accumulators) over operands that stay in L1, with no output step, no tiling and no call
 * overhead to amortize. One op = {@value #ROWS} rows x {@value #REPEATS} x {@value #WORDS} words x
 * {@code 4 * lanes} columns x 64 bits; G binary MAC/s = ops/s * {@link #binaryMacsPerOp()} / 1e9.
 * It is a measuring instrument, not a kernel: the library's kernel is {@code PanamaBinaryGemm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BinaryPeakBenchmark {
    private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
    static final int ROWS = 4;
    static final int VECTORS = 4;
    /** 64 words = 4096 bits per pass: A is 2 KB, the panel 16 KB at 512 bits, both in L1. */
    static final int WORDS = 64;
    /** Passes over the same words per op, so the final reduction costs nothing. */
    static final int REPEATS = 16;

    long[] a;
    long[] b;

    /** Binary multiply-accumulates per op. */
    public static long binaryMacsPerOp() {
        return (long) ROWS * REPEATS * WORDS * 64 * VECTORS * S.length();
    }

    @Setup(Level.Trial)
    public void setup() {
        a = BenchInputs.rng(8).longs(ROWS * WORDS).toArray();
        b = BenchInputs.rng(9).longs((long) WORDS * VECTORS * S.length()).toArray();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR})
    public long peak() {
        int ln = S.length();
        int wd = VECTORS * ln;
        LongVector c00 = LongVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        LongVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        LongVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        LongVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int rep = 0; rep < REPEATS; rep++) {
            for (int w = 0, bo = 0; w < WORDS; w++, bo += wd) {
                LongVector b0 = LongVector.fromArray(S, b, bo);
                LongVector b1 = LongVector.fromArray(S, b, bo + ln);
                LongVector b2 = LongVector.fromArray(S, b, bo + 2 * ln);
                LongVector b3 = LongVector.fromArray(S, b, bo + 3 * ln);
                LongVector x = LongVector.broadcast(S, a[w]);
                c00 = c00.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
                c01 = c01.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
                c02 = c02.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
                c03 = c03.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
                x = LongVector.broadcast(S, a[WORDS + w]);
                c10 = c10.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
                c11 = c11.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
                c12 = c12.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
                c13 = c13.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
                x = LongVector.broadcast(S, a[2 * WORDS + w]);
                c20 = c20.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
                c21 = c21.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
                c22 = c22.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
                c23 = c23.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
                x = LongVector.broadcast(S, a[3 * WORDS + w]);
                c30 = c30.add(x.lanewise(VectorOperators.XOR, b0).lanewise(VectorOperators.BIT_COUNT));
                c31 = c31.add(x.lanewise(VectorOperators.XOR, b1).lanewise(VectorOperators.BIT_COUNT));
                c32 = c32.add(x.lanewise(VectorOperators.XOR, b2).lanewise(VectorOperators.BIT_COUNT));
                c33 = c33.add(x.lanewise(VectorOperators.XOR, b3).lanewise(VectorOperators.BIT_COUNT));
            }
        }
        // Every accumulator feeds the result, so none of the work is dead code.
        return c00.add(c01).add(c02).add(c03).add(c10).add(c11).add(c12).add(c13)
                .add(c20).add(c21).add(c22).add(c23).add(c30).add(c31).add(c32).add(c33)
                .reduceLanes(VectorOperators.ADD);
    }
}
