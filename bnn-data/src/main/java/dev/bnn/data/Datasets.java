package dev.bnn.data;

import dev.bnn.core.Dataset;
import dev.bnn.data.fetch.Downloader;
import dev.bnn.data.fetch.RemoteFile;
import dev.bnn.data.fetch.TarGz;
import dev.bnn.data.format.Cifar10;
import dev.bnn.data.format.DatasetFormatException;
import dev.bnn.data.format.Idx;
import dev.bnn.data.format.Svhn;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, downloads when allowed, and reads the datasets: MNIST, Fashion-MNIST, CIFAR-10 and SVHN,
 * as raw pixel intensities in [0, 255], N x H x W x C (channels last). Preprocessing is a separate,
 * explicit step ({@link dev.bnn.data.preprocess.Preprocessor}), chosen by the recipe.
 *
 * <pre>{@code
 * Datasets data = Datasets.offline(DataDirectory.resolve(null)).withDownloads(new Downloader(listener));
 * Dataset train = data.load(DatasetKind.MNIST, Split.TRAIN);
 * }</pre>
 *
 * <p>A dataset's files are looked for in {@link DataDirectory#candidates}; the first folder that
 * holds all files of the split is used. Missing files are downloaded into
 * {@link DataDirectory#folder} when a {@link Downloader} is set; otherwise, or when the download
 * fails, a {@link MissingDatasetException} lists what to put where.
 */
public final class Datasets {
    private static final Logger LOG = LoggerFactory.getLogger(Datasets.class);

    private final DataDirectory directory;
    private final Downloader downloader;
    private final URI mirror;
    private final Function<DatasetKind, List<RemoteFile>> sources;

    private Datasets(DataDirectory directory, Downloader downloader, URI mirror,
                     Function<DatasetKind, List<RemoteFile>> sources) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.downloader = downloader;
        this.mirror = mirror;
        this.sources = sources;
    }

    /** Reads datasets from {@code directory} only, never downloading. */
    public static Datasets offline(DataDirectory directory) {
        return new Datasets(directory, null, null, DatasetKind::downloads);
    }

    /** The same, downloading missing files with {@code downloader}. */
    public Datasets withDownloads(Downloader downloader) {
        return new Datasets(directory, Objects.requireNonNull(downloader, "downloader"), mirror, sources);
    }

    /** The same, downloading from {@code base/<folder>/<file name>} instead of the official sources. */
    public Datasets withMirror(URI base) {
        return new Datasets(directory, downloader, Objects.requireNonNull(base, "base"), sources);
    }

    /** Tests: the same with another table of downloads (names, sizes, checksums) than {@link DatasetKind#downloads}. */
    Datasets withSources(Function<DatasetKind, List<RemoteFile>> table) {
        return new Datasets(directory, downloader, mirror, table);
    }

    public DataDirectory directory() {
        return directory;
    }

    /**
     * Loads one split of a dataset. Its name is e.g. "mnist-train".
     *
     * @throws MissingDatasetException if files are missing and cannot be downloaded
     * @throws DatasetFormatException if a file is malformed
     */
    public Dataset load(DatasetKind kind, Split split) throws IOException {
        Path folder = locate(kind, split);
        String name = kind.folder() + "-" + split.label();
        long t0 = System.nanoTime();
        List<Path> files = new ArrayList<>();
        for (String f : kind.files(split)) {
            files.add(existing(folder, f));
        }
        Dataset d = switch (kind) {
            case MNIST, FASHION_MNIST -> Idx.readImagesAndLabels(name, files.get(0), files.get(1), kind.classes());
            case CIFAR10 -> Cifar10.read(name, files);
            case SVHN -> Svhn.read(name, files.get(0));
        };
        LOG.info("loaded {} from {} in {} ms", d, folder, (System.nanoTime() - t0) / 1_000_000);
        return d;
    }

    /**
     * The folder holding all files of {@code kind}'s {@code split}, after downloading the missing
     * ones if downloads are enabled.
     */
    public Path locate(DatasetKind kind, Split split) throws IOException {
        for (Path candidate : directory.candidates(kind)) {
            if (missing(kind, split, candidate).isEmpty()) {
                return candidate;
            }
        }
        Path folder = directory.folder(kind);
        List<String> missing = missing(kind, split, folder);
        List<RemoteFile> needed = downloadsFor(kind, missing);
        if (downloader == null) {
            throw missingError(kind, split, folder, missing, needed, null);
        }
        try {
            for (RemoteFile r : needed) {
                Path got = downloader.fetch(r, folder);
                if (!r.members().isEmpty()) {
                    TarGz.extract(got, r.members(), folder);
                    Files.delete(got);
                }
            }
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw missingError(kind, split, folder, missing, needed, e);
        }
        List<String> still = missing(kind, split, folder);
        if (!still.isEmpty()) {
            throw missingError(kind, split, folder, still, needed,
                    new IOException("the downloads did not provide " + still));
        }
        return folder;
    }

    private List<RemoteFile> downloadsFor(DatasetKind kind, List<String> missing) {
        Set<RemoteFile> needed = new LinkedHashSet<>();
        for (RemoteFile r : sources.apply(kind)) {
            for (String m : missing) {
                if (r.provides().contains(m)) {
                    needed.add(mirror == null ? r : r.mirroredAt(mirror, kind.folder()));
                }
            }
        }
        return List.copyOf(needed);
    }

    private static List<String> missing(DatasetKind kind, Split split, Path folder) {
        List<String> missing = new ArrayList<>();
        for (String f : kind.files(split)) {
            if (existing(folder, f) == null) {
                missing.add(f);
            }
        }
        return missing;
    }

    /** {@code folder/name}, or for a {@code .gz} name the decompressed file, whichever is a readable file; else null. */
    private static Path existing(Path folder, String name) {
        Path p = folder.resolve(name);
        if (Files.isRegularFile(p) && Files.isReadable(p)) {
            return p;
        }
        if (name.endsWith(".gz")) {
            Path raw = folder.resolve(name.substring(0, name.length() - 3));
            if (Files.isRegularFile(raw) && Files.isReadable(raw)) {
                return raw;
            }
        }
        return null;
    }

    /**
     * Why {@code folder/name} cannot be read when something is there: not a regular file (a folder,
     * a FIFO, a device), a symbolic link to nothing, or no permission; null when nothing is there.
     */
    private static String whyUnusable(Path folder, String name) {
        Path p = folder.resolve(name);
        if (Files.isSymbolicLink(p) && !Files.exists(p)) {
            return p + " is a symbolic link to a missing target";
        }
        if (!Files.exists(p)) {
            return null;
        }
        if (Files.isDirectory(p)) {
            return p + " is a folder, not a file";
        }
        if (!Files.isRegularFile(p)) {
            return p + " is not a regular file (a FIFO, socket or device)";
        }
        if (!Files.isReadable(p)) {
            return p + " is not readable (permission denied)";
        }
        return null;
    }

    /** Why the data folder itself cannot hold the files (it, or the first existing folder above it, is a file), or null. */
    private static String whyNoFolder(Path folder) {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p)) {
                return p + " is a file, not a folder";
            }
            if (Files.exists(p)) {
                break;
            }
        }
        if (Files.isDirectory(folder) && !Files.isReadable(folder)) {
            return "the folder " + folder + " is not readable (permission denied)";
        }
        return null;
    }

    private MissingDatasetException missingError(DatasetKind kind, Split split, Path folder, List<String> missing,
                                                 List<RemoteFile> sources, IOException cause) {
        List<String> causes = new ArrayList<>();
        String noFolder = whyNoFolder(folder);
        if (noFolder != null) {
            causes.add(noFolder);
        }
        for (String m : missing) {
            for (String name : m.endsWith(".gz") ? List.of(m, m.substring(0, m.length() - 3)) : List.of(m)) {
                String why = whyUnusable(folder, name);
                if (why != null) {
                    causes.add(why);
                }
            }
        }
        StringBuilder s = new StringBuilder();
        if (!causes.isEmpty()) {
            // something is there but cannot be read: that is the cause, not a missing file
            s.append(kind.title()).append(" (").append(split.label()).append(") cannot be read: ")
                    .append(String.join("; ", causes)).append(".\n");
        } else {
            s.append(kind.title()).append(" (").append(split.label()).append(") is not in ")
                    .append(directory.candidates(kind)).append(cause == null ? " and downloads are off.\n"
                            : " and the download failed: " + cause.getMessage() + "\n");
        }
        s.append("Put these files into ").append(folder).append(":\n");
        for (String m : missing) {
            s.append("  ").append(m);
            if (m.endsWith(".gz")) {
                s.append("  (or the decompressed ").append(m, 0, m.length() - 3).append(')');
            }
            s.append('\n');
        }
        s.append("They come from:\n");
        for (RemoteFile r : sources) {
            s.append("  ").append(r.urls().get(0)).append("  (SHA-256 ").append(r.sha256()).append(')');
            if (!r.members().isEmpty()) {
                s.append(", extract ").append(r.provides());
            }
            s.append('\n');
        }
        if (kind.systemPackage() != null) {
            s.append("Or install the system package (").append(kind.systemPackage()).append("), which puts them in ")
                    .append(kind.systemFolders()).append(".\n");
        }
        s.append("The data directory is ").append(directory).append("; choose another with --data DIR or ")
                .append(DataDirectory.ENV).append('.');
        return new MissingDatasetException(s.toString(), folder, missing, cause);
    }
}
