package dev.bnn.train.io;

import dev.bnn.core.Tensor;
import dev.bnn.core.io.Json;
import dev.bnn.core.io.ModelFileException;
import dev.bnn.core.io.SafeTensors;
import dev.bnn.core.io.ModelFileException.Problem;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Modules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bnn model file: a safetensors file (see {@code docs/model-format.md} for the byte layout)
 * holding a network's architecture and its full training state, so that loading rebuilds the
 * network with its latent (real-valued) weights, batch norm statistics and random-stream
 * counters exactly, not only the signs of the weights.
 *
 * <p>Tensors: every entry of {@link Module#state()} under its dotted name ({@code 0.weight},
 * {@code 1.running_mean}), then the caller's extra tensors (data preprocessing such as a ZCA
 * matrix, optimizer state in a checkpoint). {@code __metadata__}: {@value #FORMAT_KEY} =
 * {@value #FORMAT}, {@value #VERSION_KEY} = {@value #VERSION}, {@value #ARCHITECTURE_KEY} = the
 * JSON of {@link Module#config()}, {@value #CHECKSUM_KEY} = hex SHA-256 of the whole file, header
 * included (its own 64 digits read as '0's: {@link SafeTensors.Checksum#FILE}), and the caller's
 * entries (e.g. {@code training}: the training configuration as JSON). Version-1 files, whose
 * {@value #V1_CHECKSUM_KEY} covered the tensor bytes only, still load, with a warning that their
 * header is unchecked.
 *
 * <p>Writes are atomic (temporary file in the same folder, fsync, rename). Reading a file that
 * is truncated, corrupt, of another format version, of another architecture, or not a bnn model
 * throws one {@link ModelFileException} whose {@link ModelFileException#problem()} says which.
 */
public final class ModelFile {
    public static final String FORMAT = "bnn-model";
    public static final int VERSION = 2;
    public static final String FORMAT_KEY = "format";
    public static final String VERSION_KEY = "format_version";
    public static final String ARCHITECTURE_KEY = "architecture";
    public static final String CHECKSUM_KEY = "file_sha256";
    /** Version 1's checksum: the tensor bytes only. */
    public static final String V1_CHECKSUM_KEY = "tensors_sha256";
    private static final Set<String> RESERVED = Set.of(FORMAT_KEY, VERSION_KEY, ARCHITECTURE_KEY, CHECKSUM_KEY, V1_CHECKSUM_KEY);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelFile.class);

    private ModelFile() {}

    /**
     * A loaded model file: the network (rebuilt, or the one passed to {@link #loadInto}), the
     * caller's metadata entries (without the reserved ones) and the extra tensors.
     */
    public record Contents(Module network, Map<String, String> metadata, Map<String, Tensor> extraTensors) {}

    /** Saves {@code network} with no extra entries. */
    public static void save(Path file, Module network) throws IOException {
        save(file, network, Map.of(), Map.of());
    }

    /**
     * Saves {@code network}'s architecture and state with the caller's {@code metadata} and
     * {@code extraTensors}, atomically.
     *
     * @throws IllegalArgumentException if a metadata key is reserved or an extra tensor's name
     *     is also a name in the network's state
     */
    public static void save(Path file, Module network, Map<String, String> metadata, Map<String, Tensor> extraTensors)
            throws IOException {
        for (String key : metadata.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("model file metadata key '" + key + "' is reserved (" + RESERVED + ")");
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>(network.state());
        for (Map.Entry<String, Tensor> e : extraTensors.entrySet()) {
            if (tensors.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("extra tensor '" + e.getKey() + "' has the name of a tensor of the network");
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, FORMAT);
        meta.put(VERSION_KEY, Integer.toString(VERSION));
        meta.put(ARCHITECTURE_KEY, Json.write(network.config()));
        meta.putAll(metadata);
        SafeTensors.writeTensors(file, tensors, meta, CHECKSUM_KEY, SafeTensors.Checksum.FILE);
    }

    /** Loads a model file and rebuilds its network from the stored architecture. */
    public static Contents load(Path file) throws IOException {
        SafeTensors.Contents c = readChecked(file);
        Module network;
        try {
            network = Modules.fromConfig(Json.parseObject(c.metadata().get(ARCHITECTURE_KEY)));
        } catch (RuntimeException e) {
            throw new ModelFileException(file, Problem.WRONG_ARCHITECTURE, "cannot rebuild the network from the stored architecture: "
                    + e.getMessage(), e);
        }
        if (!"1".equals(c.metadata().get(VERSION_KEY))) {
            // every entry read and none defaulted: the rebuilt network describes itself exactly as stored
            List<String> differences = new ArrayList<>();
            differences("", Json.parse(c.metadata().get(ARCHITECTURE_KEY)), Json.parse(Json.write(network.config())), differences);
            if (!differences.isEmpty()) {
                throw new ModelFileException(file, Problem.CORRUPT, "the stored architecture has entries the network does not "
                        + "read back as written (unknown, missing or out of range): " + String.join("; ",
                        differences.subList(0, Math.min(5, differences.size()))).replace("network ", "rebuilt "));
            }
        }
        return restore(file, c, network);
    }

    /**
     * Loads a model file into {@code network}, whose architecture ({@link Module#config()}) must
     * equal the stored one: e.g. to resume training into the network the caller built.
     */
    public static Contents loadInto(Path file, Module network) throws IOException {
        SafeTensors.Contents c = readChecked(file);
        String expected = Json.write(network.config());
        String stored = c.metadata().get(ARCHITECTURE_KEY);
        if (!Json.parse(expected).equals(Json.parse(stored)) && !Json.parse(expected).equals(asWrittenNow(stored))) {
            List<String> differences = new ArrayList<>();
            differences("", Json.parse(stored), Json.parse(expected), differences);
            throw new ModelFileException(file, Problem.WRONG_ARCHITECTURE, "the file's architecture differs from the network's in "
                    + differences.size() + " place" + (differences.size() == 1 ? "" : "s") + ": "
                    + String.join("; ", differences.subList(0, Math.min(5, differences.size())))
                    + (differences.size() > 5 ? "; ..." : ""));
        }
        return restore(file, c, network);
    }

    /** Appends "path: file X, network Y" for every place where the two JSON trees differ. */
    private static void differences(String path, Object file, Object network, List<String> out) {
        if (file instanceof Map<?, ?> a && network instanceof Map<?, ?> b) {
            Set<Object> keys = new LinkedHashSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (Object k : keys) {
                differences(path.isEmpty() ? String.valueOf(k) : path + "." + k, a.get(k), b.get(k), out);
            }
        } else if (file instanceof List<?> a && network instanceof List<?> b && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                differences(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else if (!java.util.Objects.equals(file, network)) {
            out.add((path.isEmpty() ? "the whole architecture" : path) + ": file " + brief(file) + ", network " + brief(network));
        }
    }

    private static String brief(Object v) {
        String s = v == null ? "nothing" : v instanceof Map || v instanceof List ? Json.write(v) : String.valueOf(v);
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    /**
     * The stored architecture as this version writes it (rebuilt and described again), so that a file
     * written before a config entry was corrected still loads into the same network: e.g. a real-input
     * {@code BinaryConv2d} recorded {@code "padding_mode": "plus_one"} although it pads with 0. Null
     * when the stored architecture cannot be rebuilt.
     */
    private static Object asWrittenNow(String stored) {
        try {
            return Json.parse(Json.write(Modules.fromConfig(Json.parseObject(stored)).config()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Reads and checks format, version, architecture entry and checksum. */
    private static SafeTensors.Contents readChecked(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file, CHECKSUM_KEY);
        Map<String, String> m = c.metadata();
        if (!FORMAT.equals(m.get(FORMAT_KEY))) {
            throw new ModelFileException(file, Problem.NOT_A_MODEL, "a safetensors file whose __metadata__ has " + FORMAT_KEY + " = "
                    + (m.containsKey(FORMAT_KEY) ? "'" + m.get(FORMAT_KEY) + "'" : "nothing") + ", not '" + FORMAT + "'");
        }
        boolean v1 = "1".equals(m.get(VERSION_KEY));
        if (!v1 && !Integer.toString(VERSION).equals(m.get(VERSION_KEY))) {
            throw new ModelFileException(file, Problem.WRONG_VERSION, "format version '" + m.get(VERSION_KEY)
                    + "'; this bnn reads versions 1 and " + VERSION);
        }
        if (m.get(ARCHITECTURE_KEY) == null) {
            throw new ModelFileException(file, Problem.CORRUPT, "__metadata__ has no " + ARCHITECTURE_KEY);
        }
        String stored = m.get(v1 ? V1_CHECKSUM_KEY : CHECKSUM_KEY);
        String actual = v1 ? c.sha256() : c.fileSha256();
        if (!actual.equals(stored)) {
            throw new ModelFileException(file, Problem.CORRUPT, (v1 ? "the tensor bytes have" : "the file has") + " SHA-256 "
                    + actual + " but the header records " + stored + (v1 ? "" : " (a byte changed in the header or the data)"));
        }
        if (v1) {
            LOG.warn("{}: a version-1 model file, whose checksum covers the tensors but not the header (architecture, "
                    + "preprocessing, metadata); saving it again writes version {}", file, VERSION);
        }
        return c;
    }

    private static Contents restore(Path file, SafeTensors.Contents c, Module network) throws ModelFileException {
        Map<String, Tensor> all = c.tensors(file);
        Map<String, Tensor> state = new LinkedHashMap<>();
        Set<String> missing = new TreeSet<>();
        Set<String> names = new LinkedHashSet<>(network.namedParameters().keySet());
        names.addAll(network.buffers().keySet());
        for (String name : names) {
            Tensor t = all.get(name);
            if (t == null) {
                missing.add(name);
            } else {
                state.put(name, t);
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelFileException(file, Problem.WRONG_ARCHITECTURE, "the network's state entries " + missing
                    + " are not in the file");
        }
        try {
            network.loadState(state);
        } catch (RuntimeException e) {
            throw new ModelFileException(file, Problem.WRONG_ARCHITECTURE, e.getMessage(), e);
        }
        Map<String, Tensor> extras = new LinkedHashMap<>(all);
        extras.keySet().removeAll(state.keySet());
        Map<String, String> metadata = new LinkedHashMap<>(c.metadata());
        metadata.keySet().removeAll(RESERVED);
        return new Contents(network, metadata, extras);
    }
}
