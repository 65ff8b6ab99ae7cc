package dev.bnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {
    private final Path home = Path.of("/home/someone");

    @Test
    void explicitDirectoryWinsOverEnvironmentAndDefault() {
        DataDirectory d = DataDirectory.resolve(Path.of("/data/x"), Map.of("BNN_DATA", "/env"), home);
        assertEquals(Path.of("/data/x"), d.root());
        assertEquals("--data", d.origin());
    }

    @Test
    void environmentWinsOverDefault() {
        DataDirectory d = DataDirectory.resolve(null, Map.of("BNN_DATA", "/env/data"), home);
        assertEquals(Path.of("/env/data"), d.root());
        assertEquals("BNN_DATA", d.origin());
    }

    @Test
    void defaultIsThePerUserCache() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("BNN_DATA", " "))) {
            DataDirectory d = DataDirectory.resolve(null, env, home);
            assertEquals(Path.of("/home/someone/.bnn/datasets"), d.root());
            assertEquals("default", d.origin());
        }
    }

    @Test
    void fashionMnistIsAlsoLookedForWhereDebianInstallsIt() {
        DataDirectory d = new DataDirectory(Path.of("/d"), "test");
        assertEquals(List.of(Path.of("/d/fashion-mnist"), Path.of("/usr/share/datasets/fashion-mnist")),
                d.candidates(DatasetKind.FASHION_MNIST));
        assertEquals(List.of(Path.of("/d/cifar10")), d.candidates(DatasetKind.CIFAR10));
    }

    @Test
    void datasetNamesParseLikeTheCommandLineWritesThem() {
        assertEquals(DatasetKind.FASHION_MNIST, DatasetKind.fromName("fashion-mnist"));
        assertEquals(DatasetKind.FASHION_MNIST, DatasetKind.fromName("FASHION_MNIST"));
        assertEquals(DatasetKind.CIFAR10, DatasetKind.fromName("cifar10"));
    }
}
