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

    @Option(names = "--max-data-mb", paramLabel = "MB", description = "The most memory one dataset file may take "
            + "(default: an eighth of the JVM heap); a file that would take more is refused.")
    Long maxDataMb;

    /** The datasets in the chosen directory, downloading missing files unless --no-download. */
    Datasets datasets() {
        if (maxDataMb != null) {
            if (maxDataMb < 1) {
                throw new UserException("--max-data-mb must be positive, got " + maxDataMb);
            }
            System.setProperty(dev.bnn.data.format.DataLimits.MAX_BYTES_PROPERTY, Long.toString(maxDataMb << 20));
        }
        return RunData.datasets(data, !noDownload);
    }
}
