package dev.bnn.examples;

import dev.bnn.data.Datasets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that {@code bnn train} and {@code bnn eval} share: where the data is, whether to download it, how many threads. */
final class DataOptions {
    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all processors).")
    Integer threads;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: $BNN_DATA, else ~/.bnn/datasets).")
    Path data;

    @Option(names = "--no-download", description = "Never download missing dataset files; say which files to put where.")
    boolean noDownload;

    /** The datasets in the chosen directory, downloading missing files unless --no-download. */
    Datasets datasets() {
        return RunData.datasets(data, !noDownload);
    }

    /** --threads, or all processors. */
    int threadCount() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
