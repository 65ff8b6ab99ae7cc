package dev.bnn.examples.cli;

import dev.bnn.core.Dataset;
import dev.bnn.data.DataDirectory;
import dev.bnn.data.DatasetKind;
import dev.bnn.data.Datasets;
import dev.bnn.data.MissingDatasetException;
import dev.bnn.data.Split;
import dev.bnn.data.fetch.Downloader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code bnn data}: where each dataset is found, or, given dataset names, makes sure they are
 * there (downloading missing files, SHA-256 checked, with a progress bar) and that they load.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Without DATASET: show where each dataset is found (nothing is downloaded).",
            "With DATASET names: download what is missing (SHA-256 checked) and check that both splits load."})
public final class DataCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DATASET", arity = "0..*", description = "mnist, fashion-mnist, cifar10 or svhn.")
    List<String> names = List.of();

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: $BNN_DATA, else ~/.bnn/datasets).")
    Path data;

    @Option(names = "--no-download", description = "Never download; report what is missing instead.")
    boolean noDownload;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<DatasetKind> kinds = new ArrayList<>();
        for (String name : names) {
            try {
                kinds.add(DatasetKind.fromName(name));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DataDirectory dir = DataDirectory.resolve(data);
        out.println("data directory: " + dir);
        Datasets offline = Datasets.offline(dir);
        if (kinds.isEmpty()) {
            for (DatasetKind kind : DatasetKind.values()) {
                for (Split split : Split.values()) {
                    String where;
                    try {
                        where = offline.locate(kind, split).toString();
                    } catch (IOException e) {
                        where = "missing " + kind.files(split) + " (`bnn data " + kind.folder() + "` fetches them)";
                    }
                    out.printf("%-14s %-5s %s%n", kind.folder(), split.label(), where);
                }
            }
            return 0;
        }
        Datasets datasets = noDownload ? offline
                : offline.withDownloads(new Downloader(DownloadBar.forTerminal()));
        for (DatasetKind kind : kinds) {
            for (Split split : Split.values()) {
                long t0 = System.nanoTime();
                try {
                    Dataset d = datasets.load(kind, split);
                    out.printf("%s: %d examples of %s, %d classes, from %s (%.1f s)%n", d.name(), d.size(),
                            shape(d.exampleShape()), d.classes(), datasets.locate(kind, split),
                            (System.nanoTime() - t0) / 1e9);
                } catch (MissingDatasetException e) {
                    err.println(e.getMessage());
                    return 1;
                } catch (IOException e) {
                    err.println(kind.title() + " (" + split.label() + "): " + e.getMessage());
                    return 1;
                }
            }
        }
        return 0;
    }

    private static String shape(int[] s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            b.append(i == 0 ? "" : "x").append(s[i]);
        }
        return b.toString();
    }
}
