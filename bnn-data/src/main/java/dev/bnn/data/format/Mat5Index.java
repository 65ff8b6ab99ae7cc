package dev.bnn.data.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The variables of a MATLAB v5 MAT-file (MathWorks, "MAT-File Format", R2018a, chapter 1), found by
 * walking its top-level data elements without reading their data, so that every declared size is
 * checked against the file's real size before anything is allocated.
 *
 * <p>Layout: a 128-byte header (116 bytes of text starting "MATLAB 5.0 MAT-file", 8 bytes of
 * subsystem offset, a 16-bit version 0x0100, and the endian indicator "IM" for a little-endian
 * file or "MI" for a big-endian one), then data elements, each an 8-byte tag (32-bit type,
 * 32-bit byte count) and its data. A variable is an miMATRIX element (type 14) or an miCOMPRESSED
 * element (type 15) whose zlib stream inflates to one. Inside an miMATRIX come the array flags
 * (the class in the low byte), the dimensions (int32), the name (int8), then the real part, whose
 * storage type may be narrower than the class (MATLAB stores integral doubles as uint8).
 */
final class Mat5Index {
    static final int MI_INT8 = 1;
    static final int MI_MATRIX = 14;
    static final int MI_COMPRESSED = 15;
    static final int MX_DOUBLE_CLASS = 6;
    static final int MX_UINT8_CLASS = 9;
    private static final int HEADER = 128;
    /** Deflate's largest expansion: 258 bytes per (at least) 2 bits, about 1032:1 (zlib technical details). */
    private static final long MAX_INFLATE_RATIO = 1032;
    /** Enough inflated bytes for the tag, flags, dimensions and name of a variable. */
    private static final int PEEK = 4096;

    /** One variable: where its element starts, its name, MATLAB class and dimensions. */
    record Variable(long offset, String name, int mxClass, long[] dims) {
        long elements() {
            long n = 1;
            for (long d : dims) {
                n = n <= DataFile.MAX_ARRAY ? n * d : n;
            }
            return n;
        }
    }

    private Mat5Index() {}

