package dev.bnn.bench.infer;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.infer.BitPlaneDense;
import dev.bnn.infer.InferenceModel;
import dev.bnn.infer.InputScale;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.freeze.Freezer;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.recipe.Architectures;
import dev.bnn.train.recipe.Binarization;
import dev.bnn.train.recipe.NetworkOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Inference speed of frozen, bit-packed BNN models against float, all in one JVM (so that the
 * ratios come from one run on a noisy machine). Per case (network, width, batch, threads) the
 * modes run on the same random pixels (integers 0..255):
 * <ul>
 *   <li>{@code frozen}: the BNN network ({@link Binarization#BNN}) frozen by {@link Freezer}, behind
 *       an {@link InputScale} (x -&gt; 2x/255 - 1), {@link InferenceModel#scores(Tensor, Tensor)};</li>
 *   <li>{@code frozen-bitplanes} (MLPs): the same with its first layer on the pixels' bit planes
 *       ({@link BitPlaneDense}), which {@code bnn freeze} chooses when it gives identical scores;</li>
 *   <li>{@code float}: the same architecture in {@link Binarization#FLOAT}, frozen the same way (its
 *       Dense/Conv layers run the float GEMM);</li>
 *   <li>{@code train-eval}: the BNN training {@link Sequential} in evaluation mode,
 *       {@code forward} on the already scaled pixels.</li>
 * </ul>
 * The weights are the networks' seeded initialisation (speed does not depend on their values).
 * Each mode is warmed up (until its calls stop getting faster), then the modes are interleaved in rounds, each mode timing enough
 * consecutive calls per round to last at least {@link Settings#roundSeconds()}. A row reports
 * medians: images/s (over the rounds), the latency of one call (over all timed calls), and the
 * bytes allocated per call by the calling thread (over the rounds; pool threads of a 2-thread
 * run are not counted).
 */
public final class InferBench {
    public static final String MLP = "mlp";
    public static final String CONVNET = "convnet";
    public static final List<String> MODES = List.of("frozen", "frozen-bitplanes", "float", "train-eval");
    /** The mode of the MLPs frozen with the bit-plane first layer. */
    static final String BITPLANES = "frozen-bitplanes";
    /** The MNIST-shaped input of the MLP and the CIFAR-10-shaped input of the ConvNet, and their classes. */
    static final int[] MLP_SAMPLE = {28, 28, 1};
    static final int[] CONVNET_SAMPLE = {32, 32, 3};
    public static final int CLASSES = 10;
    public static final int MLP_HIDDEN_LAYERS = 3;

    private InferBench() {}

    /**
     * How long to measure: per mode and case at least {@code warmupSeconds} and {@code warmupCalls}
     * of warm-up (longer while the calls still get faster, up to 5 x {@code warmupSeconds}), then
     * {@code rounds} rounds of at least {@code roundSeconds} per mode.
     */
    public record Settings(double warmupSeconds, int warmupCalls, int rounds, double roundSeconds) {
        public Settings {
            if (rounds < 1 || warmupCalls < 1 || !(roundSeconds > 0) || !(warmupSeconds >= 0)) {
                throw new IllegalArgumentException("bad bench settings: " + warmupSeconds + " s / " + warmupCalls
                        + " calls warm-up, " + rounds + " rounds of " + roundSeconds + " s");
            }
        }

        /** Full: 1 s and 3 calls of warm-up, 7 rounds of at least 0.25 s per mode; quick: a smoke test. */
        public static Settings of(boolean quick) {
            return quick ? new Settings(0.05, 2, 2, 0.01) : new Settings(1.0, 3, 7, 0.25);
        }

        public Settings withRounds(int r) {
            return new Settings(warmupSeconds, warmupCalls, r, roundSeconds);
        }
    }

    /** One network at one width, measured at each of {@code batches} on each of {@code threads}. */
    public record Case(String model, int width, List<Integer> batches, List<Integer> threads) {
        /** The shape of one input sample. */
        public int[] sample() {
            return (model.equals(MLP) ? MLP_SAMPLE : CONVNET_SAMPLE).clone();
        }

        /** The training network of this case in mode {@code b}, seeded (NetworkOptions.of: seed 1). */
        public Sequential network(Binarization b) {
            NetworkOptions o = NetworkOptions.of(b, width);
            return switch (model) {
                case MLP -> Architectures.mlp(o, MLP_HIDDEN_LAYERS, sample(), CLASSES);
                case CONVNET -> Architectures.convNet(o, sample(), CLASSES);
                default -> throw new IllegalArgumentException("unknown model " + model);
            };
        }
    }

    /**
     * The cases: MLP 784 - 3 x W - 10 at W = 1024 and 4096 (batch 1 and 100), ConvNet at width 32
     * and 128 (batch 1 and 50), threads 1 and 2; quick: MLP width 256, ConvNet width 8.
     */
    public static List<Case> cases(boolean quick) {
        List<Integer> threads = List.of(1, 2);
        if (quick) {
            return List.of(new Case(MLP, 256, List.of(1, 100), threads), new Case(CONVNET, 8, List.of(1, 50), threads));
        }
        return List.of(new Case(MLP, 1024, List.of(1, 100), threads), new Case(MLP, 4096, List.of(1, 100), threads),
                new Case(CONVNET, 32, List.of(1, 50), threads), new Case(CONVNET, 128, List.of(1, 50), threads));
    }

    /** Frozen BNN {@code model} at {@code frozenMin} x the images/s of float, at this width and batch (any threads). */
    public record Goal(String model, int width, int batch, double frozenOverFloat) {}

    /** The goals of the task: frozen BNN MLP 3 x 4096 >= 20x float at batch 1 and >= 10x at batch 100; ConvNet 128 at batch 50 >= 8x. */
    public static final List<Goal> GOALS = List.of(new Goal(MLP, 4096, 100, 10), new Goal(MLP, 4096, 1, 20),
            new Goal(CONVNET, 128, 50, 8));
    /** The goal for the file size: frozen MLP 3 x 1024 at most 1/28 of the float32 training file. */
    public static final double FILE_RATIO_GOAL = 28;

    /** One call of a mode, timed as a unit. */
    @FunctionalInterface
    interface Call {
        void run();
    }

    /** Measures every case; progress (one line per case and thread count) goes to {@code log}. */
    public static List<Map<String, Object>> run(List<Case> cases, Settings s, PrintStream log) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Case c : cases) {
            Sequential bnn = c.network(Binarization.BNN);
            Sequential flt = c.network(Binarization.FLOAT);
            bnn.eval();
            int[] sample = c.sample();
            for (int threads : c.threads()) {
                try (Parallelism p = Parallelism.threads(threads)) {
                    InferenceModel frozen = freeze(bnn, sample, p);
                    InferenceModel floatModel = freeze(flt, sample, p);
                    checkShapes(frozen, floatModel);
                    // the MLP's first layer on bit planes too (BitPlaneDense): the option bnn freeze takes when it is exact
                    InferenceModel planes = c.model().equals(MLP)
                            ? InferenceModel.of(BitPlaneDense.replaceFirstLayers(frozen.layers()), Map.of(), p) : null;
                    bnn.setParallelism(p);
                    for (int batch : c.batches()) {
                        log.printf(Locale.ROOT, "bench infer: %s width %d, batch %d, %d thread%s ...%n", c.model(), c.width(),
                                batch, threads, threads == 1 ? "" : "s");
                        rows.addAll(measure(c, batch, threads, frozen, planes, floatModel, bnn, s));
                    }
                }
            }
        }
        return rows;
    }

    /** {@code net} frozen behind the pixel scaling 2x/255 - 1, on {@code p}. */
    static InferenceModel freeze(Sequential net, int[] sample, Parallelism p) {
        return Freezer.freeze(net, sample, List.of(new InputScale(sample, 2f / 255f, -1f)), Map.of("source", "bnn bench infer"),
                p);
    }

    /** Throws unless the two models take the same samples and give the same number of classes. */
    static void checkShapes(InferenceModel a, InferenceModel b) {
        if (!Arrays.equals(a.inputShape(), b.inputShape()) || a.classes() != b.classes()) {
            throw new IllegalStateException("frozen " + a + " and float " + b + " differ in shape");
        }
    }

    /** Random pixels 0..255, [batch, sample...]. */
    static Tensor pixels(int batch, int[] sample, long seed) {
        int[] shape = new int[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        Tensor t = Tensor.zeros(shape);
        RandomGenerator rng = Seeds.generator(seed);
        float[] d = t.data();
        for (int i = 0; i < t.size(); i++) {
            d[t.offset() + i] = rng.nextInt(256);
        }
        return t;
    }

    private static List<Map<String, Object>> measure(Case c, int batch, int threads, InferenceModel frozen,
                                                     InferenceModel planes, InferenceModel floatModel, Sequential bnn,
                                                     Settings s) {
        Tensor raw = pixels(batch, c.sample(), 11);
        Tensor scaled = raw.copy();
        float[] d = scaled.data();
        for (int i = 0; i < scaled.size(); i++) {
            d[scaled.offset() + i] = 2f / 255f * d[scaled.offset() + i] + -1f; // InputScale's expression
        }
        Tensor frozenOut = Tensor.zeros(batch, CLASSES);
        Tensor planesOut = Tensor.zeros(batch, CLASSES);
        Tensor floatOut = Tensor.zeros(batch, CLASSES);
        Tensor[] evalOut = new Tensor[1];
        Map<String, Call> byMode = new LinkedHashMap<>();
        byMode.put("frozen", () -> frozen.scores(raw, frozenOut));
        if (planes != null) {
            byMode.put(BITPLANES, () -> planes.scores(raw, planesOut));
        }
        byMode.put("float", () -> floatModel.scores(raw, floatOut));
        byMode.put("train-eval", () -> evalOut[0] = bnn.forward(scaled));
        List<String> modes = List.copyOf(byMode.keySet());
        List<Call> calls = List.copyOf(byMode.values());
        for (Call call : calls) {
            call.run();
        }
        if (!Arrays.equals(evalOut[0].shape(), frozenOut.shape()) || !Arrays.equals(floatOut.shape(), frozenOut.shape())) {
            throw new IllegalStateException("the modes' scores differ in shape: " + Arrays.toString(frozenOut.shape()) + ", "
                    + Arrays.toString(floatOut.shape()) + ", " + Arrays.toString(evalOut[0].shape()));
        }
        int m = calls.size();
        int[] perRound = new int[m];
        for (int k = 0; k < m; k++) {
            perRound[k] = Math.max(1, (int) Math.ceil(s.roundSeconds() / warmUp(calls.get(k), s)));
        }
        double[][] ips = new double[m][s.rounds()];
        double[][] alloc = new double[m][s.rounds()];
        long[][] latencies = new long[m][];
        for (int k = 0; k < m; k++) {
            latencies[k] = new long[perRound[k] * s.rounds()];
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        for (int r = 0; r < s.rounds(); r++) {
            for (int j = 0; j < m; j++) {
                int k = (j + r) % m; // rotate the order, so no mode always follows the same one
                Call call = calls.get(k);
                long[] lat = latencies[k];
                int n = perRound[k];
                long a0 = mx.getThreadAllocatedBytes(self);
                long t0 = System.nanoTime();
                long prev = t0;
                for (int i = 0; i < n; i++) {
                    call.run();
                    long now = System.nanoTime();
                    lat[r * n + i] = now - prev;
                    prev = now;
                }
                long a1 = mx.getThreadAllocatedBytes(self);
                ips[k][r] = (double) n * batch / ((prev - t0) / 1e9);
                alloc[k][r] = (double) (a1 - a0) / n;
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", c.model());
            row.put("width", c.width());
            row.put("batch", batch);
            row.put("threads", threads);
            row.put("mode", modes.get(k));
            row.put("images_per_s", median(ips[k]));
            row.put("p50_us", median(Arrays.stream(latencies[k]).asDoubleStream().toArray()) / 1e3);
            row.put("alloc_bytes_per_call", Math.round(median(alloc[k])));
            rows.add(row);
        }
        return rows;
    }

    /**
     * Warms {@code call} up in blocks of at least 0.1 s (and one call): at least the warm-up time and
     * calls, and on while a block's time per call still drops by more than 5% (the JIT is not done),
     * up to 5 times the warm-up time. Returns the seconds per call of the last block.
     */
    private static double warmUp(Call call, Settings s) {
        long start = System.nanoTime();
        long min = (long) (s.warmupSeconds() * 1e9);
        long max = 5 * min;
        long blockNanos = Math.min(100_000_000L, Math.max(1, min / 5));
        int calls = 0;
        double previous = Double.POSITIVE_INFINITY;
        while (true) {
            long t0 = System.nanoTime();
            long now;
            int n = 0;
            do {
                call.run();
                n++;
                now = System.nanoTime();
            } while (now - t0 < blockNanos);
            calls += n;
            double perCall = (now - t0) / 1e9 / n;
            boolean improving = perCall < 0.95 * previous;
            previous = perCall;
            long elapsed = now - start;
            if (elapsed >= max || (elapsed >= min && calls >= s.warmupCalls() && !improving)) {
                return Math.max(1e-7, perCall);
            }
        }
    }

    /** Runs every mode of small networks (MLP width 256, ConvNet width 8) on 1 and 2 threads, so the JIT has compiled the kernels before the first case. */
    public static void warmJit(double secondsPerMode) {
        run(cases(true), new Settings(secondsPerMode, 3, 1, 0.01), new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The sizes of the frozen BNN MLP 784 - 3 x {@code width} - 10 and of its float32 training model file. */
    public record FileSizes(int width, long frozenBytes, long trainingBytes) {
        public double ratio() {
            return (double) trainingBytes / frozenBytes;
        }
    }

    /** Saves the BNN MLP 3 x {@code width} as a training file ({@link ModelFile}) and frozen, in a temporary directory, and measures both. */
    public static FileSizes fileSizes(int width) throws IOException {
        Case c = new Case(MLP, width, List.of(), List.of());
        Sequential net = c.network(Binarization.BNN);
        net.eval();
        Path dir = Files.createTempDirectory("bnn-bench-infer");
        Path train = dir.resolve("mlp.safetensors");
        Path frozenFile = dir.resolve("mlp.frozen.safetensors");
        try (Parallelism p = Parallelism.singleThread()) {
            ModelFile.save(train, net);
            freeze(net, c.sample(), p).save(frozenFile);
            return new FileSizes(width, Files.size(frozenFile), Files.size(train));
        } finally {
            Files.deleteIfExists(train);
            Files.deleteIfExists(frozenFile);
            Files.deleteIfExists(dir);
        }
    }

    private static double number(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).doubleValue();
    }

    /** The images/s of the row of this case and mode, or NaN. */
    private static double imagesPerSecond(List<Map<String, Object>> rows, Map<String, Object> like, String mode) {
        for (Map<String, Object> r : rows) {
            if (r.get("mode").equals(mode) && r.get("model").equals(like.get("model"))
                    && number(r, "width") == number(like, "width") && number(r, "batch") == number(like, "batch")
                    && number(r, "threads") == number(like, "threads")) {
                return number(r, "images_per_s");
            }
        }
        return Double.NaN;
    }

    /** The table of the rows, the ratios frozen/float and frozen/train-eval per case, the goals, and the file sizes (if given). */
    public static String describe(List<Map<String, Object>> rows, FileSizes files) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-8s %6s %6s %8s %-16s %12s %12s %14s%n", "model", "width", "batch", "threads",
                "mode", "images/s", "p50 us", "alloc B/call"));
        for (Map<String, Object> r : rows) {
            b.append(String.format(Locale.ROOT, "%-8s %6s %6s %8s %-16s %12.1f %12.1f %14s%n", r.get("model"), r.get("width"),
                    r.get("batch"), r.get("threads"), r.get("mode"), number(r, "images_per_s"), number(r, "p50_us"),
                    r.get("alloc_bytes_per_call")));
        }
        for (Map<String, Object> r : rows) {
            if (r.get("mode").toString().startsWith("frozen")) {
                double f = number(r, "images_per_s");
                b.append(String.format(Locale.ROOT, "%s width %s batch %s threads %s: %s/float %.2fx, %s/train-eval %.2fx%n",
                        r.get("model"), r.get("width"), r.get("batch"), r.get("threads"), r.get("mode"),
                        f / imagesPerSecond(rows, r, "float"), r.get("mode"), f / imagesPerSecond(rows, r, "train-eval")));
            }
        }
        for (Goal g : GOALS) {
            for (Map<String, Object> r : rows) {
                if (r.get("mode").toString().startsWith("frozen") && r.get("model").equals(g.model())
                        && number(r, "width") == g.width() && number(r, "batch") == g.batch()) {
                    double ratio = number(r, "images_per_s") / imagesPerSecond(rows, r, "float");
                    b.append(String.format(Locale.ROOT, "goal %s width %d batch %d threads %s: %s/float %.2fx >= %.0fx: %s%n",
                            g.model(), g.width(), g.batch(), r.get("threads"), r.get("mode"), ratio, g.frozenOverFloat(),
                            ratio >= g.frozenOverFloat() ? "met" : "NOT met"));
                }
            }
        }
        if (files != null) {
            b.append(String.format(Locale.ROOT, "file size, BNN MLP 3 x %d: training (float32) %d B, frozen %d B, "
                            + "ratio %.1fx >= %.0fx: %s%n", files.width(), files.trainingBytes(), files.frozenBytes(), files.ratio(),
                    FILE_RATIO_GOAL, files.ratio() >= FILE_RATIO_GOAL ? "met" : "NOT met"));
        }
        return b.toString();
    }
}
