package dev.bnn.bench.train;

import dev.bnn.core.Dataset;
import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.io.Json;
import dev.bnn.train.Trainer;
import dev.bnn.train.TrainerConfig;
import dev.bnn.train.TrainingListener;
import dev.bnn.train.loss.Loss;
import dev.bnn.train.nn.Module;
import dev.bnn.train.optim.Optimizer;
import dev.bnn.train.recipe.Binarization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Training throughput of an MNIST-shaped network (the BNN paper's MLP in the {@code bnn bench train}
 * command): images per second of the whole training step as {@link Trainer} runs it (gather of the
 * shuffled batch, forward, loss, backward, optimizer step with weight clip), per
 * {@link Binarization} mode and hidden width. The caller supplies the network, loss and optimizer
 * of a case ({@link #measure}).
 *
 * <p>Each case runs in its own JVM (as JMH forks do, so no case inherits another's JIT profile),
 * on random inputs in [-1, 1]: warm-up, then a timed stretch of whole batches; the child prints
 * one JSON row, which includes the bytes allocated per batch by all threads.
 */
public final class TrainBench {
    /** The input features (28 x 28, flat) and classes of MNIST, which the random data imitates. */
    public static final int INPUTS = 784;
    public static final int CLASSES = 10;

    private TrainBench() {}

    /**
     * One measurement of the network of {@code mode} with {@code hidden} units per hidden layer:
     * warm-up for at least {@code warmupSeconds} and {@code warmupBatches} (the JIT compiles the
     * kernels after a number of calls, not of seconds), then time at least {@code measureSeconds}
     * and {@code measureBatches}.
     */
    public record Case(Binarization mode, int hidden, int batch, int threads, double warmupSeconds, int warmupBatches,
                       double measureSeconds, int measureBatches) {
        /** The arguments of the child JVM that measures this case; {@link #parse} reads them back. */
        public List<String> args() {
            return List.of(mode.name(), Integer.toString(hidden), Integer.toString(batch), Integer.toString(threads),
                    Double.toString(warmupSeconds), Integer.toString(warmupBatches), Double.toString(measureSeconds),
                    Integer.toString(measureBatches));
        }

        public static Case parse(List<String> a) {
            if (a.size() != 8) {
                throw new IllegalArgumentException("bench train child: expected 8 arguments, got " + a);
            }
            return new Case(Binarization.valueOf(a.get(0)), Integer.parseInt(a.get(1)), Integer.parseInt(a.get(2)),
                    Integer.parseInt(a.get(3)), Double.parseDouble(a.get(4)), Integer.parseInt(a.get(5)),
                    Double.parseDouble(a.get(6)), Integer.parseInt(a.get(7)));
        }

        /** The mode as rows and tables show it: bnn, bc or float. */
        String label() {
            return mode.name().toLowerCase(Locale.ROOT);
        }
    }

    /** The cases of a run: the three modes at width 4096 and 1024, batch 100, on {@code threads} threads. */
    public static List<Case> cases(boolean quick, int threads) {
        List<Case> cases = new ArrayList<>();
        for (int hidden : new int[] {4096, 1024}) {
            for (Binarization mode : Binarization.values()) {
                cases.add(quick ? new Case(mode, hidden, 100, threads, 3, 15, 5, 10)
                        : new Case(mode, hidden, 100, threads, 10, 40, 20, 30));
            }
        }
        return cases;
    }

    /** Trains {@code network} with {@code loss} and {@code optimizer} as case {@code c} says, in this JVM; returns its JSON row. */
    public static Map<String, Object> measure(Case c, Module network, Loss loss, Optimizer optimizer) {
        int examples = c.batch() * 200; // 200 batches per epoch: the per-epoch work (shuffle, flip count) weighs as in MNIST (500)
        RandomGenerator rng = Seeds.generator(2);
        Tensor x = Tensor.uniform(rng, -1, 1, examples, INPUTS);
        int[] labels = new int[examples];
        for (int i = 0; i < examples; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        Dataset data = new Dataset("random-mnist-shaped", x, labels, CLASSES);
        Trainer trainer = new Trainer(network, loss, optimizer,
                TrainerConfig.builder().epochs(1_000_000).batchSize(c.batch()).threads(c.threads()).seed(3).build());
        Stopwatch watch = new Stopwatch(trainer, c);
        trainer.addListener(watch);
        trainer.fit(data, null, null);
        double seconds = (watch.endNanos - watch.startNanos) / 1e9;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("mode", c.label());
        row.put("hidden", c.hidden());
        row.put("batch", c.batch());
        row.put("threads", c.threads());
        row.put("images_per_s", (double) watch.measuredBatches * c.batch() / seconds);
        row.put("batches", watch.measuredBatches);
        row.put("seconds", seconds);
        row.put("alloc_bytes_per_batch", (watch.endAlloc - watch.startAlloc) / Math.max(1, watch.measuredBatches));
        return row;
    }

    /** Counts batches from the end of the warm-up until the measured time is over, then stops the trainer. */
    private static final class Stopwatch implements TrainingListener {
        private final Trainer trainer;
        private final long warmupNanos;
        private final long measureNanos;
        private final int warmupBatches;
        private final int measureBatches;
        private int batches;
        private final long created = System.nanoTime();
        private long startNanos;
        private long endNanos;
        private long startAlloc;
        private long endAlloc;
        private long measuredBatches = -1;

        Stopwatch(Trainer trainer, Case c) {
            this.trainer = trainer;
            this.warmupNanos = (long) (c.warmupSeconds() * 1e9);
            this.measureNanos = (long) (c.measureSeconds() * 1e9);
            this.warmupBatches = c.warmupBatches();
            this.measureBatches = c.measureBatches();
        }

        @Override
        public void onBatch(int epoch, int batch, float loss) {
            long now = System.nanoTime();
            batches++;
            if (measuredBatches < 0) {
                if (now - created >= warmupNanos && batches >= warmupBatches) {
                    measuredBatches = 0;
                    startNanos = now;
                    startAlloc = allocatedBytes();
                }
                return;
            }
            measuredBatches++;
            if (now - startNanos >= measureNanos && measuredBatches >= measureBatches && endNanos == 0) {
                endNanos = now;
                endAlloc = allocatedBytes();
                trainer.requestStop();
            }
        }
    }

    /** Bytes allocated so far by all live threads of this JVM. */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    /**
     * Runs each case in a child JVM (this JVM's java, class path and --add-modules) and returns
     * the rows; progress goes to {@code log}. The child runs {@code childCommand} (a main class and
     * its arguments) followed by {@link Case#args()}, and prints the case's row ({@link #measure}) as
     * its last line of output, one line of JSON.
     */
    public static List<Map<String, Object>> run(List<Case> cases, List<String> childCommand, PrintStream log)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Case c : cases) {
            List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx3g",
                    "-cp", System.getProperty("java.class.path")));
            cmd.addAll(childCommand);
            cmd.addAll(c.args());
            log.printf(Locale.ROOT, "bench train: %s width %d, batch %d, %d threads ...%n", c.label(), c.hidden(), c.batch(),
                    c.threads());
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    last = line;
                }
            }
            int exit = p.waitFor();
            if (exit != 0 || last == null || !last.startsWith("{")) {
                throw new IOException("bench train: the child JVM for " + c + " exited with " + exit + " and printed "
                        + (last == null ? "nothing" : "'" + last + "'"));
            }
            Map<String, Object> row = Json.parseObject(last);
            log.printf(Locale.ROOT, "  %.0f images/s (%s batches in %.1f s, %s bytes allocated per batch)%n",
                    ((Number) row.get("images_per_s")).doubleValue(), row.get("batches"),
                    ((Number) row.get("seconds")).doubleValue(), row.get("alloc_bytes_per_batch"));
            rows.add(row);
        }
        return rows;
    }

    /** A table of the rows with the BNN speed-up over the other modes per width. */
    public static String describe(List<Map<String, Object>> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-6s %-8s %6s %8s %12s %16s%n", "mode", "width", "batch", "threads",
                "images/s", "alloc B/batch"));
        for (Map<String, Object> r : rows) {
            b.append(String.format(Locale.ROOT, "%-6s %-8s %6s %8s %12.0f %16s%n", r.get("mode"),
                    r.get("hidden"), r.get("batch"), r.get("threads"),
                    ((Number) r.get("images_per_s")).doubleValue(), r.get("alloc_bytes_per_batch")));
        }
        for (Map<String, Object> bnn : rows) {
            if (!"bnn".equals(bnn.get("mode"))) {
                continue;
            }
            for (Map<String, Object> other : rows) {
                if (!"bnn".equals(other.get("mode")) && other.get("hidden").equals(bnn.get("hidden"))) {
                    b.append(String.format(Locale.ROOT, "bnn / %s at width %s: %.2fx%n", other.get("mode"), bnn.get("hidden"), ((Number) bnn.get("images_per_s")).doubleValue()
                                    / ((Number) other.get("images_per_s")).doubleValue()));
                }
            }
        }
        return b.toString();
    }
}
