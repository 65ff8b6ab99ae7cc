package dev.bnn.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.BitMatrix;
import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.io.Json;
import dev.bnn.core.io.ModelFileException;
import dev.bnn.core.io.ModelFileException.Problem;
import dev.bnn.core.io.SafeTensors;
import dev.bnn.core.io.SafeTensors.Entry;
import dev.bnn.kernels.BitPacking;
import dev.bnn.kernels.Parallelism;
import dev.bnn.kernels.SignThresholds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A frozen model built from its layers: file round trip, hostile files, many callers at once. */
class InferenceModelTest {
    private static final int[] SHAPE = {6, 6, 2};
    private static final Parallelism TWO = Parallelism.threads(2);

    @TempDir
    Path dir;

    @AfterAll
    static void close() {
        TWO.close();
    }

    private static BitMatrix bits(int rows, int cols, RandomGenerator rng) {
        return BitPacking.packSigns(Tensor.uniform(rng, -1, 1, rows, cols));
    }

    private static float[] floats(int n, float lo, float hi, RandomGenerator rng) {
        return Tensor.uniform(rng, lo, hi, n).data();
    }

    private static SignThresholds thresholds(int n, int range, RandomGenerator rng) {
        int[] t = new int[n];
        boolean[] neg = new boolean[n];
        for (int j = 0; j < n; j++) {
            t[j] = rng.nextInt(-range, range + 1);
            neg[j] = rng.nextInt(3) == 0;
        }
        return new SignThresholds(t, neg);
    }

    /** Every layer type once: a real-input conv, sign, XNOR conv with pooling on bits and zero padding, flatten of bits, XNOR dense, scores. */
    static List<FrozenLayer> layers(long seed) {
        RandomGenerator rng = Seeds.generator(seed);
        List<FrozenLayer> l = new ArrayList<>();
        l.add(new InputScale(SHAPE, 2f / 255f, -1f));
        l.add(new RealInputConv(SHAPE, 3, 1, 1, null, bits(70, 18, rng), Tensor.wrap(floats(70, -1, 1, rng), 70)));
        l.add(new Normalize(new int[] {6, 6, 70}, floats(70, 0.2f, 1, rng), floats(70, -1, 1, rng), floats(70, -1, 1, rng),
                floats(70, -1, 1, rng)));
        l.add(new SignBits(new int[] {6, 6, 70}));
        l.add(new XnorConv(new int[] {6, 6, 70}, 3, 1, 1, bits(65, 630, rng), thresholds(65, 30, rng), true, 2, 2));
        l.add(new MaxPool(new int[] {3, 3, 65}, 2, 1, Precision.BITS));
        l.add(new Flatten(new int[] {2, 2, 65}, Precision.BITS));
        l.add(new XnorDense(bits(33, 260, rng), thresholds(33, 20, rng)));
        l.add(new XnorDense(bits(5, 33, rng), Tensor.wrap(floats(5, -1, 1, rng), 5)));
        l.add(new Normalize(new int[] {5}, floats(5, 0.2f, 1, rng), floats(5, -1, 1, rng), floats(5, -1, 1, rng),
                floats(5, -1, 1, rng)));
        return l;
    }

