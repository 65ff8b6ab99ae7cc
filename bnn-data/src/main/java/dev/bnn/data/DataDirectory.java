package dev.bnn.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where datasets live: {@code root/<kind.folder()>/<official file names>}, e.g.
 * {@code root/mnist/train-images-idx3-ubyte.gz} or {@code root/cifar10/data_batch_1.bin}. The root
 * is, in order: an explicit directory (the command line's {@code --data DIR}), else the
 * environment variable {@value #ENV}, else the per-user cache {@code ~/.bnn/datasets}.
 *
 * @param root the data directory
 * @param origin how it was chosen, for log lines: "--data", "BNN_DATA" or "default"
 */
public record DataDirectory(Path root, String origin) {
    /** The environment variable naming the data directory. */
    public static final String ENV = "BNN_DATA";

    /** Resolves the data directory from {@code explicit} (may be null), the environment and the home folder. */
    public static DataDirectory resolve(Path explicit) {
        return resolve(explicit, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** As {@link #resolve(Path)} with the environment and home folder given (for tests). */
    public static DataDirectory resolve(Path explicit, Map<String, String> env, Path home) {
        if (explicit != null) {
            return new DataDirectory(explicit.toAbsolutePath().normalize(), "--data");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new DataDirectory(Path.of(fromEnv).toAbsolutePath().normalize(), ENV);
        }
        return new DataDirectory(home.resolve(".bnn").resolve("datasets"), "default");
    }

    /** The folder that holds (or will hold, after a download) {@code kind}'s files. */
    public Path folder(DatasetKind kind) {
        return root.resolve(kind.folder());
    }

    /** The folders searched for {@code kind}, in order: {@link #folder(DatasetKind)}, then system folders. */
    public List<Path> candidates(DatasetKind kind) {
        List<Path> c = new ArrayList<>();
        c.add(folder(kind));
        c.addAll(kind.systemFolders());
        return c;
    }

    @Override
    public String toString() {
        return root + " (" + origin + ")";
    }
}
