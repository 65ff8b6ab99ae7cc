package dev.bnn.data.format;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Sequential reading of one dataset file, raw or gzip-compressed (recognised by the gzip magic
 * bytes 1f 8b, RFC 1952), that keeps track of the byte offset so that every error can name it.
 *
 * <p>Nothing is allocated on the word of a header alone: for a raw file a read is checked
 * against the file's real size first; for a gzip file, whose decompressed size is only known by
 * decompressing it, the buffer grows with the data that actually arrives (so a header that claims
 * more than the file holds ends in a "truncated" error, never in an OutOfMemoryError).
 */
final class DataFile implements Closeable {
    /** The largest array the JVM reliably allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final int FIRST_CHUNK = 1 << 22;

    private final Path path;
    private final boolean gzip;
    private final long size;
    private final InputStream in;
    private long position;

    private DataFile(Path path, boolean gzip, long size, InputStream in) {
        this.path = path;
        this.gzip = gzip;
        this.size = size;
        this.in = in;
    }

    /** Opens a file that may be gzip-compressed. */
    static DataFile open(Path path) throws IOException {
        return open(path, true);
    }

    /** Opens a raw file, or with {@code allowGzip} one that may be gzip-compressed. */
    static DataFile open(Path path, boolean allowGzip) throws IOException {
        long size = Files.size(path);
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            raw.mark(2);
            boolean gzip = allowGzip && raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (!gzip) {
                return new DataFile(path, false, size, raw);
            }
            try {
                return new DataFile(path, true, -1, new StrictGzip(raw, 1 << 16));
            } catch (ZipException | EOFException e) {
                throw new DatasetFormatException(path, 0, "not a valid gzip file (" + e.getMessage() + ")", e);
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /** Current offset: in the file, or in the decompressed stream of a gzip file. */
    long position() {
        return position;
    }

    DatasetFormatException error(long offset, String problem) {
        return new DatasetFormatException(path, offset, problem);
    }

    /** A big-endian 32-bit integer. */
    int readInt(String what) throws IOException {
        byte[] b = readBytes(4, what);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /**
     * Reads exactly {@code count} bytes of {@code what}.
     *
     * @throws DatasetFormatException if {@code count} exceeds an array, or the file ends first
     */
    byte[] readBytes(long count, String what) throws IOException {
        long start = position;
        if (count > MAX_ARRAY) {
            throw error(start, what + " would need " + count + " bytes, more than a Java array holds (at most "
                    + MAX_ARRAY + "): the header is corrupt");
        }
        if (!gzip && start + count > size) {
            throw error(size, "truncated: " + what + " needs bytes " + start + ".." + (start + count)
                    + " but the file ends at byte " + size);
        }
        long limit = DataLimits.maxBytes();
        if (!gzip && count > limit) { // the file does hold that much: refuse before allocating it
            throw overLimit(start, count, what, limit);
        }
        byte[] buf = new byte[(int) Math.min(count, gzip ? Math.min(FIRST_CHUNK, limit) : count)];
        int filled = 0;
        try {
            while (filled < count) {
                if (filled == buf.length) {
                    long next = Math.min(count, 2L * buf.length);
                    if (next > limit) { // a gzip file that really inflates past the limit
                        throw overLimit(start + filled, count, what, limit);
                    }
                    buf = Arrays.copyOf(buf, (int) next);
                }
                int r = in.read(buf, filled, buf.length - filled);
                if (r < 0) {
                    throw truncated(what, start, count, start + filled);
                }
                filled += r;
            }
        } catch (EOFException e) {
            throw truncated(what, start, count, start + filled);
        } catch (ZipException e) {
            throw new DatasetFormatException(path, start + filled, "corrupt gzip data (" + e.getMessage() + ")", e);
        }
        position += count;
        return buf;
    }

    private DatasetFormatException overLimit(long offset, long count, String what, long limit) {
        return error(offset, what + " would need " + count + " bytes (" + count / (1 << 20) + " MB), more than the "
                + limit / (1 << 20) + " MB one data file may take here (default: an eighth of the JVM's "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB heap; raise it with --max-data-mb, or -D"
                + DataLimits.MAX_BYTES_PROPERTY + "=BYTES, and -Xmx)");
    }

    private DatasetFormatException truncated(String what, long start, long count, long end) {
        return error(end, "truncated: " + what + " needs bytes " + start + ".." + (start + count) + " but the "
                + (gzip ? "decompressed data ends" : "file ends") + " at byte " + end);
    }

    /** Checks that nothing follows (and, for gzip, that the trailer's CRC and length match). */
    void expectEnd(String what) throws IOException {
        int next;
        try {
            next = in.read();
        } catch (EOFException | ZipException e) {
            throw new DatasetFormatException(path, position, "corrupt or truncated gzip trailer (" + e.getMessage() + ")", e);
        }
        if (next < 0 && gzip) {
            long junk = ((StrictGzip) in).bytesAfterTheEnd();
            if (junk > 0) {
                throw error(position, junk + (junk == 1 ? " byte follows" : " bytes follow")
                        + " the end of the gzip data (after " + what + "): not a gzip file as written, or two files joined");
            }
        }
        if (next >= 0) {
            long total = gzip ? -1 : size;
            throw error(position, "unexpected data after the end of " + what
                    + (total >= 0 ? " (the file has " + total + " bytes)" : "") + ": the header does not describe this file");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * A gzip stream that can tell, at its end, whether bytes follow the compressed data: the JDK's
     * stream reads a following member when one starts there, but silently ignores anything else.
     */
    private static final class StrictGzip extends GZIPInputStream {
        /** The gzip trailer: CRC-32 and length, 4 bytes each. */
        private static final int TRAILER = 8;

        StrictGzip(InputStream in, int size) throws IOException {
            super(in, size);
        }

        /**
         * Bytes after the last member's trailer, once the stream has returned end of data: those the
         * inflater buffered beyond the trailer, then any the file still holds (counted up to 64 KB).
         */
        long bytesAfterTheEnd() throws IOException {
            long buffered = Math.max(0, inf.getRemaining() - TRAILER);
            long rest = in.skip(1 << 16);
            return buffered + rest;
        }
    }
}
