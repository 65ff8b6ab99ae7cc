package dev.bnn.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JMH options of a {@link GemmBenchPlan}: its benchmark, parameters, iterations and the full
 * list of fork JVM arguments ({@link GemmKernel#jvmArgs()}, always with
 * {@code --add-modules=jdk.incubator.vector}: JMH replaces rather than extends the annotations'
 * arguments when options set them).
 */
public final class GemmBenchOptions {
    private GemmBenchOptions() {}

    /** Options for one plan; {@code profGc} adds JMH's GC profiler. */
    public static Options of(GemmBenchPlan plan, boolean profGc) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(plan.kernel().includeRegex())
                .param("shape", plan.shapes().stream().map(GemmShape::toString).toArray(String[]::new))
                .param("threads", plan.threads().stream().map(String::valueOf).toArray(String[]::new))
                .forks(1)
                .warmupIterations(plan.warmupIterations())
                .warmupTime(TimeValue.milliseconds(plan.warmupMillis()))
                .measurementIterations(plan.measurementIterations())
                .measurementTime(TimeValue.milliseconds(plan.measurementMillis()))
                .mode(Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                // Empty: forks would otherwise inherit the parent's JVM arguments (a parent started with
                // -Dbnn.kernels.scalar=true would turn every fork scalar). Every fork gets exactly its kernel's list.
                .jvmArgs()
                .jvmArgsAppend(plan.kernel().jvmArgs().toArray(String[]::new))
                .shouldFailOnError(false)
                .verbosity(VerboseMode.NORMAL);
        if (profGc) {
            b.addProfiler(GCProfiler.class);
        }
        return b.build();
    }
}
