package dev.bnn.core.io;

import dev.bnn.core.Tensor;
import dev.bnn.core.io.ModelFileException.Problem;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The safetensors layout, shared by the training model file ({@code docs/model-format.md}) and the
 * frozen inference file ({@code docs/deploy-format.md}): an unsigned 64-bit little-endian header
 * length N, N bytes of UTF-8 JSON (padded with spaces to a multiple of 8), then the tensors' raw
 * little-endian bytes back to back. Each tensor's header entry gives {@code dtype} (one of
 * {@link DType}), {@code shape} and {@code data_offsets} [begin, end) relative to the first byte
 * after the header; {@code "__metadata__"} maps strings to strings.
 *
 * <p>Writing computes the SHA-256 of the tensor bytes (the data section) first and stores it in the
 * metadata, then writes the file through {@link AtomicFile}, so a reader sees the old file or the
 * new one, never a half-written one. Reading checks every length, shape and offset against the
 * file's size before allocating, so a hostile header cannot make it allocate more than the file
 * holds.
 */
public final class SafeTensors {
    /** Header lengths above this are not plausible (the reference implementation's limit is 100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000;
    private static final int CHUNK_BYTES = 1 << 20;

    private SafeTensors() {}

    /** The element types bnn files use, with their size in bytes. */
    public enum DType {
        F32(4), I32(4), U64(8), U8(1);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per element. */
        public int bytes() {
            return bytes;
        }
    }

    /**
     * One stored tensor: its dtype, shape and values, a {@code float[]} (F32), {@code int[]}
     * (I32), {@code long[]} (U64) or {@code byte[]} (U8) of exactly the shape's element count
     * (row-major). Not copied.
     */
    public record Entry(DType dtype, int[] shape, Object values) {
        public Entry {
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(values, "values");
            shape = shape.clone();
            long elements = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                elements *= d;
            }
            int length = switch (dtype) {
                case F32 -> ((float[]) values).length;
                case I32 -> ((int[]) values).length;
                case U64 -> ((long[]) values).length;
                case U8 -> ((byte[]) values).length;
            };
            if (length != elements) {
                throw new IllegalArgumentException(dtype + " tensor of shape " + Arrays.toString(shape) + " needs "
                        + elements + " values but has " + length);
            }
        }

        /** An F32 entry with a copy of {@code t}'s window. */
        public static Entry of(Tensor t) {
            float[] v = new float[t.size()];
            System.arraycopy(t.data(), t.offset(), v, 0, v.length);
            return new Entry(DType.F32, t.shape(), v);
        }

        public static Entry f32(float[] values, int... shape) {
            return new Entry(DType.F32, shape, values);
        }

        public static Entry i32(int[] values, int... shape) {
            return new Entry(DType.I32, shape, values);
        }

        public static Entry u64(long[] values, int... shape) {
            return new Entry(DType.U64, shape, values);
        }

        public static Entry u8(byte[] values, int... shape) {
            return new Entry(DType.U8, shape, values);
        }

        /** Number of elements. */
        public int elements() {
            return switch (dtype) {
                case F32 -> ((float[]) values).length;
                case I32 -> ((int[]) values).length;
                case U64 -> ((long[]) values).length;
                case U8 -> ((byte[]) values).length;
            };
        }

        /** Bytes in the data section. */
        public long byteCount() {
            return (long) elements() * dtype.bytes();
        }

        /** The shape (a copy). */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** The values of an F32 entry as a tensor (no copy). */
        public Tensor tensor() {
            return Tensor.wrap(require(DType.F32, float[].class), shape);
        }

        public float[] floats() {
            return require(DType.F32, float[].class);
        }

        public int[] ints() {
            return require(DType.I32, int[].class);
        }

        public long[] longs() {
            return require(DType.U64, long[].class);
        }

        public byte[] bytes() {
            return require(DType.U8, byte[].class);
        }

        private <T> T require(DType expected, Class<T> type) {
            if (dtype != expected) {
                throw new IllegalStateException("a " + dtype + " tensor read as " + expected);
            }
            return type.cast(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && dtype == e.dtype && Arrays.equals(shape, e.shape)
                    && Objects.deepEquals(values, e.values);
        }

        @Override
        public int hashCode() {
            return 31 * dtype.hashCode() + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return dtype + Arrays.toString(shape);
        }
    }

