package dev.bnn.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file atomically: the content goes to a temporary file in the same folder, which is
 * forced to disk and renamed over the target, and the folder is forced too. A reader (or a crash)
 * sees the old content or the new, never a mix; a failed write leaves the old file and no
 * temporary file, so no partial file ever has the final name. The file ends up readable by all
 * (rw-r--r--) like a file written directly, not private as temporary files are.
 *
 * <p>Every file bnn writes goes through here: model files and checkpoints, epoch logs, learning
 * curves, downloaded and extracted data sets.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Writes the content of a file through a channel, or throws to abandon it. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Writes the content of a file to a stream, or throws to abandon it. */
    @FunctionalInterface
    public interface StreamContent {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The temporary files of {@link #write}: "." + the target's name + "." + digits + ".tmp". */
    private static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile("\\..+\\.\\d+\\.tmp");

    /**
     * Deletes the temporary files this class leaves in {@code dir} when a write is killed mid-way
     * (a process killed between creating and renaming its temporary file), those last modified more
     * than {@code age} ago (so that a write in progress elsewhere is left alone). Other files are
     * never touched. Returns the names deleted.
     */
    public static java.util.List<String> removeStaleTemporaryFiles(Path dir, java.time.Duration age) throws IOException {
        java.util.List<String> removed = new java.util.ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        java.time.Instant before = java.time.Instant.now().minus(age);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (TEMPORARY.matcher(name).matches() && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                    Files.deleteIfExists(p);
                    removed.add(name);
                }
            }
        }
        return removed;
    }

    /** Replaces {@code file} with what {@code content} writes. */
    public static void write(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(ch);
                ch.force(true);
            }
            PosixFileAttributeView posix = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (posix != null) {
                posix.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + tmp + " atomically to " + file
                        + " (the folder's file system has no atomic rename)", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Replaces {@code file} with what {@code content} writes to a (buffered) stream. */
    public static void writeStream(Path file, StreamContent content) throws IOException {
        write(file, ch -> {
            // Not closed: closing the stream would close the channel before write() forces it.
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            content.writeTo(out);
            out.flush();
        });
    }

    /** Replaces {@code file} with {@code text} in UTF-8. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, ch -> writeFully(ch, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }

    /** Writes all of {@code b} at the channel's position. */
    public static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Makes the rename durable: fsync of the folder (skipped on Windows, which cannot open folders). */
    private static void syncDirectory(Path dir) throws IOException {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
