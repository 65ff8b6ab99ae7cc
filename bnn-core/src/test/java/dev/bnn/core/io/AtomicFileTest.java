package dev.bnn.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileWhole() throws IOException {
        Path f = dir.resolve("epochs.csv");
        AtomicFile.writeString(f, "old");
        AtomicFile.writeString(f, "new content");
        assertEquals("new content", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    /** A write that fails half-way leaves the old content and no temporary file. */
    @Test
    void aFailureMidWriteKeepsTheOldFile() throws IOException {
        Path f = dir.resolve("model.safetensors");
        AtomicFile.writeString(f, "the good model");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, ch -> {
            AtomicFile.writeFully(ch, ByteBuffer.wrap("half of a new mo".getBytes()));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("the good model", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    /** A stream writer that fails leaves no partial file; one that succeeds gives a file readable by all. */
    @Test
    void streamContentIsAtomicAndReadableByAll() throws IOException {
        Path f = dir.resolve("train-images-idx3-ubyte.gz");
        assertThrows(IOException.class, () -> AtomicFile.writeStream(f, out -> {
            out.write(new byte[1000]);
            throw new IOException("connection reset");
        }));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        AtomicFile.writeStream(f, out -> out.write(new byte[] {1, 2, 3}));
        assertEquals(3, Files.size(f));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
    /** Stale temporary files of our naming are removed; recent ones (a write in progress) and other files are kept. */
    @Test
    void staleTemporaryFilesOfKilledWritesAreRemoved() throws Exception {
        Path stale = Files.writeString(dir.resolve(".checkpoint.safetensors.123456789.tmp"), "half");
        Path recent = Files.writeString(dir.resolve(".model.safetensors.42.tmp"), "in progress");
        Path other = Files.writeString(dir.resolve(".notes.tmp"), "not ours");
        Path model = Files.writeString(dir.resolve("model.safetensors"), "kept");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600));
        for (Path p : java.util.List.of(stale, other, model)) {
            Files.setLastModifiedTime(p, old);
        }
        assertEquals(java.util.List.of(".checkpoint.safetensors.123456789.tmp"),
                AtomicFile.removeStaleTemporaryFiles(dir, java.time.Duration.ofMinutes(10)));
        assertTrue(Files.notExists(stale));
        assertTrue(Files.exists(recent) && Files.exists(other) && Files.exists(model));
    }
}
