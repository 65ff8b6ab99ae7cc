package dev.bnn.core.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bnn.core.io.ModelFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile files of a checksummed safetensors format, generated (jqwik): every single-byte change
 * (anywhere, any bits), every truncation and every count overwritten with 2^31 - 1 or 2^63 - 1 must
 * be refused by {@link #load} with one {@link ModelFileException}: never another exception, an
 * OutOfMemoryError or a result from a changed file. A subclass gives a good file and its loader.
 */
public abstract class HostileFileProperties {
    private Path dir;
    private byte[] good;

    /** The bytes of a good file of the format. */
    protected abstract byte[] goodFile() throws IOException;

    /** Loads {@code file} (and releases what it holds). */
    protected abstract void load(Path file) throws IOException;

    private void refused(byte[] content) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("hostile");
                dir.toFile().deleteOnExit();
            }
            Path f = dir.resolve("mutated.safetensors");
            Files.write(f, content);
            f.toFile().deleteOnExit();
            assertThrows(ModelFileException.class, () -> load(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] good() {
        try {
            if (good == null) {
                good = goodFile();
            }
            return good;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 300)
    void everyChangedByteIsRefused(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
                                   @ForAll @IntRange(min = 1, max = 255) int mask) {
        byte[] b = good().clone();
        b[where % b.length] ^= (byte) mask;
        refused(b);
    }

    @Property(tries = 100)
    void everyTruncationIsRefused(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int length) {
        refused(Arrays.copyOf(good(), length % good().length));
    }

    /** A count overwritten with 2^31 - 1 (4 bytes) or 2^63 - 1 (8 bytes) at any offset, little- or big-endian. */
    @Property(tries = 100)
    void inflatedCountsAreRefused(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where, @ForAll boolean wide,
                                  @ForAll boolean bigEndian) {
        byte[] b = good().clone();
        int width = wide ? 8 : 4;
        int at = where % (b.length - width);
        ByteBuffer buf = ByteBuffer.wrap(b).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (wide) {
            buf.putLong(at, Long.MAX_VALUE);
        } else {
            buf.putInt(at, Integer.MAX_VALUE);
        }
        if (!Arrays.equals(b, good())) {
            refused(b);
        }
    }
}
