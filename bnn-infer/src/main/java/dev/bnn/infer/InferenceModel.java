package dev.bnn.infer;

import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.io.Json;
import dev.bnn.core.io.ModelFileException;
import dev.bnn.core.io.ModelFileException.Problem;
import dev.bnn.core.io.SafeTensors;
import dev.bnn.core.io.SafeTensors.Entry;
import dev.bnn.kernels.Parallelism;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A frozen network: a chain of {@link FrozenLayer}s from raw input samples to class scores, loaded
 * from (and saved to) one file ({@code docs/deploy-format.md}). {@code predict} and {@code scores}
 * take any batch size, split the work of each layer over the model's threads, and are safe to call
 * from many threads at once: each call borrows its own buffers from a pool (allocated once per
 * batch size and then reused, so a steady stream of calls allocates no buffers), and the kernels
 * share one {@link Parallelism}. Batches larger than {@link #MAX_CHUNK} run in chunks of that many
 * samples.
 *
 * <pre>{@code
 * try (InferenceModel m = InferenceModel.load(Path.of("model.frozen.safetensors"))) {
 *     int[] classes = m.predict(images);   // images: [n, 28, 28, 1] raw pixels
 * }
 * }</pre>
 */
public final class InferenceModel implements AutoCloseable {
    /** The file's format name, distinct from the training model file's. */
    public static final String FORMAT = "bnn-frozen";
    /** The file format version this reader reads. */
    public static final int VERSION = 1;
    public static final String FORMAT_KEY = "format";
    public static final String VERSION_KEY = "format_version";
    public static final String GRAPH_KEY = "graph";
    public static final String ENCODING_KEY = "bit_encoding";
    /** The SHA-256 of the whole file, header included (its own 64 hex digits read as '0's). */
    public static final String CHECKSUM_KEY = "file_sha256";
    /** The bit encoding of every U64 tensor, as the file states it. */
    public static final String BIT_ENCODING = "U64 words, row-major, ceil(bits / 64) words per row, bit c of a row at bit "
            + "(c % 64) of word c / 64 (least significant first), bit 1 = -1 and bit 0 = +1, padding bits 0";
    /** Samples per chunk of a large batch. */
    public static final int MAX_CHUNK = 128;
    private static final int MAX_BATCH_SIZES = 16;

    private final int[] inputShape;
    private final List<FrozenLayer> layers;
    private final int classes;
    private final Map<String, String> metadata;
    private final Engine engine;
    private final boolean ownsParallelism;
    private final Map<Integer, ConcurrentLinkedQueue<Object[]>> workspaces = new ConcurrentHashMap<>();
    private volatile long headerBytes = -1;

    private InferenceModel(List<FrozenLayer> layers, Map<String, String> metadata, Parallelism parallelism, boolean owns) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a frozen network needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        this.inputShape = layers.get(0).inputShape();
        Precision precision = Precision.FLOAT;
        int[] shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            FrozenLayer l = layers.get(i);
            if (l.inputPrecision() != precision || !Arrays.equals(l.inputShape(), shape)) {
                throw new IllegalArgumentException("layer " + i + " " + l.describe() + " reads " + l.inputPrecision() + " "
                        + ShapeMismatchException.format(l.inputShape()) + " but receives " + precision + " "
                        + ShapeMismatchException.format(shape));
            }
            precision = l.outputPrecision();
            shape = l.outputShape();
        }
        if (precision != Precision.FLOAT || shape.length != 1) {
            throw new IllegalArgumentException("a frozen network ends in float class scores, not " + precision + " "
                    + ShapeMismatchException.format(shape));
        }
        this.classes = shape[0];
        this.metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata)); // in order: the same file in every JVM
        this.engine = new Engine(parallelism);
        this.ownsParallelism = owns;
    }

    /**
     * A model over {@code layers} (the first reads float samples, the last writes float scores),
     * running on {@code parallelism}, which the caller keeps owning; {@code metadata} is stored
     * with the model (e.g. where it came from).
     */
    public static InferenceModel of(List<FrozenLayer> layers, Map<String, String> metadata, Parallelism parallelism) {
        return new InferenceModel(layers, metadata, Objects.requireNonNull(parallelism, "parallelism"), false);
    }

    /** Loads a frozen file, running on one thread per available processor (released by {@link #close()}). */
    public static InferenceModel load(Path file) throws IOException {
        return load(file, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads a frozen file, running on {@code threads} threads (released by {@link #close()}).
     *
     * @throws ModelFileException if the file is not a frozen model, is truncated or corrupt (its
     *     layout, checksum, graph or a tensor does not add up), or has another format version
     */
    public static InferenceModel load(Path file, int threads) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file, CHECKSUM_KEY);
        Map<String, String> m = new LinkedHashMap<>(c.metadata());
        if (!FORMAT.equals(m.get(FORMAT_KEY))) {
            String found = m.containsKey(FORMAT_KEY) ? "'" + m.get(FORMAT_KEY) + "'" : "nothing";
            throw new ModelFileException(file, Problem.NOT_A_MODEL, "__metadata__ has " + FORMAT_KEY + " = " + found
                    + ", not '" + FORMAT + "'" + ("'bnn-model'".equals(found)
                    ? " (a training model file: freeze it first with `bnn freeze`)" : ""));
        }
        if (!Integer.toString(VERSION).equals(m.get(VERSION_KEY))) {
            throw new ModelFileException(file, Problem.WRONG_VERSION, "format version '" + m.get(VERSION_KEY)
                    + "'; this bnn reads frozen files of version " + VERSION);
        }
        if (!c.fileSha256().equals(m.get(CHECKSUM_KEY))) {
            throw new ModelFileException(file, Problem.CORRUPT, "the file has SHA-256 " + c.fileSha256()
                    + " but its header records " + m.get(CHECKSUM_KEY) + " (a byte changed in the header or the data)");
        }
        List<FrozenLayer> layers = readGraph(file, m.get(GRAPH_KEY), c.entries());
        for (String key : List.of(FORMAT_KEY, VERSION_KEY, GRAPH_KEY, ENCODING_KEY, CHECKSUM_KEY)) {
            m.remove(key);
        }
        InferenceModel model;
        try {
            model = new InferenceModel(layers, m, Parallelism.threads(threads), true);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, Problem.CORRUPT, "the graph does not chain: " + e.getMessage(), e);
        }
        Object classes = Json.parseObject(c.metadata().get(GRAPH_KEY)).get("classes");
        if (!(classes instanceof Long k) || k != model.classes()) {
            model.close();
            throw new ModelFileException(file, Problem.CORRUPT, "the graph says " + classes + " classes but its last layer gives "
                    + model.classes());
        }
        model.headerBytes = c.headerBytes();
        return model;
    }

    private static List<FrozenLayer> readGraph(Path file, String json, Map<String, Entry> entries) throws ModelFileException {
        if (json == null) {
            throw new ModelFileException(file, Problem.CORRUPT, "__metadata__ has no " + GRAPH_KEY);
        }
        Map<String, Object> graph;
        try {
            graph = Json.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, Problem.CORRUPT, "the graph is not a JSON object: " + e.getMessage(), e);
        }
        if (!(graph.get("input_shape") instanceof List<?> dims) || !(graph.get("layers") instanceof List<?> list)) {
            throw new ModelFileException(file, Problem.CORRUPT, "the graph needs input_shape and layers lists");
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 1 || d > Integer.MAX_VALUE) {
                throw new ModelFileException(file, Problem.CORRUPT, "input_shape " + dims + " is not a list of positive ints");
            }
            shape[i] = (int) (long) d;
        }
        Map<String, Entry> unused = new LinkedHashMap<>(entries);
        List<FrozenLayer> layers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String prefix = i + ".";
            Map<String, Entry> tensors = new LinkedHashMap<>();
            entries.forEach((name, e) -> {
                if (name.startsWith(prefix)) {
                    tensors.put(name.substring(prefix.length()), e);
                    unused.remove(name);
                }
            });
            Object config = list.get(i);
            try {
                if (!(config instanceof Map<?, ?> raw)) {
                    throw new IllegalArgumentException("its configuration is not an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> c = (Map<String, Object>) raw;
                FrozenLayer layer = Layers.read(shape, c, tensors);
                if (!layer.tensors().keySet().equals(tensors.keySet())) {
                    throw new IllegalArgumentException("its tensors are " + tensors.keySet() + " but it stores "
                            + layer.tensors().keySet());
                }
                layers.add(layer);
                shape = layer.outputShape();
            } catch (RuntimeException e) {
                throw new ModelFileException(file, Problem.CORRUPT, "layer " + i + " " + config + ": " + e.getMessage(), e);
            }
        }
        if (!unused.isEmpty()) {
            throw new ModelFileException(file, Problem.CORRUPT, "tensors " + unused.keySet() + " belong to no layer");
        }
        return layers;
    }

    /**
     * Writes this model to {@code file} atomically (temporary file, then rename).
     *
     * @return the header length in bytes (the 8 length bytes included): the file has
     *     {@code summary().totalBytes()} more
     */
    public long save(Path file) throws IOException {
        Map<String, Entry> tensors = new LinkedHashMap<>();
        List<Object> configs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            FrozenLayer l = layers.get(i);
            configs.add(l.config());
            for (Map.Entry<String, Entry> e : l.tensors().entrySet()) {
                tensors.put(i + "." + e.getKey(), e.getValue());
            }
        }
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("input_shape", Arrays.stream(inputShape).boxed().toList());
        graph.put("classes", classes);
        graph.put("layers", configs);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, FORMAT);
        meta.put(VERSION_KEY, Integer.toString(VERSION));
        meta.put(ENCODING_KEY, BIT_ENCODING);
        meta.put(GRAPH_KEY, Json.write(graph));
        meta.putAll(metadata);
        long header = SafeTensors.write(file, tensors, meta, CHECKSUM_KEY, SafeTensors.Checksum.FILE);
        headerBytes = header;
        return header;
    }

    /** The shape of one input sample (raw pixels, e.g. [28, 28, 1]). */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Number of classes (the length of a score row). */
    public int classes() {
        return classes;
    }

    /** The layers, first to last. */
    public List<FrozenLayer> layers() {
        return layers;
    }

    /** The metadata stored with the model besides the format's own keys. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Threads the layers split their work over. */
    public int threads() {
        return engine.parallelism.threads();
    }

    /** Per-layer precision, parameters, bytes and MACs, with totals ({@link ModelSummary}). */
    public ModelSummary summary() {
        return ModelSummary.of(this, headerBytes);
    }

    /** Samples in {@code images}: its first dimension, after checking that each sample has {@link #inputShape()}'s size. */
    private int samples(Tensor images) {
        int per = FrozenLayer.elements(inputShape);
        if (images.rank() < 1 || images.dim(0) * (long) per != images.size()) {
            throw new ShapeMismatchException("the model takes samples of shape " + ShapeMismatchException.format(inputShape)
                    + " but got a batch of shape " + ShapeMismatchException.format(images.shape()));
        }
        return images.dim(0);
    }

    /** The class of each sample: the arg-max of its scores (the first on ties). */
    public int[] predict(Tensor images) {
        int[] out = new int[samples(images)];
        predict(images, out);
        return out;
    }

    /** {@link #predict(Tensor)} into {@code classesOut} (one entry per sample), allocating no buffers in steady state. */
    public void predict(Tensor images, int[] classesOut) {
        int n = samples(images);
        if (classesOut.length != n) {
            throw new ShapeMismatchException(n + " samples but an output of " + classesOut.length + " classes");
        }
        forEachChunk(images, n, (from, scores, classes) -> {
            TensorOps.argmaxRows(scores, classes);
            System.arraycopy(classes, 0, classesOut, from, classes.length);
        });
    }

    /** The class scores, [n, classes]: the training network's outputs in evaluation mode. */
    public Tensor scores(Tensor images) {
        int n = samples(images);
        Tensor out = Tensor.zeros(n, classes);
        scores(images, out);
        return out;
    }

    /** {@link #scores(Tensor)} into {@code out} ([n, classes]). */
    public void scores(Tensor images, Tensor out) {
        int n = samples(images);
        out.requireShape("scores output", n, classes);
        forEachChunk(images, n, (from, scores, unused) -> System.arraycopy(scores.data(), scores.offset(), out.data(),
                out.offset() + from * classes, scores.size()));
    }

    /** Receives one chunk's scores, with a buffer of one class per sample of the chunk (the workspace's). */
    @FunctionalInterface
    private interface ChunkSink {
        void accept(int from, Tensor scores, int[] classes);
    }

    private void forEachChunk(Tensor images, int n, ChunkSink sink) {
        int per = FrozenLayer.elements(inputShape);
        Tensor flat = images.reshape(n, per);
        for (int from = 0; from < n; from += MAX_CHUNK) {
            int batch = Math.min(MAX_CHUNK, n - from);
            Object[] ws = borrow(batch);
            try {
                Activation a = Activation.of(flat.slice(from, from + batch));
                for (int i = 0; i < layers.size(); i++) {
                    a = layers.get(i).run(engine, a, batch, ws[i]);
                }
                sink.accept(from, a.floats, (int[]) ws[layers.size()]);
            } finally {
                giveBack(batch, ws);
            }
        }
    }

    private Object[] borrow(int batch) {
        ConcurrentLinkedQueue<Object[]> pool = workspaces.get(batch);
        Object[] ws = pool == null ? null : pool.poll();
        if (ws != null) {
            return ws;
        }
        ws = new Object[layers.size() + 1];
        for (int i = 0; i < layers.size(); i++) {
            ws[i] = layers.get(i).scratch(batch);
        }
        ws[layers.size()] = new int[batch]; // predict's classes
        return ws;
    }

    private void giveBack(int batch, Object[] ws) {
        if (workspaces.size() >= MAX_BATCH_SIZES && !workspaces.containsKey(batch)) {
            workspaces.clear(); // many batch sizes: keep memory bounded, rebuild on demand
        }
        workspaces.computeIfAbsent(batch, b -> new ConcurrentLinkedQueue<>()).add(ws);
    }

    /** Releases the threads of a loaded model (a model built with {@link #of} leaves its Parallelism to its owner). */
    @Override
    public void close() {
        if (ownsParallelism) {
            engine.parallelism.close();
        }
    }

    @Override
    public String toString() {
        return "InferenceModel(" + ShapeMismatchException.format(inputShape) + " -> " + classes + " classes, " + layers.size()
                + " layers)";
    }
}
