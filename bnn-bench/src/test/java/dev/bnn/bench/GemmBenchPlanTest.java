package dev.bnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.Options;

class GemmBenchPlanTest {
    private static List<GemmKernel> kernels(List<GemmBenchPlan> plans) {
        return plans.stream().map(GemmBenchPlan::kernel).toList();
    }

    @Test
    void fullRunCoversEveryKernelShapeAndBothThreadCounts() {
        List<GemmBenchPlan> plans = GemmBenchPlan.of(GemmBenchConfig.full(), 8, true);
        assertEquals(List.of(GemmKernel.BINARY, GemmKernel.BINARY_SCALED, GemmKernel.BINARY_THRESHOLD, GemmKernel.FLOAT,
                GemmKernel.BINARY_WEIGHT, GemmKernel.BINARY_WEIGHT_TRANS_A, GemmKernel.FLOAT_TRANS_A,
                GemmKernel.NETLIB_NATIVE, GemmKernel.NETLIB_VECTOR, GemmKernel.NETLIB_JAVA, GemmKernel.BINARY_SCALAR),
                kernels(plans));
        assertEquals(EnumSet.allOf(GemmKernel.class), EnumSet.copyOf(kernels(plans)), "the full run measures every kernel");
        for (GemmBenchPlan p : plans) {
            assertEquals(GemmShape.ALL, p.shapes());
            assertEquals(p.kernel().singleThreaded() ? List.of(1) : List.of(1, 8), p.threads(), p.kernel().id());
        }
    }

    @Test
    void quickRunIsTheSmallSubset() {
        List<GemmBenchPlan> plans = GemmBenchPlan.of(new GemmBenchConfig(true, 0, false), 2, true);
        assertEquals(List.of(GemmKernel.BINARY, GemmKernel.BINARY_SCALED, GemmKernel.BINARY_THRESHOLD, GemmKernel.FLOAT,
                GemmKernel.BINARY_WEIGHT, GemmKernel.BINARY_WEIGHT_TRANS_A, GemmKernel.FLOAT_TRANS_A,
                GemmKernel.NETLIB_NATIVE), kernels(plans));
        for (GemmBenchPlan p : plans) {
            assertEquals(GemmBenchPlan.QUICK_SHAPES, p.shapes());
            assertEquals(List.of(1, 2), p.threads());
        }
        // Without a native BLAS the quick run compares with VectorBLAS instead.
        assertEquals(GemmKernel.NETLIB_VECTOR, GemmBenchPlan.of(new GemmBenchConfig(true, 0, false), 2, false).getLast().kernel());
    }

    @Test
    void threadsOptionKeepsOnlyThatCount() {
        List<GemmBenchPlan> plans = GemmBenchPlan.of(new GemmBenchConfig(false, 2, false), 2, true);
        // Single-threaded netlib Java implementations have nothing to measure at 2 threads.
        assertEquals(List.of(GemmKernel.BINARY, GemmKernel.BINARY_SCALED, GemmKernel.BINARY_THRESHOLD, GemmKernel.FLOAT,
                GemmKernel.BINARY_WEIGHT, GemmKernel.BINARY_WEIGHT_TRANS_A, GemmKernel.FLOAT_TRANS_A,
                GemmKernel.NETLIB_NATIVE, GemmKernel.BINARY_SCALAR), kernels(plans));
        plans.forEach(p -> assertEquals(List.of(2), p.threads()));
        GemmBenchPlan.of(new GemmBenchConfig(false, 1, false), 1, true)
                .forEach(p -> assertEquals(List.of(1), p.threads()));
    }

    @Test
    void kernelsOptionKeepsOnlyThoseKernels() {
        GemmBenchConfig c = new GemmBenchConfig(false, 0, false, List.of(GemmKernel.NETLIB_NATIVE, GemmKernel.BINARY));
        assertEquals(List.of(GemmKernel.BINARY, GemmKernel.NETLIB_NATIVE), kernels(GemmBenchPlan.of(c, 2, true)));
    }

    @Test
    void optionsCarryTheForkArgumentsParamsAndProfiler() {
        GemmBenchPlan plan = GemmBenchPlan.of(GemmBenchConfig.full(), 2, true).getLast();
        assertEquals(GemmKernel.BINARY_SCALAR, plan.kernel());
        Options o = GemmBenchOptions.of(plan, true);
        assertEquals(List.of(plan.kernel().includeRegex()), o.getIncludes());
        assertEquals(plan.kernel().jvmArgs(), List.copyOf(o.getJvmArgsAppend().get()));
        assertTrue(o.getJvmArgs().get().isEmpty(), "forks must not inherit the parent's JVM arguments");
        assertEquals(List.of("1", "2"), List.copyOf(o.getParameter("threads").get()));
        assertEquals(GemmShape.ALL.stream().map(GemmShape::toString).toList(),
                List.copyOf(o.getParameter("shape").get()));
        assertEquals(1, o.getForkCount().get());
        assertEquals(1, o.getProfilers().size());
        assertTrue(GemmBenchOptions.of(plan, false).getProfilers().isEmpty());
    }

    @Test
    void aPlannedMeasurementWithoutARowIsReportedMissing() {
        GemmBenchPlan plan = new GemmBenchPlan(GemmKernel.BINARY, List.of(GemmShape.GEMV, GemmShape.SQUARE_1024),
                List.of(1, 2), 1, 1, 1, 1);
        List<GemmResult> got = List.of(new GemmResult(GemmKernel.BINARY, GemmShape.GEMV, 1, 1, 0, Double.NaN, null, null),
                new GemmResult(GemmKernel.BINARY, GemmShape.GEMV, 2, 1, 0, Double.NaN, null, null),
                new GemmResult(GemmKernel.BINARY, GemmShape.SQUARE_1024, 2, 1, 0, Double.NaN, null, null));
        assertEquals(List.of("binary 1024x1024x1024 threads 1"), GemmBenchRunner.missing(plan, got));
    }
}
