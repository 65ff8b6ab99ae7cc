package dev.bnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import dev.bnn.data.preprocess.GcnZca;
import dev.bnn.data.preprocess.PixelScale;
import dev.bnn.data.preprocess.Preprocessor;
import dev.bnn.kernels.Parallelism;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaders over the real datasets: {@code $BNN_DATA/mnist}, {@code $BNN_DATA/cifar10} and
 * Debian's Fashion-MNIST; skipped (assumption) where the files are absent.
 */
@Tag("slow")
class RealDataTest {
    private static final Logger LOG = LoggerFactory.getLogger(RealDataTest.class);

    private static Datasets data(DatasetKind kind) {
        String root = System.getenv(DataDirectory.ENV);
        DataDirectory dir = DataDirectory.resolve(null);
        boolean present = dir.candidates(kind).stream().anyMatch(f -> Files.isRegularFile(f.resolve(kind.files(Split.TEST).get(0))));
        assumeTrue(present, kind.title() + " not found in " + dir.candidates(kind) + " (BNN_DATA=" + root + ")");
        return Datasets.offline(dir);
    }

    private static int[] histogram(Dataset d) {
        int[] h = new int[d.classes()];
        for (int y : d.labels()) {
            h[y]++;
        }
        return h;
    }

    private static float[] range(Tensor t) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = t.offset(); i < t.offset() + t.size(); i++) {
            lo = Math.min(lo, t.data()[i]);
            hi = Math.max(hi, t.data()[i]);
        }
        return new float[] {lo, hi};
    }

    @Test
    void mnistHasTheOfficialCountsAndHistograms() throws IOException {
        Datasets data = data(DatasetKind.MNIST);
        Dataset train = data.load(DatasetKind.MNIST, Split.TRAIN);
        Dataset test = data.load(DatasetKind.MNIST, Split.TEST);
        assertArrayEquals(new int[] {60000, 28, 28, 1}, train.inputs().shape());
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, histogram(train));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, histogram(test));
        assertArrayEquals(new float[] {0, 255}, range(train.inputs()));
        PixelScale.symmetric().apply(test.inputs());
        assertArrayEquals(new float[] {-1, 1}, range(test.inputs()));
    }

    @Test
    void fashionMnistHasSixThousandAndOneThousandPerClass() throws IOException {
        Datasets data = data(DatasetKind.FASHION_MNIST);
        Dataset train = data.load(DatasetKind.FASHION_MNIST, Split.TRAIN);
        Dataset test = data.load(DatasetKind.FASHION_MNIST, Split.TEST);
        int[] six = new int[10];
        Arrays.fill(six, 6000);
        int[] one = new int[10];
        Arrays.fill(one, 1000);
        assertArrayEquals(six, histogram(train));
        assertArrayEquals(one, histogram(test));
    }

    /** CIFAR-10 (the shared copy: official labels and order, JPEG-degraded pixels), then GCN + ZCA fitted on train. */
    @Test
    void cifar10LoadsAndWhitens() throws IOException {
        Datasets data = data(DatasetKind.CIFAR10);
        long t0 = System.nanoTime();
        Dataset train = data.load(DatasetKind.CIFAR10, Split.TRAIN);
        long t1 = System.nanoTime();
        Dataset test = data.load(DatasetKind.CIFAR10, Split.TEST);
        LOG.info("CIFAR-10 train loaded in {} ms", (t1 - t0) / 1_000_000);
        assertArrayEquals(new int[] {50000, 32, 32, 3}, train.inputs().shape());
        int[] five = new int[10];
        Arrays.fill(five, 5000);
        assertArrayEquals(five, histogram(train));
        assertArrayEquals(new int[] {6, 9, 9, 4, 1, 1, 2, 7, 8, 3}, Arrays.copyOf(train.labels(), 10));
        assertArrayEquals(new int[] {3, 8, 8, 0, 6, 6, 1, 6, 3, 1}, Arrays.copyOf(test.labels(), 10));
        try (Parallelism p = Parallelism.availableProcessors()) {
            long t2 = System.nanoTime();
            Preprocessor zca = GcnZca.fit(train.inputs(), GcnZca.PAPER_GCN_SCALE, GcnZca.PAPER_FILTER_BIAS, p);
            long t3 = System.nanoTime();
            zca.apply(test, p);
            long t4 = System.nanoTime();
            LOG.info("GCN + ZCA: fit on 50000 x 3072 in {} s, applied to 10000 test images in {} s ({} threads)",
                    (t3 - t2) / 1e9, (t4 - t3) / 1e9, p.threads());
        }
        // Whitened test images: per-feature means near 0 (the training mean was removed), values finite.
        double[] mean = new double[3072];
        float[] x = test.inputs().data();
        for (int i = 0; i < x.length; i++) {
            assertTrue(Float.isFinite(x[i]), "element " + i);
            mean[i % 3072] += x[i] / 10000.0;
        }
        for (int j = 0; j < 3072; j++) {
            assertEquals(0, mean[j], 0.2, "mean of feature " + j);
        }
    }

    @Test
    void dataDirectoryOfTheCiIsTheSharedFolder() {
        String root = System.getenv(DataDirectory.ENV);
        assumeTrue(root != null, "BNN_DATA not set");
        assertEquals(Path.of(root).toAbsolutePath().normalize(), DataDirectory.resolve(null).root());
    }
}
