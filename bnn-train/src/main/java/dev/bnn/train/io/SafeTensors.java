package dev.bnn.train.io;

import dev.bnn.core.Tensor;
import dev.bnn.core.io.AtomicFile;
import dev.bnn.core.io.Json;
import dev.bnn.train.io.ModelFileException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors layout (see {@code docs/model-format.md}): an unsigned 64-bit little-endian
 * header length N, N bytes of UTF-8 JSON (padded with spaces to a multiple of 8), then the
 * tensors' raw little-endian bytes back to back. Each tensor's header entry gives
 * {@code dtype} ("F32"), {@code shape} and {@code data_offsets} [begin, end) relative to the
 * first byte after the header; {@code "__metadata__"} maps strings to strings.
 *
 * <p>Writing computes the SHA-256 of the tensor bytes first and stores it in the metadata, then
 * writes the file through {@link AtomicFile}, so a reader sees the old file or the new one,
 * never a half-written one. Reading checks
 * every length against the file's size before allocating.
 */
final class SafeTensors {
    /** Header lengths above this are not plausible (the reference implementation's limit is 100 MB). */
    static final long MAX_HEADER_BYTES = 100_000_000;
    private static final int CHUNK_BYTES = 1 << 20;

    private SafeTensors() {}

    /** Tensors in file order and the metadata of a file read by {@link #read}. */
    record Contents(Map<String, Tensor> tensors, Map<String, String> metadata, String sha256) {}

