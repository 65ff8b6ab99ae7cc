package dev.bnn.examples.cli;

import dev.bnn.data.Datasets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options that {@code bnn train} and {@code bnn eval} share: where the data is, whether to download it, how many threads. */
final class DataOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

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

    /** --threads, or all processors; a usage error if --threads is not positive. */
    int threadCount() {
        if (threads == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1) {
            throw new CommandLine.ParameterException(command.commandLine(), "--threads must be positive, got " + threads);
        }
        return threads;
    }
}
