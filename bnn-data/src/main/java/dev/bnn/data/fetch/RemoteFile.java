package dev.bnn.data.fetch;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A file to download: its name in the dataset folder, the URLs to try in order, its exact size and
 * SHA-256 (lower-case hex). When {@code members} is not empty the file is a {@code .tar.gz}
 * archive, and those members (paths inside the archive) are extracted into the folder under
 * their base names; the archive itself is then deleted.
 */
public record RemoteFile(String name, List<URI> urls, long size, String sha256, List<String> members) {

    public RemoteFile {
        Objects.requireNonNull(name, "name");
        urls = List.copyOf(urls);
        members = List.copyOf(members);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(name + ": no URL to download from");
        }
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(name + ": not a lower-case hex SHA-256: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException(name + ": negative size " + size);
        }
    }

    /** The names of the files this download leaves in the dataset folder. */
    public List<String> provides() {
        return members.isEmpty() ? List.of(name) : members.stream().map(RemoteFile::baseName).toList();
    }

    static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The same file fetched from {@code base/folder/name} only (a local mirror, or a test server). */
    public RemoteFile mirroredAt(URI base, String folder) {
        String b = base.toString().endsWith("/") ? base.toString() : base + "/";
        return new RemoteFile(name, List.of(URI.create(b + folder + "/" + name)), size, sha256, members);
    }
}
