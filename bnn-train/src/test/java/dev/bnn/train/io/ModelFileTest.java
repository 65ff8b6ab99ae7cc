package dev.bnn.train.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.io.Json;
import dev.bnn.core.io.ModelFileException;
import dev.bnn.core.io.ModelFileException.Problem;
import dev.bnn.core.io.SafeTensors;
import dev.bnn.train.layers.BatchNorm;
import dev.bnn.train.layers.BinaryConv2d;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.SignActivation;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.nn.Sequential;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    static Sequential network(int hidden) {
        Sequential net = new Sequential(new BinaryDense(5, hidden), new BatchNorm(hidden), new SignActivation(),
                BinaryDense.builder(hidden, 3).binaryInput().build(), new BatchNorm(3));
        net.reset(11);
        return net;
    }

    /** Moves the network away from its initial state: latent weights off the grid, running statistics updated. */
    static void perturb(Module net) {
        var rng = Seeds.generator(5);
        for (Parameter p : net.parameters()) {
            float[] d = p.value().data();
            for (int i = 0; i < p.value().size(); i++) {
                d[p.value().offset() + i] += (float) (0.01 * rng.nextGaussian());
            }
            p.markChanged();
        }
        net.train();
        net.forward(Tensor.gaussian(rng, 1, 20, 5));
    }

    @Test
    void aSavedAndLoadedModelPredictsIdentically() throws Exception {
        Sequential net = network(16);
        perturb(net);
        Path f = dir.resolve("model.safetensors");
        Tensor zca = Tensor.gaussian(Seeds.generator(2), 1, 5, 5);
        ModelFile.save(f, net, Map.of("training", "{\"epochs\":3}", "preprocessing", "zca"), Map.of("preprocess.zca", zca));

        ModelFile.Contents c = ModelFile.load(f);
        assertNotSame(net, c.network());
        assertEquals(net.toString(), c.network().toString());
        Map<String, Tensor> expected = net.state();
        Map<String, Tensor> actual = c.network().state();
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k).data(), actual.get(k).data(), 0f, "latent weights and buffers restored exactly: " + k);
        }
        assertEquals(Map.of("training", "{\"epochs\":3}", "preprocessing", "zca"), c.metadata());
        assertEquals(zca, c.extraTensors().get("preprocess.zca"));

        Tensor x = Tensor.gaussian(Seeds.generator(3), 1, 7, 5);
        net.eval();
        c.network().eval();
        assertArrayEquals(net.forward(x).copy().data(), c.network().forward(x).data(), 0f);

        Sequential same = network(16);
        ModelFile.loadInto(f, same);
        same.eval();
        assertArrayEquals(net.forward(x).copy().data(), same.forward(x).data(), 0f);
    }

    @Test
    void reservedKeysAndCollidingNamesAreRejectedOnSave() {
        Sequential net = network(4);
        Path f = dir.resolve("m.safetensors");
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(f, net, Map.of("architecture", "x"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(f, net, Map.of(), Map.of("0.weight", Tensor.zeros(1))));
    }

    @Test
    void everyKindOfBadFileSaysWhich() throws Exception {
        Sequential net = network(8);
        Path good = dir.resolve("good.safetensors");
        ModelFile.save(good, net);
        byte[] bytes = Files.readAllBytes(good);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();

        byte[] flipped = bytes.clone();
        flipped[(int) (8 + n + 5)] ^= 0x10;
        expect(Problem.CORRUPT, "SHA-256", flipped, null);
        expect(Problem.TRUNCATED, "bytes", java.util.Arrays.copyOf(bytes, bytes.length - 100), null);
        expect(Problem.WRONG_VERSION, "format version '3'", rewriteMetadata(net, "format_version", "3"), null);
        // one byte of the header (a digit of the architecture's batch-norm epsilon): covered by the checksum since version 2
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("1.0E-4");
        assertTrue(at > 8 && at < 8 + n, "the header holds the epsilon");
        byte[] header = bytes.clone();
        header[at] = '2';
        expect(Problem.CORRUPT, "a byte changed in the header or the data", header, null);
        expect(Problem.NOT_A_MODEL, "format = 'other'", rewriteMetadata(net, "format", "other"), null);
        expect(Problem.NOT_A_MODEL, "plausible", "hello, world: not a model".getBytes(), null);
        expect(Problem.WRONG_ARCHITECTURE, "Nonexistent",
                rewriteMetadata(net, "architecture", "{\"type\":\"Nonexistent\"}"), null);
        expect(Problem.WRONG_ARCHITECTURE, "differs from the network's in", bytes, network(9));
        // an unknown entry, a missing one: refused, not ignored or defaulted
        String arch = Json.write(net.config());
        expect(Problem.CORRUPT, "momentum_typo: file 0.5, rebuilt nothing",
                rewriteMetadata(net, "architecture", arch.replaceFirst("\"momentum\":", "\"momentum_typo\":0.5,\"momentum\":")), null);
        Sequential otherWidth = network(8);
        otherWidth.reset(12);
        // another seed: the message names the places and both values, not two whole configurations
        ModelFileException seedError = expect(Problem.WRONG_ARCHITECTURE, ".seed: file ", bytes, otherWidth);
        assertTrue(seedError.getMessage().length() < 900, seedError.getMessage());
    }

    /** A file written as ModelFile writes it, with one metadata entry replaced (and a valid checksum). */
    private byte[] rewriteMetadata(Module net, String key, String value) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ModelFile.FORMAT_KEY, ModelFile.FORMAT);
        meta.put(ModelFile.VERSION_KEY, Integer.toString(ModelFile.VERSION));
        meta.put(ModelFile.ARCHITECTURE_KEY, Json.write(net.config()));
        meta.put(key, value);
        Path f = dir.resolve("rewritten.safetensors");
        SafeTensors.writeTensors(f, net.state(), meta, ModelFile.CHECKSUM_KEY, SafeTensors.Checksum.FILE);
        return Files.readAllBytes(f);
    }

    /**
     * A real-input BinaryConv2d pads with 0 and now records "padding_mode": "zero"; files written when
     * it recorded "plus_one" still load into the same network (a resumed run compares architectures).
     */
    @Test
    void aFileWithTheEarlierPaddingModeRecordLoadsIntoTheSameNetwork() throws Exception {
        Sequential net = new Sequential(BinaryConv2d.builder(3, 4, 3).padding(1).build(), new BatchNorm(4));
        net.reset(3);
        assertEquals("zero", Config.string(Config.list(net.config(), "layers").get(0), "padding_mode"));
        Path file = dir.resolve("conv.safetensors");
        ModelFile.save(file, net);
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        String architecture = meta.get(ModelFile.ARCHITECTURE_KEY);
        assertTrue(architecture.contains("\"padding_mode\":\"zero\""), architecture);
        meta.put(ModelFile.ARCHITECTURE_KEY, architecture.replace("\"padding_mode\":\"zero\"", "\"padding_mode\":\"plus_one\""));
        // as version 1 wrote it: the checksum of the tensor bytes only (read still, with a warning)
        meta.remove(ModelFile.CHECKSUM_KEY);
        meta.put(ModelFile.VERSION_KEY, "1");
        Path older = dir.resolve("older.safetensors");
        SafeTensors.writeTensors(older, c.tensors(file), meta, ModelFile.V1_CHECKSUM_KEY);
        Sequential fresh = new Sequential(BinaryConv2d.builder(3, 4, 3).padding(1).build(), new BatchNorm(4));
        fresh.reset(3);
        ModelFile.loadInto(older, fresh);
        net.state().forEach((name, t) -> assertArrayEquals(t.data(), fresh.state().get(name).data(), name));
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.loadInto(older,
                new Sequential(BinaryConv2d.builder(3, 4, 3).padding(1).binaryInput().build(), new BatchNorm(4))));
        assertEquals(Problem.WRONG_ARCHITECTURE, e.problem());
    }

    private ModelFileException expect(Problem problem, String detail, byte[] content, Module into) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, content);
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> {
                    if (into == null) {
                        ModelFile.load(f);
                    } else {
                        ModelFile.loadInto(f, into);
                    }
                });
        assertEquals(problem, e.problem(), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
        return e;
    }
}
