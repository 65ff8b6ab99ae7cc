package dev.bnn.bench;

import dev.bnn.kernels.Kernels;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the GEMM benchmarks through JMH's API and turns the results into {@link GemmResult} rows.
 *
 * <p>Each kernel is one JMH run ({@link Plan}) with its own shapes, thread counts, iteration
 * settings and the full list of fork JVM arguments ({@link GemmKernel#jvmArgs()}, always with
 * {@code --add-modules=jdk.incubator.vector}: JMH replaces rather than extends the annotations'
 * arguments when options set them). Forks start the same {@code java} with the parent's class
 * path, so they see the same kernels.
 *
 * <p>Environment: forks inherit the parent's environment, so {@code OPENBLAS_CORETYPE} cannot
 * differ per fork; it is read when OpenBLAS loads and is printed with the results, together
 * with the core OpenBLAS actually chose. OpenBLAS's thread count is set per fork to the
 * {@code threads} parameter with {@code openblas_set_num_threads} (see
 * {@link NetlibGemmBenchmark}).
 */
public final class GemmBenchRunner {
    private GemmBenchRunner() {}

    /**
     * One JMH run: a kernel over shapes x thread counts.
     *
     * @param warmupMillis      duration of one warmup iteration
     * @param measurementMillis duration of one measurement iteration
     */
    public record Plan(GemmKernel kernel, List<GemmShape> shapes, List<Integer> threads, int warmupIterations,
                       int warmupMillis, int measurementIterations, int measurementMillis) {
        @Override
        public String toString() {
            return String.format("%-13s shapes %s, threads %s, warmup %d x %d ms, measurement %d x %d ms, 1 fork, jvm args %s",
                    kernel.id(), shapes, threads, warmupIterations, warmupMillis, measurementIterations,
                    measurementMillis, kernel.jvmArgs());
        }
    }

    /** Results of a run: the rows, what failed, and a description of the environment. */
    public record Report(List<GemmResult> rows, List<String> missing, List<String> environment) {}

    /** The shapes of {@code --quick}. */
    public static final List<GemmShape> QUICK_SHAPES =
            List.of(GemmShape.SQUARE_1024, GemmShape.MLP_HIDDEN, GemmShape.GEMV);

    /**
     * What a configuration measures.
     *
     * @param processors     the "all threads" count
     * @param nativeAvailable whether netlib's NativeBLAS loads (else netlib-native is left out,
     *                        and --quick measures netlib-vector instead)
     */
    public static List<Plan> plan(GemmBenchConfig config, int processors, boolean nativeAvailable) {
        List<Plan> plans = allPlans(config, processors, nativeAvailable);
        if (!config.kernels().isEmpty()) {
            plans.removeIf(p -> !config.kernels().contains(p.kernel()));
        }
        return plans;
    }

    private static List<Plan> allPlans(GemmBenchConfig config, int processors, boolean nativeAvailable) {
        List<Integer> threads = config.threads() > 0 ? List.of(config.threads())
                : new ArrayList<>(new LinkedHashSet<>(List.of(1, processors)));
        List<Plan> plans = new ArrayList<>();
        if (config.quick()) {
            plans.add(new Plan(GemmKernel.BINARY, QUICK_SHAPES, threads, 2, 500, 3, 500));
            plans.add(new Plan(GemmKernel.FLOAT, QUICK_SHAPES, threads, 2, 500, 3, 500));
            if (nativeAvailable) {
                plans.add(new Plan(GemmKernel.NETLIB_NATIVE, QUICK_SHAPES, threads, 2, 500, 3, 500));
            } else if (threads.contains(1)) {
                plans.add(new Plan(GemmKernel.NETLIB_VECTOR, QUICK_SHAPES, List.of(1), 2, 500, 3, 500));
            }
            return plans;
        }
        List<GemmShape> all = GemmShape.ALL;
        plans.add(new Plan(GemmKernel.BINARY, all, threads, 3, 1000, 5, 1000));
        plans.add(new Plan(GemmKernel.FLOAT, all, threads, 3, 1000, 5, 1000));
        if (nativeAvailable) {
            plans.add(new Plan(GemmKernel.NETLIB_NATIVE, all, threads, 3, 1000, 5, 1000));
        }
        if (threads.contains(1)) {
            // netlib's Java implementations have no threads of their own: measured at 1 thread only.
            plans.add(new Plan(GemmKernel.NETLIB_VECTOR, all, List.of(1), 3, 1000, 5, 1000));
            plans.add(new Plan(GemmKernel.NETLIB_JAVA, all, List.of(1), 2, 1000, 3, 1000));
        }
        // The scalar reference is only a baseline: fewer iterations.
        plans.add(new Plan(GemmKernel.BINARY_SCALAR, all, threads, 2, 1000, 3, 1000));
        return plans;
    }

    /** The JMH options of one plan. */
    public static Options options(Plan plan, boolean profGc) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(plan.kernel().includeRegex())
                .param("shape", plan.shapes().stream().map(GemmShape::toString).toArray(String[]::new))
                .param("threads", plan.threads().stream().map(String::valueOf).toArray(String[]::new))
                .forks(1)
                .warmupIterations(plan.warmupIterations())
                .warmupTime(TimeValue.milliseconds(plan.warmupMillis()))
                .measurementIterations(plan.measurementIterations())
                .measurementTime(TimeValue.milliseconds(plan.measurementMillis()))
                .mode(org.openjdk.jmh.annotations.Mode.Throughput)
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

    /**
     * Runs the configuration; JMH's progress goes to {@code log}.
     */
    public static Report run(GemmBenchConfig config, PrintStream log) throws RunnerException {
        int processors = Runtime.getRuntime().availableProcessors();
        NativeProbe nat = NativeProbe.run();
        List<String> env = new ArrayList<>();
        env.add("java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                + processors + " available processors");
        env.add("bnn kernels: " + Kernels.implementation() + "; class fingerprints (CRC-32) " + kernelFingerprints());
        env.add("netlib-native: " + nat.description());
        env.add("OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE")
                + ", OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS")
                + " (forks inherit this environment; OpenBLAS threads are set per fork to the threads parameter)");
        List<Plan> plans = plan(config, processors, nat.available());
        String loadBefore = loadAverage();
        for (Plan p : plans) {
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
            runPlans(plans, config, nat, log, rows, missing);
        } finally {
            System.setOut(stdout);
        }
        env.add("load average (1, 5, 15 min) before: " + loadBefore + ", after: " + loadAverage()
                + " (other processes on the machine compete with the forks)");
        return new Report(rows, missing, env);
    }

    private static void runPlans(List<Plan> plans, GemmBenchConfig config, NativeProbe nat, PrintStream log,
                                 List<GemmResult> rows, List<String> missing) throws RunnerException {
        for (Plan p : plans) {
            Collection<RunResult> results =
                    new Runner(options(p, config.profGc()), OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL))
                            .run();
            List<GemmResult> got = toRows(results, nat.libraries(), nat.coreName());
            rows.addAll(got);
            for (GemmShape s : p.shapes()) {
                for (int t : p.threads()) {
                    if (got.stream().noneMatch(r -> r.shape().equals(s) && r.threads() == t)) {
                        missing.add(p.kernel().id() + " " + s + " threads " + t);
                    }
                }
            }
        }
    }

    /**
     * CRC-32 of the Vector API kernel class files on the class path: tells which build of the
     * kernels a report measured (a stale bnn-kernels jar from the local repository looks the same otherwise).
     */
    static String kernelFingerprints() {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("PanamaBinaryGemm", "PanamaFloatGemm")) {
            String resource = "/dev/bnn/kernels/" + name + ".class";
            try (java.io.InputStream in = Kernels.class.getResourceAsStream(resource)) {
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                if (in != null) {
                    crc.update(in.readAllBytes());
                }
                sb.append(sb.isEmpty() ? "" : ", ").append(name).append(' ')
                        .append(in == null ? "absent" : String.format("%08x", crc.getValue()));
            } catch (java.io.IOException e) {
                sb.append(sb.isEmpty() ? "" : ", ").append(name).append(" unreadable");
            }
        }
        return sb.toString();
    }

    /** The first three fields of /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Rows from JMH results of the GEMM benchmarks (others are ignored). */
    public static List<GemmResult> toRows(Collection<RunResult> results, String nativeLib, String coreName) {
        List<GemmResult> rows = new ArrayList<>();
        for (RunResult rr : results) {
            GemmKernel kernel;
            try {
                kernel = GemmKernel.byBenchmark(rr.getParams().getBenchmark());
            } catch (IllegalArgumentException e) {
                continue;
            }
            Result<?> primary = rr.getPrimaryResult();
            GemmShape shape = GemmShape.parse(rr.getParams().getParam("shape"));
            int threads = Integer.parseInt(rr.getParams().getParam("threads"));
            String unit = primary.getScoreUnit();
            double ops = GemmResult.opsPerSecond(primary.getScore(), unit);
            double err = GemmResult.opsPerSecondError(primary.getScore(), primary.getScoreError(), unit);
            boolean isNative = kernel == GemmKernel.NETLIB_NATIVE;
            rows.add(new GemmResult(kernel, shape, threads, ops, err, allocPerOp(rr.getSecondaryResults()),
                    isNative ? nativeLib : null, isNative ? coreName : null));
        }
        return rows;
    }

    @SuppressWarnings("rawtypes") // JMH's RunResult.getSecondaryResults() returns raw Result values
    private static double allocPerOp(Map<String, Result> secondary) {
        for (Map.Entry<String, Result> e : secondary.entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return e.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    /** Whether netlib's NativeBLAS loads in this JVM, and what it loaded. */
    record NativeProbe(boolean available, String libraries, String coreName, String description) {
        static NativeProbe run() {
            try {
                NetlibBlas.nativeBlas();
            } catch (RuntimeException | LinkageError e) {
                return new NativeProbe(false, null, null, "not available (" + e.getMessage()
                        + "); install a system BLAS, e.g. apt-get install libopenblas0-pthread");
            }
            NativeBlasInfo info = NativeBlasInfo.probe();
            String desc = info.describe() + (info.isOpenBlas() ? ", OpenBLAS core " + info.coreName() : "");
            return new NativeProbe(true, info.describe(), info.coreName(), desc);
        }
    }

    /**
     * Command line without picocli (the {@code bnn bench gemm} command is the friendly one):
     * {@code [--quick] [--threads T] [--kernels K1,K2] [--json] [--prof-gc]}.
     */
    public static void main(String[] args) throws RunnerException {
        boolean quick = false;
        boolean json = false;
        boolean profGc = false;
        int threads = 0;
        List<GemmKernel> kernels = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--json" -> json = true;
                case "--prof-gc" -> profGc = true;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--kernels" -> kernels = java.util.Arrays.stream(args[++i].split(","))
                        .map(GemmKernel::byId).toList();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--quick] [--threads T] [--kernels K1,K2] [--json] [--prof-gc]");
            }
        }
        Report report = run(new GemmBenchConfig(quick, threads, profGc, kernels), System.err);
        System.out.println(json ? Json.rows(report.rows()) : describe(report));
        System.exit(report.missing().isEmpty() ? 0 : 1);
    }

    /** The human-readable form: environment, table, failures. */
    public static String describe(Report report) {
        StringBuilder sb = new StringBuilder();
        for (String line : report.environment()) {
            sb.append("# ").append(line).append('\n');
        }
        sb.append('\n').append(ResultTable.format(report.rows()));
        if (!report.missing().isEmpty()) {
            sb.append("\nFAILED (no result, see the JMH log above): ").append(report.missing()).append('\n');
        }
        return sb.toString();
    }
}
