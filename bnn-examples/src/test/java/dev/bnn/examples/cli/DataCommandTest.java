package dev.bnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.examples.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** Raw (not gzipped) IDX files of n 28 x 28 images under their official names without .gz. */
    private void writeMnist(String prefix, int n) throws IOException {
        TinyMnist.writeSplit(dir.resolve("mnist"), prefix, n, 1, false);
    }

    @Test
    void loadsTheNamedDatasetFromTheDataDirectory() throws IOException {
        writeMnist("train", 6);
        writeMnist("t10k", 3);
        assertEquals(0, run("data", "--data", dir.toString(), "--no-download", "mnist"), err.toString());
        assertTrue(out.toString().contains("mnist-train: 6 examples of 28x28x1, 10 classes, from " + dir.resolve("mnist")),
                out.toString());
        assertTrue(out.toString().contains("mnist-test: 3 examples"), out.toString());
    }

    @Test
    void missingFilesAreListedWithTheirFolder() {
        assertEquals(1, run("data", "--data", dir.toString(), "--no-download", "cifar10"));
        assertTrue(err.toString().contains("Put these files into " + dir.resolve("cifar10")) && err.toString()
                .contains("data_batch_5.bin"), err.toString());
    }

    @Test
    void withoutNamesShowsWhereEachDatasetIs() throws IOException {
        writeMnist("train", 1);
        assertEquals(0, run("data", "--data", dir.toString()));
        String o = out.toString();
        assertTrue(o.contains("data directory: " + dir + " (--data)"), o);
        assertTrue(o.matches("(?s).*mnist +train +" + java.util.regex.Pattern.quote(dir.resolve("mnist").toString()) + ".*"), o);
        assertTrue(o.matches("(?s).*mnist +test +missing.*") && o.matches("(?s).*svhn +train +missing.*"), o);
    }

    @Test
    void unknownDatasetIsAUsageError() {
        assertEquals(2, run("data", "imagenet"));
        assertTrue(err.toString().contains("unknown dataset 'imagenet'"), err.toString());
    }

    @Test
    void progressBarShowsTheFileAndReachesTheEnd() {
        List<String> lines = new ArrayList<>();
        DownloadBar bar = new DownloadBar(() -> new DelegatingProgressBarConsumer(lines::add));
        bar.progress("f.gz", 500_000, 2_000_000);
        bar.progress("f.gz", 2_000_000, 2_000_000);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("f.gz") && last.contains("100%") && last.contains("2/2 MB"), last);
    }
}
