package dev.bnn.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset whose files are neither on disk nor downloadable (downloads disabled, or no network).
 * The message lists exactly which files to put into which folder and where to get them.
 */
public final class MissingDatasetException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path folder;
    private final List<String> files;

    MissingDatasetException(String message, Path folder, List<String> files, Throwable cause) {
        super(message, cause);
        this.folder = folder;
        this.files = List.copyOf(files);
    }

    /** The folder the files belong in. */
    public Path folder() {
        return folder;
    }

    /** The names of the missing files. */
    public List<String> files() {
        return files;
    }
}
