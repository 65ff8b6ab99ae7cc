package dev.bnn.examples.cli;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.kernels.BinaryGemm;
import dev.bnn.kernels.BitPacking;
import dev.bnn.kernels.FloatGemm;
import dev.bnn.kernels.Kernels;
import dev.bnn.kernels.Parallelism;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bnn kernels}: prints which kernel implementation this JVM chose and checks binary
 * GEMM, bit packing and float GEMM on random inputs against plain-loop references.
 */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = "Show the chosen kernel implementation and vector width, and self-check the kernels.")
public final class KernelsCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ThreadOptions threadOptions;

    @Option(names = "--seed", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Override
    public Integer call() {
        int threads = threadOptions.count();
        System.out.printf("kernels: %s%n", Kernels.implementation());
        System.out.printf("java: %s, %d processors, %d kernel threads%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), threads);
        RandomGenerator rng = Seeds.generator(seed);
        int failures = 0;
        try (Parallelism parallelism = Parallelism.threads(threads)) {
            for (int[] s : new int[][] {{1, 1, 1}, {7, 65, 3}, {64, 127, 100}, {100, 4096, 33}}) {
                failures += checkBinary(parallelism, rng, s[0], s[1], s[2]);
                failures += checkFloat(parallelism, rng, s[0], s[1], s[2]);
            }
        }
        System.out.println(failures == 0 ? "self-check: OK" : "self-check: " + failures + " FAILED");
        return failures == 0 ? 0 : 1;
    }

    private static int checkBinary(Parallelism parallelism, RandomGenerator rng, int m, int k, int n) {
        Tensor a = Tensor.uniform(rng, -1f, 1f, m, k);
        Tensor b = Tensor.uniform(rng, -1f, 1f, n, k);
        BitMatrix pa = BitPacking.packSigns(a);
        BitMatrix pb = BitPacking.packSigns(b);
        boolean packed = followsTheEncoding(a, pa) && followsTheEncoding(b, pb);
        BinaryGemm gemm = new BinaryGemm(parallelism);
        int[] c = new int[m * n];
        gemm.mult(pa, gemm.prepare(pb), c);
        int wrong = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                wrong += c[i * n + j] == pa.dot(i, pb, j) ? 0 : 1;
            }
        }
        return report("binary gemm + packing", m, k, n, packed && wrong == 0,
                packed ? wrong + " wrong dot products" : "packing differs from the reference");
    }

    private static int checkFloat(Parallelism parallelism, RandomGenerator rng, int m, int k, int n) {
        Tensor a = Tensor.uniform(rng, -1f, 1f, m, k);
        Tensor b = Tensor.uniform(rng, -1f, 1f, k, n);
        Tensor c = Tensor.zeros(m, n);
        new FloatGemm(parallelism).mult(a, b, c);
        double worst = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                for (int p = 0; p < k; p++) {
                    ref += (double) a.get(i, p) * b.get(p, j);
                }
                worst = Math.max(worst, Math.abs(ref - c.get(i, j)));
            }
        }
        // Sum of k products of magnitude <= 1 in float: error <= k * 2^-24 * k, far below this for random signs.
        double tolerance = 1e-5 * k;
        return report("float gemm", m, k, n, worst <= tolerance, "max error " + worst + " > " + tolerance);
    }

    /** True when bit (i, j) of {@code bits} is -1 exactly where t(i, j) &lt; 0 (the encoding: sign(0) = +1). */
    private static boolean followsTheEncoding(Tensor t, BitMatrix bits) {
        for (int i = 0; i < t.dim(0); i++) {
            for (int j = 0; j < t.dim(1); j++) {
                if (bits.get(i, j) != (t.get(i, j) < 0f ? -1 : 1)) {
                    return false;
                }
            }
        }
        return bits.checkPadding();
    }

    private static int report(String what, int m, int k, int n, boolean ok, String problem) {
        System.out.printf("  %-22s %4d x %4d x %4d  %s%n", what, m, k, n, ok ? "ok" : "FAILED: " + problem);
        return ok ? 0 : 1;
    }
}
