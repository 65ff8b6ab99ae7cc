package dev.bnn.examples;

import dev.bnn.core.io.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bnn bench train}: training images/s of the BNN paper's MNIST MLP in BNN, BinaryConnect
 * and float mode. Progress goes to stderr; the table (or with {@code --json} the JSON array) to stdout.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Measure training images/s of the MNIST MLP 784 - 3 x W - 10 with batch norm, batch 100,",
            "squared hinge loss and Adam, in BNN (XNOR-popcount), BinaryConnect (bc) and float mode, at W = 4096 and 1024.",
            "Each case runs in its own JVM on random MNIST-shaped data: warm-up, then a timed stretch of batches."})
final class TrainBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Per case at least 3 s and 15 batches of warm-up, then at least 5 s and 10 batches "
            + "measured (about 2 minutes), instead of 10 s / 40 batches and 20 s / 30 batches.")
    boolean quick;

    @Option(names = "--threads", paramLabel = "T", description = "Threads of the kernels and the optimizer (default: ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--json", description = "Print a JSON array of {mode, hidden, layers, batch, threads, images_per_s, "
            + "batches, seconds, alloc_bytes_per_batch} rows.")
    boolean json;

    @Option(names = TrainBench.MAIN_FLAG, hidden = true, description = "Internal: measure one case in this JVM.")
    boolean child;

    @Parameters(hidden = true)
    List<String> childArgs = List.of();

    @Override
    public Integer call() throws Exception {
        if (child) {
            TrainBench.childMain(childArgs.toArray(String[]::new));
            return 0;
        }
        if (threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be positive, got " + threads);
        }
        List<Map<String, Object>> rows = TrainBench.run(TrainBench.cases(quick, threads), System.err);
        if (json) {
            System.err.print(TrainBench.describe(rows));
            System.out.println(Json.write(rows));
        } else {
            System.out.print(TrainBench.describe(rows));
        }
        return 0;
    }
}
