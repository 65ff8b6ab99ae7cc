package dev.bnn.examples.cli;

import dev.bnn.bench.infer.InferBench;
import dev.bnn.core.io.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bnn bench infer}: inference images/s, median latency and caller-thread allocation of the
 * frozen BNN models against the same architectures frozen in float and against the BNN training
 * network in evaluation mode, with {@link InferBench}, all in this JVM. Progress goes to stderr;
 * the table with the ratios (or with {@code --json} one JSON object per row) to stdout.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Measure inference of frozen bit-packed BNN models vs float, in one JVM: the MLP 784 - 3 x W - 10 "
                + "(W = 1024, 4096; batch 1, 100) and the ConvNet on 32 x 32 x 3 (width 32, 128; batch 1, 50), on 1 and 2 threads.",
            "Modes: frozen (the BNN frozen), float (the same architecture in float, frozen: float GEMM), train-eval "
                + "(the BNN training network, eval mode). Seeded initial weights, random pixels 0..255.",
            "Per case: warm-up, then the modes interleaved in rounds; medians of images/s, latency per call, and bytes "
                + "allocated per call by the calling thread. Also the file sizes of the MLP 3 x 1024, frozen vs training."})
final class InferBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Smoke test: MLP width 256, ConvNet width 8, 2 short rounds (a few seconds).")
    boolean quick;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds per case (default: 7, --quick: 2).")
    Integer rounds;

    @Option(names = "--json", description = "Print one JSON object per row: {model, width, batch, threads, mode, images_per_s, "
            + "p50_us, alloc_bytes_per_call}; the table and ratios go to stderr.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        InferBench.Settings settings = InferBench.Settings.of(quick);
        if (rounds != null) {
            if (rounds < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be positive, got " + rounds);
            }
            settings = settings.withRounds(rounds);
        }
        InferBench.FileSizes files = InferBench.fileSizes(1024);
        if (!quick) {
            System.err.println("bench infer: JIT warm-up on small networks ...");
            InferBench.warmJit(1.0);
        }
        List<Map<String, Object>> rows = InferBench.run(InferBench.cases(quick), settings, System.err);
        String table = InferBench.describe(rows, files);
        if (json) {
            System.err.print(table);
            for (Map<String, Object> row : rows) {
                System.out.println(Json.write(row));
            }
        } else {
            System.out.print(table);
        }
        return 0;
    }
}