    /**
     * Writes {@code tensors} (in map order) and {@code metadata} plus {@code checksumKey} -&gt;
     * the hex SHA-256 of the tensor bytes, atomically.
     */
    static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, String checksumKey)
            throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) {
            forEachChunk(t, chunk, b -> sha.update(b));
        }
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(checksumKey, HexFormat.of().formatHex(sha.digest()));
        header.put("__metadata__", meta);
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("a tensor cannot be named __metadata__");
            }
            long bytes = 4L * e.getValue().size();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", toList(e.getValue().shape()));
            entry.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), entry);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();

        AtomicFile.write(file, ch -> {
            AtomicFile.writeFully(ch, head);
            for (Tensor t : tensors.values()) {
                forEachChunk(t, chunk, b -> AtomicFile.writeFully(ch, b));
            }
        });
    }

    /**
     * Reads a whole file, verifying its layout and computing the SHA-256 of its tensor bytes.
     *
     * @throws ModelFileException NOT_A_MODEL, TRUNCATED or CORRUPT, saying what was found where
     */
    static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new ModelFileException(file, size == 0 ? Problem.NOT_A_MODEL : Problem.TRUNCATED,
                        "the file has " + size + " bytes, fewer than the 8 of the header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lengthBytes, 0, file);
            long n = lengthBytes.flip().getLong();
            if (n < 2 || n > MAX_HEADER_BYTES) {
                throw new ModelFileException(file, Problem.NOT_A_MODEL, "bytes 0-7 give a header length of "
                        + Long.toUnsignedString(n) + ", outside the plausible 2.." + MAX_HEADER_BYTES + " (not a safetensors file)");
            }
            if (n > size - 8) {
                throw new ModelFileException(file, Problem.TRUNCATED, "the header needs bytes 8.." + (8 + n)
                        + " but the file has " + size + " bytes");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(ch, headerBytes, 8, file);
            if (headerBytes.get(0) != '{') {
                throw new ModelFileException(file, Problem.NOT_A_MODEL, "the header at byte 8 does not start with '{' (not a safetensors file)");
            }
            Map<String, Object> header;
            try {
                header = Json.parseObject(new String(headerBytes.array(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(file, Problem.CORRUPT, "the JSON header (bytes 8.." + (8 + n) + ") is malformed: "
                        + e.getMessage(), e);
            }
            Map<String, String> metadata = metadata(file, header.remove("__metadata__"));
            List<Entry> entries = entries(file, header);
            long dataStart = 8 + n;
            long dataBytes = size - dataStart;
            long end = 0;
            for (Entry e : entries) {
                if (e.begin != end) {
                    throw new ModelFileException(file, Problem.CORRUPT, "tensor " + e.name + " starts at data offset " + e.begin
                            + " but the previous tensor ends at " + end + " (tensors must be back to back)");
                }
                end = e.end;
            }
            if (end > dataBytes) {
                throw new ModelFileException(file, Problem.TRUNCATED, "the tensors need " + end + " bytes after the header (up to byte "
                        + (dataStart + end) + ") but the file has " + dataBytes + " (" + size + " in all)");
            }
            if (end < dataBytes) {
                throw new ModelFileException(file, Problem.CORRUPT, (dataBytes - end) + " bytes follow the last tensor, which ends at byte "
                        + (dataStart + end));
            }
            MessageDigest sha = sha256();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                Tensor t = Tensor.zeros(e.shape);
                float[] data = t.data();
                long at = dataStart + e.begin;
                int done = 0;
                while (done < data.length) {
                    int floats = Math.min(data.length - done, CHUNK_BYTES / 4);
                    chunk.clear().limit(floats * 4);
                    readFully(ch, chunk, at, file);
                    sha.update(chunk.array(), 0, floats * 4);
                    chunk.flip();
                    chunk.asFloatBuffer().get(data, done, floats);
                    done += floats;
                    at += floats * 4L;
                }
                tensors.put(e.name, t);
            }
            return new Contents(tensors, metadata, HexFormat.of().formatHex(sha.digest()));
        }
    }

    private record Entry(String name, int[] shape, long begin, long end) {}

    private static Map<String, String> metadata(Path file, Object raw) throws ModelFileException {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (raw == null) {
            return metadata;
        }
        if (!(raw instanceof Map<?, ?> m)) {
            throw new ModelFileException(file, Problem.CORRUPT, "__metadata__ is not an object");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new ModelFileException(file, Problem.CORRUPT, "__metadata__ entry " + e.getKey() + " is not a string");
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    private static List<Entry> entries(Path file, Map<String, Object> header) throws ModelFileException {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            String name = e.getKey();
            if (!(e.getValue() instanceof Map<?, ?> m)) {
                throw new ModelFileException(file, Problem.CORRUPT, "header entry " + name + " is not an object");
            }
            if (!"F32".equals(m.get("dtype"))) {
                throw new ModelFileException(file, Problem.CORRUPT, "tensor " + name + " has dtype " + m.get("dtype")
                        + "; bnn model files hold F32 tensors only");
            }
            long[] shape = longs(file, name, "shape", m.get("shape"));
            long[] offsets = longs(file, name, "data_offsets", m.get("data_offsets"));
            if (offsets.length != 2 || offsets[0] > offsets[1]) {
                throw new ModelFileException(file, Problem.CORRUPT, "tensor " + name + " has data_offsets " + m.get("data_offsets")
                        + ", not [begin, end] with begin <= end");
            }
            long elements = 1;
            int[] dims = new int[shape.length];
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] > Integer.MAX_VALUE) {
                    throw new ModelFileException(file, Problem.CORRUPT, "tensor " + name + " has shape " + m.get("shape")
                            + ", too large for one array");
                }
                dims[i] = (int) shape[i];
                elements = Math.multiplyHigh(elements, shape[i]) != 0 ? Long.MAX_VALUE : elements * shape[i];
                if (elements > Integer.MAX_VALUE - 8) {
                    throw new ModelFileException(file, Problem.CORRUPT, "tensor " + name + " has shape " + m.get("shape")
                            + ", too large for one array");
                }
            }
            if (offsets[1] - offsets[0] != 4 * elements) {
                throw new ModelFileException(file, Problem.CORRUPT, "tensor " + name + " of shape " + m.get("shape") + " needs "
                        + 4 * elements + " bytes but its data_offsets " + m.get("data_offsets") + " span " + (offsets[1] - offsets[0]));
            }
            entries.add(new Entry(name, dims, offsets[0], offsets[1]));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        return entries;
    }

    private static long[] longs(Path file, String tensor, String key, Object raw) throws ModelFileException {
        if (!(raw instanceof List<?> list)) {
            throw new ModelFileException(file, Problem.CORRUPT, "tensor " + tensor + " has no " + key + " list");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw new ModelFileException(file, Problem.CORRUPT, "tensor " + tensor + " has " + key + " " + raw
                        + ", not a list of non-negative integers");
            }
            out[i] = v;
        }
        return out;
    }

    private interface ChunkSink {
        void accept(ByteBuffer bytes) throws IOException;
    }

    /** Hands the little-endian bytes of {@code t} to {@code sink}, one chunk at a time. */
    private static void forEachChunk(Tensor t, ByteBuffer chunk, ChunkSink sink) throws IOException {
        int done = 0;
        while (done < t.size()) {
            int floats = Math.min(t.size() - done, chunk.capacity() / 4);
            chunk.clear();
            chunk.asFloatBuffer().put(t.data(), t.offset() + done, floats);
            chunk.limit(floats * 4);
            sink.accept(chunk);
            done += floats;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position, Path file) throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) {
                throw new ModelFileException(file, Problem.TRUNCATED, "the file ends at byte " + at + " while reading up to byte "
                        + (at + b.remaining()));
            }
            at += n;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static List<Long> toList(int[] shape) {
        List<Long> l = new ArrayList<>(shape.length);
        for (int d : shape) {
            l.add((long) d);
        }
        return l;
    }
}
