package dev.bnn.data.format;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset file that does not have the format its name promises: a wrong magic number, a header
 * that does not fit the file's real size, a truncated file, a label out of range. The message
 * names the file, the byte offset where the problem is (-1 when it concerns the whole file) and
 * what was expected versus found.
 */
public final class DatasetFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /** {@code offset} is the byte (in the decompressed stream for a gzip file), or -1 for the whole file. */
    public DatasetFormatException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    public DatasetFormatException(Path file, long offset, String problem, Throwable cause) {
        super(file + (offset >= 0 ? ", byte " + offset : "") + ": " + problem, cause);
        this.file = file;
        this.offset = offset;
    }

    /** The file that is malformed. */
    public Path file() {
        return file;
    }

    /** The byte offset of the problem, or -1 when it concerns the whole file. */
    public long offset() {
        return offset;
    }
}
