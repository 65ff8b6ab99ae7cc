package dev.bnn.examples;

import dev.bnn.core.Dataset;
import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.train.Trainer;
import dev.bnn.train.TrainerConfig;
import dev.bnn.train.TrainingListener;
import dev.bnn.core.io.Json;
import dev.bnn.train.loss.SquaredHinge;
import dev.bnn.train.layers.BatchNorm;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.Dense;
import dev.bnn.train.layers.HardTanh;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.layers.SignActivation;
import dev.bnn.train.optim.Adam;
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
 * Training throughput of the MNIST MLP of the BNN paper, 784 - layers x hidden - 10 with batch
 * norm after every dense layer, squared hinge loss, Adam: images per second of the whole
 * training step as {@link Trainer} runs it (gather of the shuffled batch, forward, loss,
 * backward, optimizer step with weight clip), in three modes:
 * <ul>
 *   <li>{@code bnn}: BinaryConnect first layer on the real input, then sign activations and
 *       XNOR-popcount layers ({@code BinaryDense.binaryInput()});</li>
 *   <li>{@code bc}: BinaryConnect, binary weights and real activations (hard tanh);</li>
 *   <li>{@code float}: the same network in float ({@code Dense}, hard tanh).</li>
 * </ul>
 * Each case runs in its own JVM (as JMH forks do, so no case inherits another's JIT profile),
 * on random inputs in [-1, 1]: warm-up, then a timed stretch of whole batches; the child prints
 * one JSON row, which includes the bytes allocated per batch by all threads.
 */
final class TrainBench {
    static final int INPUTS = 784;
    static final int CLASSES = 10;
    static final String MAIN_FLAG = "--child";

    private TrainBench() {}

    /** One measurement. */
    /**
     * One measurement: warm-up for at least {@code warmupSeconds} and {@code warmupBatches}
     * (the JIT compiles the kernels after a number of calls, not of seconds), then time at least
     * {@code measureSeconds} and {@code measureBatches}.
     */
    record Case(String mode, int hidden, int layers, int batch, int threads, double warmupSeconds, int warmupBatches,
            double measureSeconds, int measureBatches) {
        List<String> args() {
            return List.of(mode, Integer.toString(hidden), Integer.toString(layers), Integer.toString(batch),
                    Integer.toString(threads), Double.toString(warmupSeconds), Integer.toString(warmupBatches),
                    Double.toString(measureSeconds), Integer.toString(measureBatches));
        }

        static Case parse(String[] a) {
            if (a.length != 9) {
                throw new IllegalArgumentException("bench train child: expected 9 arguments, got " + List.of(a));
            }
            return new Case(a[0], Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]),
                    Integer.parseInt(a[4]), Double.parseDouble(a[5]), Integer.parseInt(a[6]), Double.parseDouble(a[7]),
                    Integer.parseInt(a[8]));
        }
    }

    /** The cases of a run: the three modes at 3 x 4096 and 3 x 1024, batch 100, on {@code threads} threads. */
    static List<Case> cases(boolean quick, int threads) {
        List<Case> cases = new ArrayList<>();
        for (int hidden : new int[] {4096, 1024}) {
            for (String mode : new String[] {"bnn", "bc", "float"}) {
                cases.add(quick ? new Case(mode, hidden, 3, 100, threads, 3, 15, 5, 10)
                        : new Case(mode, hidden, 3, 100, threads, 10, 40, 20, 30));
            }
        }
        return cases;
    }

    /** The network of a case, seeded. */
    static Module network(String mode, int hidden, int layers) {
        List<Module> m = new ArrayList<>();
        int in = INPUTS;
        for (int l = 0; l <= layers; l++) {
            int out = l == layers ? CLASSES : hidden;
            m.add(switch (mode) {
                case "bnn" -> l == 0 ? new BinaryDense(in, out) : BinaryDense.builder(in, out).binaryInput().build();
                case "bc" -> new BinaryDense(in, out);
                case "float" -> new Dense(in, out);
                default -> throw new IllegalArgumentException("unknown mode '" + mode + "'; known: bnn, bc, float");
            });
            m.add(new BatchNorm(out));
            if (l < layers) {
                m.add(mode.equals("bnn") ? new SignActivation() : new HardTanh());
            }
            in = out;
        }
        Sequential net = new Sequential(m);
        net.seed(1);
        return net;
    }

    /** Runs {@code c} in this JVM and returns its JSON row. */
    static Map<String, Object> measure(Case c) {
        int examples = c.batch() * 200; // 200 batches per epoch: the per-epoch work (shuffle, flip count) weighs as in MNIST (500)
        RandomGenerator rng = Seeds.generator(2);
        Tensor x = Tensor.uniform(rng, -1, 1, examples, INPUTS);
        int[] labels = new int[examples];
        for (int i = 0; i < examples; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        Dataset data = new Dataset("random-mnist-shaped", x, labels, CLASSES);
        Trainer trainer = new Trainer(network(c.mode(), c.hidden(), c.layers()), new SquaredHinge(), new Adam(0.003),
                TrainerConfig.builder().epochs(1_000_000).batchSize(c.batch()).threads(c.threads()).seed(3).build());
        Stopwatch watch = new Stopwatch(trainer, c);
        trainer.addListener(watch);
        trainer.fit(data, null, null);
        double seconds = (watch.endNanos - watch.startNanos) / 1e9;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("mode", c.mode());
        row.put("hidden", c.hidden());
        row.put("layers", c.layers());
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

    /** The child JVM's entry: measures one case and prints its row as one line of JSON. */
    static void childMain(String[] args) {
        System.out.println(Json.write(measure(Case.parse(args))));
    }

    /**
     * Runs each case in a child JVM (this JVM's java, class path and --add-modules) and returns
     * the rows; progress goes to {@code log}.
     */
    static List<Map<String, Object>> run(List<Case> cases, PrintStream log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Case c : cases) {
            List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx3g",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench", "train", MAIN_FLAG));
            cmd.addAll(c.args());
            log.printf(Locale.ROOT, "bench train: %s %d x %d, batch %d, %d threads ...%n", c.mode(), c.layers(), c.hidden(),
                    c.batch(), c.threads());
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

    /** A table of the rows with the BNN speed-up over float per width. */
    static String describe(List<Map<String, Object>> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-6s %-10s %6s %8s %12s %16s%n", "mode", "net", "batch", "threads",
                "images/s", "alloc B/batch"));
        for (Map<String, Object> r : rows) {
            b.append(String.format(Locale.ROOT, "%-6s %-10s %6s %8s %12.0f %16s%n", r.get("mode"),
                    r.get("layers") + "x" + r.get("hidden"), r.get("batch"), r.get("threads"),
                    ((Number) r.get("images_per_s")).doubleValue(), r.get("alloc_bytes_per_batch")));
        }
        for (Map<String, Object> bnn : rows) {
            if (!"bnn".equals(bnn.get("mode"))) {
                continue;
            }
            for (Map<String, Object> other : rows) {
                if (!"bnn".equals(other.get("mode")) && other.get("hidden").equals(bnn.get("hidden"))
                        && other.get("layers").equals(bnn.get("layers"))) {
                    b.append(String.format(Locale.ROOT, "bnn / %s at %sx%s: %.2fx%n", other.get("mode"), bnn.get("layers"),
                            bnn.get("hidden"), ((Number) bnn.get("images_per_s")).doubleValue()
                                    / ((Number) other.get("images_per_s")).doubleValue()));
                }
            }
        }
        return b.toString();
    }
}
