package dev.bnn.infer;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bnn.core.io.ModelFileException;
import dev.bnn.kernels.Parallelism;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile frozen files, generated: every single-byte change (anywhere, any bits), every truncation
 * and every count inflated to 2^31 - 1 or 2^63 - 1 is refused with one {@link ModelFileException},
 * never another exception, an OutOfMemoryError or a model from a changed file. Bounded (a few
 * hundred tries of a ~13 KB file).
 */
class FrozenFilePropertiesTest {
    private static Path dir;
    private static byte[] good;

    @BeforeContainer
    static void writeAGoodFile() throws IOException {
        dir = Files.createTempDirectory("frozen-props");
        try (Parallelism one = Parallelism.singleThread()) {
            Path f = dir.resolve("good.frozen.safetensors");
            InferenceModel.of(InferenceModelTest.layers(1), Map.of(), one).save(f);
            good = Files.readAllBytes(f);
        }
    }

    @AfterContainer
    static void clean() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static void refused(byte[] content) {
        Path f = dir.resolve("mutated.safetensors");
        try {
            Files.write(f, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThrows(ModelFileException.class, () -> InferenceModel.load(f, 1).close());
    }

    @Property(tries = 300)
    void everyChangedByteIsRefused(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
                                   @ForAll @IntRange(min = 1, max = 255) int mask) {
        byte[] b = good.clone();
        int at = where % b.length;
        b[at] ^= (byte) mask;
        refused(b);
    }

    @Property(tries = 100)
    void everyTruncationIsRefused(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int length) {
        refused(java.util.Arrays.copyOf(good, length % good.length));
    }

    /** A count overwritten with 2^31 - 1 (4 bytes) or 2^63 - 1 (8 bytes) at any offset, little- or big-endian. */
    @Property(tries = 100)
    void inflatedCountsAreRefused(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where, @ForAll boolean wide,
                                  @ForAll boolean bigEndian) {
        byte[] b = good.clone();
        int width = wide ? 8 : 4;
        int at = where % (b.length - width);
        ByteBuffer buf = ByteBuffer.wrap(b).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (wide) {
            buf.putLong(at, Long.MAX_VALUE);
        } else {
            buf.putInt(at, Integer.MAX_VALUE);
        }
        if (!java.util.Arrays.equals(b, good)) {
            refused(b);
        }
    }
}
