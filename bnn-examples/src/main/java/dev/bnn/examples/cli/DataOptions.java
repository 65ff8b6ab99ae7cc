package dev.bnn.examples.cli;

import dev.bnn.data.Datasets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that {@code bnn train} and {@code bnn eval} share about data: where it is, whether to download it. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: $BNN_DATA, else ~/.bnn/datasets).")
    Path data;

    @Option(names = "--no-download", description = "Never download missing dataset files; say which files to put where.")
    boolean noDownload;

    /** The datasets in the chosen directory, downloading missing files unless --no-download. */
    Datasets datasets() {
        return RunData.datasets(data, !noDownload);
    }
}
