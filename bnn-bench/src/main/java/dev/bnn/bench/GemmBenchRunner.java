package dev.bnn.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the GEMM benchmarks of a {@link GemmBenchConfig} through JMH's API: one JMH run per
 * {@link GemmBenchPlan} ({@link GemmBenchOptions}), rows from the results ({@link GemmRows}),
 * gathered into a {@link GemmBenchReport}. Forks start the same {@code java} with the parent's
 * class path, so they see the same kernels. The command line is {@code bnn bench gemm}
 * (bnn-examples).
 *
 * <p>Environment: forks inherit the parent's environment, so {@code OPENBLAS_CORETYPE} cannot
 * differ per fork; it is read when OpenBLAS loads and is printed with the results, together
 * with the core OpenBLAS actually chose. OpenBLAS's thread count is set per fork to the
 * {@code threads} parameter with {@code openblas_set_num_threads} (see
 * {@link NetlibGemmBenchmark}).
 */
public final class GemmBenchRunner {
    private GemmBenchRunner() {}

    /** Runs the configuration; JMH's progress and the environment go to {@code log}. */
    public static GemmBenchReport run(GemmBenchConfig config, PrintStream log) throws RunnerException {
        int processors = Runtime.getRuntime().availableProcessors();
        NativeProbe nat = NativeProbe.run();
        List<String> env = BenchEnvironment.describe(processors, nat);
        List<GemmBenchPlan> plans = GemmBenchPlan.of(config, processors, nat.available());
        String loadBefore = BenchEnvironment.loadAverage();
        for (GemmBenchPlan p : plans) {
            env.add("plan: " + p);
        }
        for (String line : env) {
            log.println("# " + line);
        }
        List<GemmResult> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        // JMH echoes what the forks print on the parent's System.out; keep stdout for the results (--json).
        PrintStream stdout = System.out;
        System.setOut(log);
        try {
            for (GemmBenchPlan p : plans) {
                Collection<RunResult> results = new Runner(GemmBenchOptions.of(p, config.profGc()),
                        OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL)).run();
                List<GemmResult> got = GemmRows.of(results, nat.libraries(), nat.coreName());
                rows.addAll(got);
                missing.addAll(missing(p, got));
            }
        } finally {
            System.setOut(stdout);
        }
        env.add("load average (1, 5, 15 min) before: " + loadBefore + ", after: " + BenchEnvironment.loadAverage()
                + " (other processes on the machine compete with the forks)");
        return new GemmBenchReport(rows, missing, env);
    }

    /** "kernel shape threads" of each measurement of the plan without a row. */
    static List<String> missing(GemmBenchPlan plan, List<GemmResult> got) {
        List<String> missing = new ArrayList<>();
        for (GemmShape s : plan.shapes()) {
            for (int t : plan.threads()) {
                if (got.stream().noneMatch(r -> r.shape().equals(s) && r.threads() == t)) {
                    missing.add(plan.kernel().id() + " " + s + " threads " + t);
                }
            }
        }
        return missing;
    }
}