    static Tensor images(int n, long seed) {
        RandomGenerator rng = Seeds.generator(seed);
        float[] x = new float[n * 72];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(256);
        }
        return Tensor.wrap(x, n, 6, 6, 2);
    }

    private Path saved(InferenceModel m) throws IOException {
        Path f = dir.resolve("m.frozen.safetensors");
        m.save(f);
        return f;
    }

    @Test
    void aSavedModelLoadsAndScoresTheSameAndItsSizeIsTheSummarysTotalPlusTheHeader() throws Exception {
        InferenceModel m = InferenceModel.of(layers(1), Map.of("note", "test"), TWO);
        Tensor x = images(300, 2);
        Tensor scores = m.scores(x);
        Path f = dir.resolve("m.frozen.safetensors");
        long header = m.save(f);
        assertEquals(Files.size(f), header + m.summary().totalBytes());
        try (InferenceModel loaded = InferenceModel.load(f, 1)) {
            assertArrayEquals(scores.data(), loaded.scores(x).data());
            assertEquals(Map.of("note", "test"), loaded.metadata());
            assertEquals(m.summary().toString(), loaded.summary().toString());
        }
        // a batch in one call equals the samples one by one (chunking, batch 1)
        int[] all = m.predict(x);
        for (int i = 0; i < 300; i += 37) {
            assertEquals(all[i], m.predict(x.slice(i, i + 1))[0]);
        }
    }

    @Test
    void manyCallersAtOnceGetTheSingleThreadedAnswers() throws Exception {
        InferenceModel shared = InferenceModel.of(layers(3), Map.of(), TWO);
        Tensor x = images(400, 4);
        float[] expected;
        try (Parallelism one = Parallelism.singleThread()) {
            expected = InferenceModel.of(layers(3), Map.of(), one).scores(x).data();
        }
        int callers = 3 * Runtime.getRuntime().availableProcessors() + 2;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    RandomGenerator rng = Seeds.generator(100 + c);
                    done.add(pool.submit(() -> {
                        for (int call = 0; call < 8; call++) {
                            int from = rng.nextInt(400);
                            int to = from + 1 + rng.nextInt(Math.min(60, 400 - from));
                            float[] got = shared.scores(x.slice(from, to)).data();
                            for (int i = 0; i < got.length; i++) {
                                if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(expected[from * 5 + i])) {
                                    throw new AssertionError("call " + call + " rows " + from + ".." + to + " differs at " + i);
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInputShapesAreRefused() {
        InferenceModel m = InferenceModel.of(layers(1), Map.of(), TWO);
        Exception e = assertThrows(dev.bnn.core.ShapeMismatchException.class, () -> m.predict(Tensor.zeros(3, 6, 6, 3)));
        assertTrue(e.getMessage().contains("[6, 6, 2]"), e.getMessage());
    }

    /** Rewrites the file's graph (or another metadata entry) and its tensors, with a valid checksum. */
    private Path rewritten(Path good, UnaryOperator<Map<String, Object>> graphEdit, Map<String, Entry> extra,
                           Map<String, String> metaEdit) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(good);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.remove(InferenceModel.CHECKSUM_KEY);
        meta.put(InferenceModel.GRAPH_KEY, Json.write(graphEdit.apply(Json.parseObject(meta.get(InferenceModel.GRAPH_KEY)))));
        meta.putAll(metaEdit);
        Map<String, Entry> entries = new LinkedHashMap<>(c.entries());
        entries.putAll(extra);
        Path f = dir.resolve("bad.safetensors");
        SafeTensors.write(f, entries, meta, InferenceModel.CHECKSUM_KEY, SafeTensors.Checksum.FILE);
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> layer(Map<String, Object> graph, int i) {
        return (Map<String, Object>) ((List<Object>) graph.get("layers")).get(i);
    }

    private static void expect(Path f, Problem problem, String detail) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> InferenceModel.load(f, 1));
        assertEquals(problem, e.problem(), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @Test
    void corruptTruncatedHostileAndForeignFilesGetOneClearError() throws Exception {
        Path good = saved(InferenceModel.of(layers(1), Map.of(), TWO));
        byte[] bytes = Files.readAllBytes(good);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();

        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 62);
        expect(write(huge), Problem.NOT_A_MODEL, "header length of 4611686018427387904");
        expect(write(java.util.Arrays.copyOf(bytes, bytes.length - 5)), Problem.TRUNCATED, "the tensors need");
        byte[] flipped = bytes.clone();
        flipped[(int) (8 + n + 100)] ^= 1;
        expect(write(flipped), Problem.CORRUPT, "SHA-256");
        // a digit of a setting in the header (the input scale's offset -1.0 -> -3.0): the checksum covers the header too
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\\\"offset\\\":-1.0");
        assertTrue(at > 0, "the graph holds the input offset");
        byte[] header = bytes.clone();
        header[at + "\\\"offset\\\":-".length()] = '3';
        expect(write(header), Problem.CORRUPT, "a byte changed in the header or the data");

        expect(rewritten(good, g -> g, Map.of(), Map.of(InferenceModel.VERSION_KEY, "2")), Problem.WRONG_VERSION, "version '2'");
        expect(rewritten(good, g -> g, Map.of(), Map.of(InferenceModel.FORMAT_KEY, "bnn-model")), Problem.NOT_A_MODEL,
                "freeze it first");
        expect(rewritten(good, g -> {
            layer(g, 4).put("type", "telepathy");
            return g;
        }, Map.of(), Map.of()), Problem.CORRUPT, "layer 4 ");
        expect(rewritten(good, g -> {
            layer(g, 4).put("dilation", 2);
            return g;
        }, Map.of(), Map.of()), Problem.CORRUPT, "settings");
        expect(rewritten(good, g -> {
            layer(g, 7).put("out", 1L << 30);
            return g;
        }, Map.of(), Map.of()), Problem.CORRUPT, "tensor 'weight' is U64[33, 5] but the layer needs U64[1073741824, 5]");
        expect(rewritten(good, g -> {
            g.put("input_shape", List.of(7, 6, 2));
            return g;
        }, Map.of(), Map.of()), Problem.CORRUPT, "tensor 'correction' is I32[36, 65] but the layer needs I32[42, 65]");
        expect(rewritten(good, g -> g, Map.of("99.junk", Entry.u8(new byte[] {1}, 1)), Map.of()), Problem.CORRUPT,
                "belong to no layer");
        expect(rewritten(good, g -> {
            g.put("classes", 6);
            return g;
        }, Map.of(), Map.of()), Problem.CORRUPT, "the graph says 6 classes but its last layer gives 5");
        expect(rewritten(good, g -> {
            layer(g, 6).put("precision", "bit");
            return g;
        }, Map.of(), Map.of()), Problem.CORRUPT, "setting 'precision' is bit, not float or bits");
        int[] correction = SafeTensors.read(good).entries().get("4.correction").ints().clone();
        correction[0] += 2;
        expect(rewritten(good, g -> g, Map.of("4.correction", Entry.i32(correction, 36, 65)), Map.of()), Problem.CORRUPT,
                "differs from the zero-padding correction of the layer's weights");
        // a padding bit set in a packed weight row: the encoding's invariant
        SafeTensors.Contents c = SafeTensors.read(good);
        long[] w = c.entries().get("7.weight").longs().clone();
        w[4] |= 1L << 63; // row 0 has 260 bits: bits 4..63 of its 5th word are padding
        expect(rewritten(good, g -> g, Map.of("7.weight", Entry.u64(w, 33, 5)), Map.of()), Problem.CORRUPT, "padding");
        byte[] negate = c.entries().get("7.negate").bytes().clone();
        negate[0] = 7;
        expect(rewritten(good, g -> g, Map.of("7.negate", Entry.u8(negate, 33)), Map.of()), Problem.CORRUPT, "not 0 or 1");
        // a header claiming a tensor whose shape overflows
        String hostile = "{\"__metadata__\":{\"format\":\"bnn-frozen\"},\"0.w\":{\"dtype\":\"U64\",\"shape\":[4294967296,4294967296],"
                + "\"data_offsets\":[0,8]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + hostile.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(hostile.length()).put(hostile.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        expect(write(b.array()), Problem.CORRUPT, "too large");
    }

    private Path write(byte[] content) throws IOException {
        Path f = dir.resolve("raw.safetensors");
        Files.write(f, content);
        return f;
    }
    /** Steady calls reuse their buffers: what a call allocates is a few small objects (views, tasks), not activations. */
    @Test
    void steadyCallsAllocateNoBuffers() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        RandomGenerator rng = Seeds.generator(9);
        int[] in = {64};
        List<FrozenLayer> mlp = List.of(new InputScale(in, 2f / 255f, -1f),
                new RealInputDense(bits(96, 64, rng), Tensor.wrap(floats(96, -1, 1, rng), 96)),
                new Normalize(new int[] {96}, floats(96, 0.2f, 1, rng), floats(96, -1, 1, rng), floats(96, -1, 1, rng),
                        floats(96, -1, 1, rng)),
                new SignBits(new int[] {96}), new XnorDense(bits(96, 96, rng), thresholds(96, 20, rng)),
                new XnorDense(bits(10, 96, rng), Tensor.wrap(floats(10, -1, 1, rng), 10)));
        try (Parallelism one = Parallelism.singleThread()) {
            InferenceModel m = InferenceModel.of(mlp, Map.of(), one);
            Tensor x = images(32, 6).reshape(-1).slice(0, 32 * 64).reshape(32, 64);
            Tensor out = Tensor.zeros(32, 10);
            for (int i = 0; i < 20_000; i++) { // until the vector kernels are compiled (C2 does not box their vectors)
                m.scores(x, out);
            }
            long id = Thread.currentThread().threadId();
            long before = mx.getThreadAllocatedBytes(id);
            int calls = 200;
            for (int i = 0; i < calls; i++) {
                m.scores(x, out);
            }
            long perCall = (mx.getThreadAllocatedBytes(id) - before) / calls;
            // one batch's activations alone are 4 x 32 x 96 floats = 48 KB
            assertTrue(perCall < 4_000, perCall + " bytes allocated per call");
        }
    }
}
