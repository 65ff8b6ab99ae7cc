package dev.bnn.data.fetch;

import dev.bnn.core.io.AtomicFile;
import dev.bnn.data.format.DatasetFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Extracts chosen regular files from a gzip-compressed tar archive (POSIX ustar, as the CIFAR-10
 * archive is: 512-byte headers with the name at 0..99, the size in octal at 124..135, the type
 * at 156 and, for ustar, a name prefix at 345..499; data padded to 512 bytes; two zero blocks at
 * the end). Each file is written atomically ({@link AtomicFile}).
 */
public final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {}

    /** Extracts {@code members} (paths in the archive) into {@code folder} under their base names. */
    public static void extract(Path archive, List<String> members, Path folder) throws IOException {
        List<String> wanted = new ArrayList<>(members);
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16))) {
            byte[] header = new byte[BLOCK];
            long offset = 0;
            while (!wanted.isEmpty()) {
                if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
                    throw new DatasetFormatException(archive, offset, "truncated tar archive: a header needs "
                            + BLOCK + " bytes");
                }
                if (isZero(header)) {
                    break;
                }
                String name = field(header, 0, 100);
                if (field(header, 257, 6).startsWith("ustar") && !field(header, 345, 155).isEmpty()) {
                    name = field(header, 345, 155) + "/" + name;
                }
                long size = octal(archive, offset, header);
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                char type = (char) header[156];
                if ((type == '0' || type == 0) && wanted.remove(name)) {
                    writeMember(archive, offset, in, size, folder.resolve(RemoteFile.baseName(name)));
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
                offset += BLOCK + padded;
            }
        }
        if (!wanted.isEmpty()) {
            throw new DatasetFormatException(archive, -1, "the archive lacks " + wanted);
        }
    }

    private static void writeMember(Path archive, long offset, InputStream in, long size, Path target) throws IOException {
        AtomicFile.writeStream(target, out -> {
            byte[] buf = new byte[1 << 16];
            long left = size;
            while (left > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    throw new DatasetFormatException(archive, offset, "truncated tar archive: member "
                            + target.getFileName() + " has " + (size - left) + " of " + size + " bytes");
                }
                out.write(buf, 0, r);
                left -= r;
            }
        });
    }

    private static long octal(Path archive, long offset, byte[] header) throws DatasetFormatException {
        String s = field(header, 124, 12).trim();
        if (!s.matches("[0-7]+")) {
            throw new DatasetFormatException(archive, offset + 124, "tar header size field is not octal: \"" + s + "\"");
        }
        return Long.parseLong(s, 8);
    }

    private static String field(byte[] h, int from, int length) {
        int end = from;
        while (end < from + length && h[end] != 0) {
            end++;
        }
        return new String(h, from, end - from, StandardCharsets.US_ASCII);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
