package dev.bnn.examples.cli;

import dev.bnn.bench.GemmBenchConfig;
import dev.bnn.bench.GemmBenchReport;
import dev.bnn.bench.GemmBenchRunner;
import dev.bnn.bench.GemmKernel;
import dev.bnn.bench.GemmResult;
import dev.bnn.core.io.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bnn bench gemm}: binary vs float GEMM vs netlib sgemm, in GMAC/s. JMH's progress goes
 * to stderr; the table (or with {@code --json} the JSON array) to stdout.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = {"Benchmark binary GEMM against float GEMM and netlib sgemm (Java, Vector API, native).",
            "Prints GMAC/s = M*K*N / time / 1e9 per kernel, shape and thread count, with ratios.",
            "netlib-native uses the system BLAS; for OpenBLAS set OPENBLAS_CORETYPE before starting (it is printed)."})
final class GemmBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "A subset with short iterations: 3 shapes, our kernels and netlib-native.")
    boolean quick;

    @Option(names = "--threads", paramLabel = "T",
            description = "Only this thread count (default: 1 and all available processors).")
    int threads;

    @Option(names = "--kernels", split = ",", paramLabel = "KERNEL",
            description = "Only these kernels, comma-separated: binary, binary-scaled, binary-threshold, binary-scalar, "
                    + "float, binary-weight, binary-weight-transA, float-transA, netlib-java, netlib-vector, netlib-native "
                    + "(default: all of the run).")
    List<String> kernels = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON array of {kernel, m, k, n, threads, gops, ops_per_s, ...} rows.")
    boolean json;

    @Option(names = "--prof-gc", description = "Add JMH's GC profiler and report allocated bytes per call.")
    boolean profGc;

    @Override
    public Integer call() throws Exception {
        if (threads < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be positive, got " + threads);
        }
        GemmBenchReport report = GemmBenchRunner.run(config(), System.err);
        if (json) {
            // stdout stays pure JSON; the environment and the table go to the log as well.
            System.err.println(report.describe());
            System.out.println(Json.write(report.rows().stream().map(GemmResult::toMap).toList()));
        } else {
            System.out.println(report.describe());
        }
        if (!report.missing().isEmpty()) {
            System.err.println("no result for: " + report.missing());
            return 1;
        }
        return 0;
    }

    /** The runner configuration these options describe. */
    GemmBenchConfig config() {
        return new GemmBenchConfig(quick, threads, profGc, kernels.stream().map(GemmKernel::byId).toList());
    }
}