    static List<Variable> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER) {
                throw new DatasetFormatException(file, size, "truncated: a MAT-file starts with a " + HEADER
                        + "-byte header but the file has " + size + " bytes");
            }
            ByteBuffer header = readAt(ch, 0, HEADER);
            String text = new String(header.array(), 0, 116, StandardCharsets.ISO_8859_1);
            if (text.startsWith("MATLAB 7.3")) {
                throw new DatasetFormatException(file, 0, "a MATLAB 7.3 (HDF5) MAT-file; expected a MATLAB 5.0 MAT-file"
                        + " (SVHN format 2 files are version 5)");
            }
            char e0 = (char) header.get(126);
            char e1 = (char) header.get(127);
            ByteOrder order;
            if (e0 == 'I' && e1 == 'M') {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (e0 == 'M' && e1 == 'I') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                throw new DatasetFormatException(file, 126, "not a MATLAB 5.0 MAT-file: expected the endian indicator"
                        + " \"IM\" or \"MI\" but found \"" + printable(e0) + printable(e1) + "\"");
            }
            List<Variable> vars = new ArrayList<>();
            long offset = HEADER;
            while (offset < size) {
                if (size - offset < 8) {
                    throw new DatasetFormatException(file, offset, "truncated: a data element tag needs 8 bytes but the"
                            + " file ends at byte " + size);
                }
                ByteBuffer tag = readAt(ch, offset, 8).order(order);
                int type = tag.getInt(0);
                long bytes = Integer.toUnsignedLong(tag.getInt(4));
                long end = offset + 8 + bytes;
                if (end > size) {
                    throw new DatasetFormatException(file, offset, "truncated: the data element here (type " + type
                            + ") declares " + bytes + " bytes, so it would end at byte " + end + ", but the file ends at byte " + size);
                }
                if (type == MI_MATRIX) {
                    int peek = (int) Math.min(bytes, PEEK);
                    ByteBuffer body = readAt(ch, offset + 8, peek).order(order);
                    vars.add(matrix(file, offset, body, bytes));
                } else if (type == MI_COMPRESSED) {
                    vars.add(compressed(file, ch, offset, bytes, order));
                }
                // Top-level elements are stored one after the other; miMATRIX counts its own padding.
                offset = end;
            }
            return vars;
        }
    }

    private static Variable compressed(Path file, FileChannel ch, long offset, long bytes, ByteOrder order)
            throws IOException {
        ByteBuffer in = readAt(ch, offset + 8, (int) Math.min(bytes, 1 << 16));
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(in.array(), 0, in.limit());
            byte[] out = new byte[8 + PEEK];
            int got = 0;
            while (got < out.length && !inflater.finished() && !inflater.needsInput()) {
                got += inflater.inflate(out, got, out.length - got);
            }
            if (got < 8) {
                throw new DatasetFormatException(file, offset, "the compressed element here inflates to " + got
                        + " bytes, too few for a data element tag");
            }
            ByteBuffer inner = ByteBuffer.wrap(out, 0, got).order(order);
            int type = inner.getInt(0);
            long innerBytes = Integer.toUnsignedLong(inner.getInt(4));
            if (type != MI_MATRIX) {
                throw new DatasetFormatException(file, offset, "the compressed element here holds data type " + type
                        + ", expected a matrix (type " + MI_MATRIX + ")");
            }
            if (innerBytes > MAX_INFLATE_RATIO * bytes + 8) {
                throw new DatasetFormatException(file, offset, "the compressed element here declares a matrix of "
                        + innerBytes + " bytes, more than " + bytes + " compressed bytes can hold (deflate expands at most "
                        + MAX_INFLATE_RATIO + ":1): the file is corrupt");
            }
            return matrix(file, offset, ByteBuffer.wrap(out, 8, got - 8).slice().order(order), innerBytes);
        } catch (DataFormatException e) {
            throw new DatasetFormatException(file, offset, "corrupt compressed data (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
    }

    /** Parses flags, dimensions, name and the real part's tag from the start of an miMATRIX body. */
    private static Variable matrix(Path file, long offset, ByteBuffer body, long bodyBytes)
            throws DatasetFormatException {
        try {
            Sub flags = sub(body);
            int mxClass = body.getInt(flags.dataAt) & 0xFF;
            Sub dimsSub = within(file, offset, body, sub(body), "dimensions declare");
            long[] dims = new long[(int) (dimsSub.bytes / 4)];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = body.getInt(dimsSub.dataAt + 4 * d);
                if (dims[d] < 0) {
                    throw new DatasetFormatException(file, offset, "matrix dimension " + d + " is negative: " + dims[d]);
                }
            }
            Sub nameSub = within(file, offset, body, sub(body), "name declares");
            byte[] nameBytes = new byte[(int) nameSub.bytes];
            body.get(nameSub.dataAt, nameBytes);
            String name = new String(nameBytes, StandardCharsets.US_ASCII);
            Variable v = new Variable(offset, name, mxClass, dims);
            if (body.position() + 8 <= body.limit()) {
                Sub real = sub(body);
                long needed = v.elements() * storageSize(real.type);
                if (storageSize(real.type) > 0 && real.bytes != needed) {
                    throw new DatasetFormatException(file, offset, "variable " + name + " of dimensions "
                            + java.util.Arrays.toString(dims) + " declares " + real.bytes + " data bytes but needs " + needed);
                }
                if (real.dataAt + real.bytes > bodyBytes) {
                    throw new DatasetFormatException(file, offset, "variable " + name + " declares " + real.bytes
                            + " data bytes but its matrix element holds only " + (bodyBytes - real.dataAt));
                }
            }
            return v;
        } catch (IndexOutOfBoundsException e) {
            throw new DatasetFormatException(file, offset, "malformed matrix element (its sub-elements run past its end)", e);
        }
    }

    private record Sub(int type, long bytes, int dataAt) {}

    /** {@code sub}, if its data lies within the bytes read of {@code body}; else a format error. */
    private static Sub within(Path file, long offset, ByteBuffer body, Sub sub, String what) throws DatasetFormatException {
        if (sub.bytes > body.limit() - sub.dataAt) {
            throw new DatasetFormatException(file, offset, "the matrix " + what + " " + sub.bytes
                    + " bytes, more than the element holds");
        }
        return sub;
    }

    /** Reads one sub-element tag (normal or "small data element" form) and moves past its padded data. */
    private static Sub sub(ByteBuffer b) {
        int at = b.position();
        int first = b.getInt(at);
        if ((first >>> 16) != 0) {
            b.position(at + 8);
            return new Sub(first & 0xFFFF, first >>> 16, at + 4);
        }
        long bytes = Integer.toUnsignedLong(b.getInt(at + 4));
        long next = at + 8 + (bytes + 7) / 8 * 8;
        b.position((int) Math.min(next, b.limit()));
        return new Sub(first, bytes, at + 8);
    }

    /** Bytes per element of a MAT-file data type, or 0 for a type that is not numeric. */
    static int storageSize(int type) {
        return switch (type) {
            case 1, 2 -> 1;
            case 3, 4 -> 2;
            case 5, 6, 7 -> 4;
            case 9, 12, 13 -> 8;
            default -> 0;
        };
    }

    private static ByteBuffer readAt(FileChannel ch, long offset, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset + buf.position()) < 0) {
                break;
            }
        }
        buf.flip();
        return buf;
    }

    private static String printable(char c) {
        return c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c);
    }
}