    /**
     * A file read by {@link #read}: entries in file order, the metadata, the SHA-256 of the data
     * section and (when asked for) of the whole file ({@link Checksum#FILE}; else null) as computed
     * while reading, and the header length (the 8 length bytes included).
     */
    public record Contents(Map<String, Entry> entries, Map<String, String> metadata, String sha256, String fileSha256,
                           long headerBytes) {
        /**
         * The entries as F32 tensors.
         *
         * @throws ModelFileException CORRUPT naming the first entry of another dtype
         */
        public Map<String, Tensor> tensors(Path file) throws ModelFileException {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                if (e.getValue().dtype() != DType.F32) {
                    throw new ModelFileException(file, Problem.CORRUPT, "tensor " + e.getKey() + " has dtype "
                            + e.getValue().dtype() + "; this file holds F32 tensors only");
                }
                out.put(e.getKey(), e.getValue().tensor());
            }
            return out;
        }
    }

    /** Writes F32 tensors: {@link #write(Path, Map, Map, String)} with each tensor's window copied. */
    public static void writeTensors(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, String checksumKey)
            throws IOException {
        writeTensors(file, tensors, metadata, checksumKey, Checksum.DATA);
    }

    /** Writes F32 tensors with the checksum over {@code coverage}, each tensor's window copied. */
    public static void writeTensors(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, String checksumKey,
                                    Checksum coverage) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        tensors.forEach((k, v) -> entries.put(k, Entry.of(v)));
        write(file, entries, metadata, checksumKey, coverage);
    }

    /** What the stored SHA-256 covers. */
    public enum Checksum {
        /** The data section only (the training model file, format version 1). */
        DATA,
        /**
         * The whole file, header included, with the 64 hex digits of the checksum itself read as
         * '0' characters: a changed byte anywhere is detected.
         */
        FILE
    }

    /** {@link #write(Path, Map, Map, String, Checksum)} with the checksum over the data section. */
    public static long write(Path file, Map<String, Entry> entries, Map<String, String> metadata, String checksumKey)
            throws IOException {
        return write(file, entries, metadata, checksumKey, Checksum.DATA);
    }

    /**
     * Writes {@code entries} (in map order) and {@code metadata} plus {@code checksumKey} -&gt; the
     * hex SHA-256 of what {@code coverage} names, atomically.
     *
     * @return the length of the header, the 8 length bytes included
     * @throws IllegalArgumentException if an entry is named {@code __metadata__}
     */
    public static long write(Path file, Map<String, Entry> entries, Map<String, String> metadata, String checksumKey,
                             Checksum coverage) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (coverage == Checksum.DATA) {
            for (Entry t : entries.values()) {
                forEachChunk(t, chunk, b -> sha.update(b));
            }
        }
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(checksumKey, coverage == Checksum.DATA ? HexFormat.of().formatHex(sha.digest()) : PLACEHOLDER);
        header.put("__metadata__", meta);
        long offset = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("a tensor cannot be named __metadata__");
            }
            long bytes = e.getValue().byteCount();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", e.getValue().dtype().name());
            entry.put("shape", toList(e.getValue().shape));
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
        if (coverage == Checksum.FILE) {
            sha.update(head.duplicate());
            for (Entry t : entries.values()) {
                forEachChunk(t, chunk, b -> sha.update(b));
            }
            byte[] hex = HexFormat.of().formatHex(sha.digest()).getBytes(StandardCharsets.US_ASCII);
            head.put(8 + checksumAt(json, checksumKey), hex);
        }

        AtomicFile.write(file, ch -> {
            AtomicFile.writeFully(ch, head);
            for (Entry t : entries.values()) {
                forEachChunk(t, chunk, b -> AtomicFile.writeFully(ch, b));
            }
        });
        return 8L + padded;
    }

    /**
     * Reads a whole file, verifying its layout and computing the SHA-256 of its data section.
     *
     * @throws ModelFileException NOT_A_MODEL, TRUNCATED or CORRUPT, saying what was found where
     */
    public static Contents read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads a whole file as {@link #read(Path)} does; with {@code fileChecksumKey}, also the SHA-256
     * of the whole file ({@link Contents#fileSha256()}, {@link Checksum#FILE}), the stored value of
     * that key read as '0' characters.
     */
    public static Contents read(Path file, String fileChecksumKey) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] rawHeader = rawHeader(ch, file);
            Map<String, Object> header = parse(rawHeader, file);
            long n = rawHeader.length;
            Map<String, String> metadata = metadata(file, header.remove("__metadata__"));
            List<Slot> slots = slots(file, header);
            long dataStart = 8 + n;
            long dataBytes = size - dataStart;
            long end = 0;
            for (Slot e : slots) {
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
            MessageDigest whole = fileChecksumKey == null ? null : sha256();
            if (whole != null) {
                byte[] zeroed = rawHeader.clone();
                String stored = metadata.get(fileChecksumKey);
                int at = stored == null || stored.length() != PLACEHOLDER.length() ? -1 : checksumAt(zeroed, fileChecksumKey);
                if (at >= 0) {
                    System.arraycopy(PLACEHOLDER.getBytes(StandardCharsets.US_ASCII), 0, zeroed, at, PLACEHOLDER.length());
                }
                whole.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n).array());
                whole.update(zeroed);
            }
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Slot e : slots) {
                entries.put(e.name, readEntry(ch, file, e, dataStart + e.begin, chunk, sha, whole));
            }
            return new Contents(entries, metadata, HexFormat.of().formatHex(sha.digest()),
                    whole == null ? null : HexFormat.of().formatHex(whole.digest()), dataStart);
        }
    }

    /**
     * The {@code __metadata__} of a file, reading only its header (e.g. to tell a training model
     * file from a frozen one before loading either).
     *
     * @throws ModelFileException NOT_A_MODEL, TRUNCATED or CORRUPT as {@link #read} does for the header
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return metadata(file, parse(rawHeader(ch, file), file).get("__metadata__"));
        }
    }

    /** The header length N of bytes 0-7, checked against the plausible range and the file's size. */
    private static long headerLength(FileChannel ch, Path file) throws IOException {
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
        return n;
    }

    /** The header bytes (after the 8 length bytes), checked to look like a JSON object. */
    private static byte[] rawHeader(FileChannel ch, Path file) throws IOException {
        long n = headerLength(ch, file);
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        readFully(ch, headerBytes, 8, file);
        if (headerBytes.get(0) != '{') {
            throw new ModelFileException(file, Problem.NOT_A_MODEL, "the header at byte 8 does not start with '{' (not a safetensors file)");
        }
        return headerBytes.array();
    }

    private static Map<String, Object> parse(byte[] header, Path file) throws ModelFileException {
        try {
            return Json.parseObject(new String(header, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, Problem.CORRUPT, "the JSON header (bytes 8.." + (8 + header.length)
                    + ") is malformed: " + e.getMessage(), e);
        }
    }

    /** 64 '0' characters: the checksum's place while the whole file is hashed. */
    private static final String PLACEHOLDER = "0".repeat(64);

    /** The offset in {@code json} of the 64 characters of the value of {@code "key":"...}, or -1. */
    private static int checksumAt(byte[] json, String key) {
        byte[] prefix = ("\"" + key + "\":\"").getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + prefix.length + PLACEHOLDER.length() <= json.length; i++) {
            for (int k = 0; k < prefix.length; k++) {
                if (json[i + k] != prefix[k]) {
                    continue outer;
                }
            }
            return i + prefix.length;
        }
        return -1;
    }

    private static Entry readEntry(FileChannel ch, Path file, Slot e, long at, ByteBuffer chunk, MessageDigest sha,
                                   MessageDigest whole) throws IOException {
        int count = (int) e.elements;
        int size = e.dtype.bytes();
        Object values = switch (e.dtype) {
            case F32 -> new float[count];
            case I32 -> new int[count];
            case U64 -> new long[count];
            case U8 -> new byte[count];
        };
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, CHUNK_BYTES / size);
            chunk.clear().limit(n * size);
            readFully(ch, chunk, at, file);
            sha.update(chunk.array(), 0, n * size);
            if (whole != null) {
                whole.update(chunk.array(), 0, n * size);
            }
            chunk.flip();
            switch (e.dtype) {
                case F32 -> chunk.asFloatBuffer().get((float[]) values, done, n);
                case I32 -> chunk.asIntBuffer().get((int[]) values, done, n);
                case U64 -> chunk.asLongBuffer().get((long[]) values, done, n);
                case U8 -> chunk.get((byte[]) values, done, n);
            }
            done += n;
            at += (long) n * size;
        }
        return new Entry(e.dtype, e.shape, values);
    }

    private record Slot(String name, DType dtype, int[] shape, long elements, long begin, long end) {}

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

    private static List<Slot> slots(Path file, Map<String, Object> header) throws ModelFileException {
        List<Slot> slots = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            String name = e.getKey();
            if (!(e.getValue() instanceof Map<?, ?> m)) {
                throw new ModelFileException(file, Problem.CORRUPT, "header entry " + name + " is not an object");
            }
            DType dtype;
            try {
                dtype = DType.valueOf(String.valueOf(m.get("dtype")));
            } catch (IllegalArgumentException ex) {
                throw new ModelFileException(file, Problem.CORRUPT, "tensor " + name + " has dtype " + m.get("dtype")
                        + "; bnn files hold " + Arrays.toString(DType.values()) + " only");
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
            if (offsets[1] - offsets[0] != elements * dtype.bytes()) {
                throw new ModelFileException(file, Problem.CORRUPT, "tensor " + name + " of dtype " + dtype + " and shape "
                        + m.get("shape") + " needs " + elements * dtype.bytes() + " bytes but its data_offsets "
                        + m.get("data_offsets") + " span " + (offsets[1] - offsets[0]));
            }
            slots.add(new Slot(name, dtype, dims, elements, offsets[0], offsets[1]));
        }
        slots.sort(Comparator.comparingLong(Slot::begin).thenComparingLong(Slot::end));
        return slots;
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
    private static void forEachChunk(Entry t, ByteBuffer chunk, ChunkSink sink) throws IOException {
        int size = t.dtype().bytes();
        int count = t.elements();
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, chunk.capacity() / size);
            chunk.clear();
            switch (t.dtype()) {
                case F32 -> chunk.asFloatBuffer().put((float[]) t.values(), done, n);
                case I32 -> chunk.asIntBuffer().put((int[]) t.values(), done, n);
                case U64 -> chunk.asLongBuffer().put((long[]) t.values(), done, n);
                case U8 -> chunk.put((byte[]) t.values(), done, n).rewind();
            }
            chunk.limit(n * size);
            sink.accept(chunk);
            done += n;
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
