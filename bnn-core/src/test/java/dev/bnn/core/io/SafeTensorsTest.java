package dev.bnn.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.io.ModelFileException.Problem;
import dev.bnn.core.io.SafeTensors.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> tensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", Tensor.wrap(new float[] {1f, -2f, 0.5f, -0f, Float.MIN_VALUE, Float.NaN}, 2, 3));
        // a view with an offset: only its own window is written
        t.put("b.c", Tensor.uniform(Seeds.generator(1), -1, 1, 300_000).slice(299_990, 300_000));
        t.put("empty", Tensor.zeros(0, 4));
        t.put("scalar", Tensor.wrap(new float[] {7f}));
        return t;
    }

    @Test
    void writesTheExactLayoutAndReadsItBack() throws Exception {
        Path f = dir.resolve("m.safetensors");
        Map<String, Tensor> tensors = tensors();
        SafeTensors.writeTensors(f, tensors, Map.of("format", "x"), "sha");
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        Map<String, Object> h = Json.parseObject(header.strip());
        assertEquals(Map.of("dtype", "F32", "shape", List.of(2L, 3L), "data_offsets", List.of(0L, 24L)), h.get("a"));
        assertEquals(Map.of("dtype", "F32", "shape", List.of(10L), "data_offsets", List.of(24L, 64L)), h.get("b.c"));
        assertEquals(Map.of("dtype", "F32", "shape", List.of(), "data_offsets", List.of(64L, 68L)), h.get("scalar"));
        assertEquals(8 + n + 68, bytes.length);
        // the first tensor's raw little-endian floats
        assertEquals(-2f, b.order(ByteOrder.LITTLE_ENDIAN).getFloat((int) (8 + n + 4)));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(bytes, (int) (8 + n), 68);
        String hex = HexFormat.of().formatHex(sha.digest());
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) h.get("__metadata__");
        assertEquals(Map.of("format", "x", "sha", hex), meta);

        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(hex, c.sha256());
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(c.tensors(f).keySet()));
        for (String name : tensors.keySet()) {
            assertEquals(tensors.get(name), c.tensors(f).get(name), name);
        }
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(c.tensors(f).get("a").data()[3]));
        assertEquals(Map.of("format", "x", "sha", hex), c.metadata());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void hostileAndBrokenFilesGiveOneClearError() throws Exception {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.writeTensors(f, tensors(), Map.of(), "sha");
        byte[] good = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();

        expect(Problem.NOT_A_MODEL, "outside the plausible", withLength(good, Long.MAX_VALUE));
        expect(Problem.NOT_A_MODEL, "outside the plausible", withLength(good, -1L));
        expect(Problem.NOT_A_MODEL, "fewer than the 8", new byte[0]);
        expect(Problem.TRUNCATED, "fewer than the 8", new byte[] {1, 2, 3});
        expect(Problem.TRUNCATED, "the header needs bytes 8..", java.util.Arrays.copyOf(good, 8 + (int) n / 2));
        expect(Problem.TRUNCATED, "the tensors need 68 bytes", java.util.Arrays.copyOf(good, good.length - 1));
        expect(Problem.CORRUPT, "4 bytes follow the last tensor", java.util.Arrays.copyOf(good, good.length + 4));
        expect(Problem.NOT_A_MODEL, "outside the plausible", "PK\u0003\u0004 this is a zip file, not a model".getBytes(StandardCharsets.ISO_8859_1));
        expect(Problem.NOT_A_MODEL, "does not start with '{'", withHeader("[1,2,3] ", 0));
        byte[] badJson = good.clone();
        badJson[9] = '!';
        expect(Problem.CORRUPT, "JSON header", badJson);
        expect(Problem.CORRUPT, "needs 24 bytes", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20));
        expect(Problem.CORRUPT, "dtype I64", withHeader("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8));
        expect(Problem.CORRUPT, "back to back", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8));
        expect(Problem.CORRUPT, "too large", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536],"
                + "\"data_offsets\":[0,8]}}", 8));
        expect(Problem.TRUNCATED, "the tensors need", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000000],"
                + "\"data_offsets\":[0,4000000000]}}", 8));
    }

    private void expect(Problem problem, String detail, byte[] content) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, content);
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.read(f));
        assertEquals(problem, e.problem(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ": " + problem + ": ") && e.getMessage().contains(detail), e.getMessage());
    }

    private static byte[] withLength(byte[] file, long n) {
        byte[] b = file.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return b;
    }

    private static byte[] withHeader(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    @Test
    void aFailedWriteLeavesTheOldFileIntact() throws Exception {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.writeTensors(f, tensors(), Map.of(), "sha");
        byte[] before = Files.readAllBytes(f);
        Map<String, Tensor> bad = new LinkedHashMap<>(tensors());
        bad.put("__metadata__", Tensor.zeros(1));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.writeTensors(f, bad, Map.of(), "sha"));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
    @Test
    void everyDtypeRoundTripsAndTheReaderNamesAForeignOne() throws Exception {
        Path f = dir.resolve("typed.safetensors");
        Map<String, Entry> entries = new LinkedHashMap<>();
        entries.put("w", Entry.u64(new long[] {-1L, 0x8000_0000_0000_0001L, 5L}, 3, 1));
        entries.put("t", Entry.i32(new int[] {Integer.MIN_VALUE, -3, 7}, 3));
        entries.put("n", Entry.u8(new byte[] {0, 1, (byte) 255}, 3));
        entries.put("s", Entry.f32(new float[] {1.5f, -0f}, 2));
        long header = SafeTensors.write(f, entries, Map.of("format", "y"), "sha");
        assertEquals(Files.size(f), header + 24 + 12 + 3 + 8);
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(entries, c.entries());
        assertEquals(header, c.headerBytes());
        ModelFileException e = assertThrows(ModelFileException.class, () -> c.tensors(f));
        assertTrue(e.getMessage().contains("tensor w has dtype U64"), e.getMessage());
    }
}
