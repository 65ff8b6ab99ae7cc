package dev.bnn.data.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.data.DataFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile IDX files, raw and gzip, generated: flipped bytes, truncations and counts or dimensions
 * inflated to 2^31 - 1 either read as what the header describes or fail with one
 * {@link DatasetFormatException} naming the file; never another exception, an OutOfMemoryError or
 * a hang. (A flipped pixel is still a valid file: IDX has no checksum, the downloads' SHA-256 is
 * checked when they are fetched.)
 */
class IdxPropertiesTest {
    private static Path dir;
    private static byte[] raw;
    private static byte[] gz;

    @BeforeContainer
    static void files() throws IOException {
        dir = Files.createTempDirectory("idx-props");
        raw = DataFiles.idxImages(20, 8, 8);
        gz = DataFiles.gzip(raw);
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

    /** Reads {@code content}: the images the header describes, or one DatasetFormatException naming the file. */
    private static void readsOrRefuses(byte[] content, boolean compressed) throws IOException {
        Path f = dir.resolve(compressed ? "m.gz" : "m");
        Files.write(f, content);
        try {
            Idx.UnsignedBytes u = Idx.read(f, Idx.IMAGES_MAGIC);
            long values = 1;
            for (int d : u.dims()) {
                values *= d;
            }
            assertEquals(values, u.data().length, "the data the header describes");
        } catch (DatasetFormatException e) {
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    @Property(tries = 200)
    void flippedBytes(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where, @ForAll @IntRange(min = 1, max = 255) int mask,
                      @ForAll boolean compressed) throws IOException {
        byte[] b = (compressed ? gz : raw).clone();
        b[where % b.length] ^= (byte) mask;
        readsOrRefuses(b, compressed);
    }

    @Property(tries = 100)
    void truncations(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int length, @ForAll boolean compressed)
            throws IOException {
        byte[] b = compressed ? gz : raw;
        readsOrRefuses(java.util.Arrays.copyOf(b, length % b.length), compressed);
    }

    /** The count or a dimension (header ints 1..3) set to 2^31 - 1, then gzipped or not. */
    @Property(tries = 60)
    void inflatedHeaders(@ForAll @IntRange(min = 1, max = 3) int field, @ForAll boolean compressed) throws IOException {
        byte[] b = raw.clone();
        ByteBuffer.wrap(b).putInt(4 * field, Integer.MAX_VALUE);
        readsOrRefuses(compressed ? DataFiles.gzip(b) : b, compressed);
    }
}
