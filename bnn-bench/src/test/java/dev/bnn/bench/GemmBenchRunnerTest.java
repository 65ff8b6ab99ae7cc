package dev.bnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.Options;

class GemmBenchRunnerTest {
    private static List<GemmKernel> kernels(List<GemmBenchRunner.Plan> plans) {
        return plans.stream().map(GemmBenchRunner.Plan::kernel).toList();
    }

    @Test
    void fullRunCoversEveryKernelShapeAndBothThreadCounts() {
        List<GemmBenchRunner.Plan> plans = GemmBenchRunner.plan(GemmBenchConfig.full(), 8, true);
        assertEquals(List.of(GemmKernel.BINARY, GemmKernel.FLOAT, GemmKernel.NETLIB_NATIVE, GemmKernel.NETLIB_VECTOR,
                GemmKernel.NETLIB_JAVA, GemmKernel.BINARY_SCALAR), kernels(plans));
        for (GemmBenchRunner.Plan p : plans) {
            assertEquals(GemmShape.ALL, p.shapes());
            assertEquals(p.kernel().singleThreaded() ? List.of(1) : List.of(1, 8), p.threads(), p.kernel().id());
        }
    }

    @Test
    void quickRunIsTheSmallSubset() {
        List<GemmBenchRunner.Plan> plans = GemmBenchRunner.plan(new GemmBenchConfig(true, 0, false), 2, true);
        assertEquals(List.of(GemmKernel.BINARY, GemmKernel.FLOAT, GemmKernel.NETLIB_NATIVE), kernels(plans));
        for (GemmBenchRunner.Plan p : plans) {
            assertEquals(GemmBenchRunner.QUICK_SHAPES, p.shapes());
            assertEquals(List.of(1, 2), p.threads());
        }
        // Without a native BLAS the quick run compares with VectorBLAS instead.
        assertEquals(List.of(GemmKernel.BINARY, GemmKernel.FLOAT, GemmKernel.NETLIB_VECTOR),
                kernels(GemmBenchRunner.plan(new GemmBenchConfig(true, 0, false), 2, false)));
    }

    @Test
    void threadsOptionKeepsOnlyThatCount() {
        List<GemmBenchRunner.Plan> plans = GemmBenchRunner.plan(new GemmBenchConfig(false, 2, false), 2, true);
        // Single-threaded netlib Java implementations have nothing to measure at 2 threads.
        assertEquals(List.of(GemmKernel.BINARY, GemmKernel.FLOAT, GemmKernel.NETLIB_NATIVE, GemmKernel.BINARY_SCALAR),
                kernels(plans));
        plans.forEach(p -> assertEquals(List.of(2), p.threads()));
        GemmBenchRunner.plan(new GemmBenchConfig(false, 1, false), 1, true)
                .forEach(p -> assertEquals(List.of(1), p.threads()));
    }

    @Test
    void kernelsOptionKeepsOnlyThoseKernels() {
        GemmBenchConfig c = new GemmBenchConfig(false, 0, false, List.of(GemmKernel.NETLIB_NATIVE, GemmKernel.BINARY));
        assertEquals(List.of(GemmKernel.BINARY, GemmKernel.NETLIB_NATIVE), kernels(GemmBenchRunner.plan(c, 2, true)));
    }

    @Test
    void optionsCarryTheForkArgumentsParamsAndProfiler() {
        GemmBenchRunner.Plan plan = GemmBenchRunner.plan(GemmBenchConfig.full(), 2, true).getLast();
        assertEquals(GemmKernel.BINARY_SCALAR, plan.kernel());
        Options o = GemmBenchRunner.options(plan, true);
        assertEquals(List.of(plan.kernel().includeRegex()), o.getIncludes());
        assertEquals(plan.kernel().jvmArgs(), List.copyOf(o.getJvmArgsAppend().get()));
        assertTrue(o.getJvmArgs().get().isEmpty(), "forks must not inherit the parent's JVM arguments");
        assertEquals(List.of("1", "2"), List.copyOf(o.getParameter("threads").get()));
        assertEquals(GemmShape.ALL.stream().map(GemmShape::toString).toList(),
                List.copyOf(o.getParameter("shape").get()));
        assertEquals(1, o.getForkCount().get());
        assertEquals(1, o.getProfilers().size());
        assertTrue(GemmBenchRunner.options(plan, false).getProfilers().isEmpty());
    }
}
