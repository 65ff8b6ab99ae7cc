package dev.bnn.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One JMH run of the GEMM benchmarks: a kernel over shapes x thread counts with its iteration
 * settings. {@link #of} turns a {@link GemmBenchConfig} into the runs it asks for.
 *
 * @param warmupMillis      duration of one warmup iteration
 * @param measurementMillis duration of one measurement iteration
 */
public record GemmBenchPlan(GemmKernel kernel, List<GemmShape> shapes, List<Integer> threads, int warmupIterations,
                            int warmupMillis, int measurementIterations, int measurementMillis) {

    /** The shapes of {@code --quick}. */
    public static final List<GemmShape> QUICK_SHAPES =
            List.of(GemmShape.SQUARE_1024, GemmShape.MLP_HIDDEN, GemmShape.GEMV);

    /** Our kernels measured in full runs and --quick, in table order (binary first: the ratios divide by its row). */
    private static final List<GemmKernel> OURS = List.of(GemmKernel.BINARY, GemmKernel.BINARY_SCALED,
            GemmKernel.BINARY_THRESHOLD, GemmKernel.FLOAT, GemmKernel.BINARY_WEIGHT, GemmKernel.BINARY_WEIGHT_TRANS_A,
            GemmKernel.FLOAT_TRANS_A);

    /**
     * What a configuration measures.
     *
     * @param processors      the "all threads" count
     * @param nativeAvailable whether netlib's NativeBLAS loads (else netlib-native is left out,
     *                        and --quick measures netlib-vector instead)
     */
    public static List<GemmBenchPlan> of(GemmBenchConfig config, int processors, boolean nativeAvailable) {
        List<GemmBenchPlan> plans = all(config, processors, nativeAvailable);
        if (!config.kernels().isEmpty()) {
            plans.removeIf(p -> !config.kernels().contains(p.kernel()));
        }
        return plans;
    }

    private static List<GemmBenchPlan> all(GemmBenchConfig config, int processors, boolean nativeAvailable) {
        List<Integer> threads = config.threads() > 0 ? List.of(config.threads())
                : new ArrayList<>(new LinkedHashSet<>(List.of(1, processors)));
        List<GemmBenchPlan> plans = new ArrayList<>();
        if (config.quick()) {
            for (GemmKernel k : OURS) {
                plans.add(new GemmBenchPlan(k, QUICK_SHAPES, threads, 2, 500, 3, 500));
            }
            if (nativeAvailable) {
                plans.add(new GemmBenchPlan(GemmKernel.NETLIB_NATIVE, QUICK_SHAPES, threads, 2, 500, 3, 500));
            } else if (threads.contains(1)) {
                plans.add(new GemmBenchPlan(GemmKernel.NETLIB_VECTOR, QUICK_SHAPES, List.of(1), 2, 500, 3, 500));
            }
            return plans;
        }
        List<GemmShape> all = GemmShape.ALL;
        for (GemmKernel k : OURS) {
            plans.add(new GemmBenchPlan(k, all, threads, 3, 1000, 5, 1000));
        }
        if (nativeAvailable) {
            plans.add(new GemmBenchPlan(GemmKernel.NETLIB_NATIVE, all, threads, 3, 1000, 5, 1000));
        }
        if (threads.contains(1)) {
            // netlib's Java implementations have no threads of their own: measured at 1 thread only.
            plans.add(new GemmBenchPlan(GemmKernel.NETLIB_VECTOR, all, List.of(1), 3, 1000, 5, 1000));
            plans.add(new GemmBenchPlan(GemmKernel.NETLIB_JAVA, all, List.of(1), 2, 1000, 3, 1000));
        }
        // The scalar reference is only a baseline: fewer iterations.
        plans.add(new GemmBenchPlan(GemmKernel.BINARY_SCALAR, all, threads, 2, 1000, 3, 1000));
        return plans;
    }

    @Override
    public String toString() {
        return String.format("%-20s shapes %s, threads %s, warmup %d x %d ms, measurement %d x %d ms, 1 fork, jvm args %s",
                kernel.id(), shapes, threads, warmupIterations, warmupMillis, measurementIterations,
                measurementMillis, kernel.jvmArgs());
    }
}
