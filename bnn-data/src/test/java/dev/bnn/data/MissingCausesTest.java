package dev.bnn.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When something is where a data file should be but cannot be read, the error names that, not "not in ... downloads are off". */
class MissingCausesTest {
    @TempDir
    Path dir;

    private MissingDatasetException load(Path data) {
        return assertThrows(MissingDatasetException.class,
                () -> Datasets.offline(DataDirectory.resolve(data)).load(DatasetKind.MNIST, Split.TEST));
    }

    @Test
    void aFolderInPlaceOfAFileIsNamed() throws Exception {
        Files.createDirectories(dir.resolve("mnist/t10k-images-idx3-ubyte.gz"));
        MissingDatasetException e = load(dir);
        assertTrue(e.getMessage().startsWith("MNIST (test) cannot be read: ") && e.getMessage().contains(
                "t10k-images-idx3-ubyte.gz is a folder, not a file"), e.getMessage());
    }

    @Test
    void aDanglingSymbolicLinkIsNamed() throws Exception {
        Files.createDirectories(dir.resolve("mnist"));
        Files.createSymbolicLink(dir.resolve("mnist/t10k-labels-idx1-ubyte.gz"), dir.resolve("nowhere"));
        MissingDatasetException e = load(dir);
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz is a symbolic link to a missing target"), e.getMessage());
    }

    @Test
    void dataPointingAtAFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("data.txt"), "not a folder");
        MissingDatasetException e = load(file);
        assertTrue(e.getMessage().contains(file + " is a file, not a folder"), e.getMessage());
    }

    @Test
    void anEmptyFolderStillSaysWhichFilesToPutWhere() {
        MissingDatasetException e = load(dir);
        assertTrue(e.getMessage().contains("is not in ") && e.getMessage().contains("downloads are off"), e.getMessage());
    }
}
