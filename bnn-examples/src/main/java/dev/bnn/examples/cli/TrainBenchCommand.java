package dev.bnn.examples.cli;

import dev.bnn.bench.train.TrainBench;
import dev.bnn.core.io.Json;
import dev.bnn.data.DatasetKind;
import dev.bnn.examples.presets.Preset;
import dev.bnn.examples.presets.Recipe;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code bnn bench train}: training images/s of the MLP presets (bnn-mlp, bc-mlp, float-mlp: their
 * recipes on MNIST, at two widths) with {@link TrainBench}. Progress goes to stderr; the table (or
 * with {@code --json} the JSON array) to stdout.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Measure training images/s of the MLP presets 784 - 3 x W - 10 (bnn-mlp: XNOR-popcount, bc-mlp, "
                + "float-mlp) with batch norm, batch 100, squared hinge loss and Adam, at W = 4096 and 1024.",
            "Each case runs in its own JVM on random MNIST-shaped data: warm-up, then a timed stretch of batches."})
final class TrainBenchCommand implements Callable<Integer> {
    static final String CHILD_FLAG = "--child";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Per case at least 3 s and 15 batches of warm-up, then at least 5 s and 10 batches "
            + "measured (about 2 minutes), instead of 10 s / 40 batches and 20 s / 30 batches.")
    boolean quick;

    @Option(names = "--threads", paramLabel = "T", description = "Threads of the kernels and the optimizer (default: ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--json", description = "Print a JSON array of {mode, hidden, batch, threads, images_per_s, "
            + "batches, seconds, alloc_bytes_per_batch} rows.")
    boolean json;

    @Option(names = CHILD_FLAG, hidden = true, description = "Internal: measure one case in this JVM.")
    boolean child;

    @Parameters(hidden = true)
    List<String> childArgs = List.of();

    @Override
    public Integer call() throws Exception {
        if (child) {
            System.out.println(Json.write(measure(TrainBench.Case.parse(childArgs))));
            return 0;
        }
        List<Map<String, Object>> rows = TrainBench.run(TrainBench.cases(quick, ThreadOptions.requirePositive(spec, threads)),
                // the child JVM runs the same main class (the root command), without a compile-time dependency on it
                List.of(spec.root().userObject().getClass().getName(), "bench", "train", CHILD_FLAG), System.err);
        if (json) {
            System.err.print(TrainBench.describe(rows));
            System.out.println(Json.write(rows));
        } else {
            System.out.print(TrainBench.describe(rows));
        }
        return 0;
    }

    /** Measures case {@code c} in this JVM. */
    private static Map<String, Object> measure(TrainBench.Case c) {
        Recipe r = recipe(c);
        return TrainBench.measure(c, r.build(new int[] {TrainBench.INPUTS}, TrainBench.CLASSES), r.loss(), r.optimizer());
    }

    /** What case {@code c} trains: the recipe of the MLP preset of its mode on MNIST, {@code c.hidden()} wide. */
    static Recipe recipe(TrainBench.Case c) {
        return Preset.mlp(c.mode()).recipe(DatasetKind.MNIST, c.hidden());
    }
}
