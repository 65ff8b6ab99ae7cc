package dev.bnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.data.DatasetKind;
import dev.bnn.data.Datasets;
import dev.bnn.data.Split;
import dev.bnn.data.preprocess.Preprocessor;
import dev.bnn.infer.InferenceModel;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.io.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow: the default run ({@code ./bnn train}: BNN MLP 3 x 1024 on MNIST, 20 epochs) frozen by the
 * trainer predicts every one of the 10,000 real MNIST test images as the trained network does in
 * evaluation mode, with identical scores.
 */
@Tag("slow")
class FrozenMnistTest {
    @TempDir
    Path tmp;

    @Test
    void theDefaultRunsFrozenModelScoresTheMnistTestSetExactlyAsTheNetwork() throws Exception {
        String env = System.getenv("BNN_DATA");
        assumeTrue(env != null && Files.isRegularFile(Path.of(env, "mnist/t10k-images-idx3-ubyte.gz")),
                "BNN_DATA does not hold MNIST: skipping the default run");
        Path out = tmp.resolve("default");
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--threads", "2", "--data", env, "--no-download", "--out",
                out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        Dataset test = Datasets.offline(dev.bnn.data.DataDirectory.resolve(Path.of(env))).load(DatasetKind.MNIST, Split.TEST);
        Tensor raw = test.inputs().copy();
        ModelFile.Contents c = ModelFile.load(out.resolve("model.safetensors"));
        Preprocessor pre = RunData.preprocessorOf(c.metadata(), c.extraTensors(), out);
        try (Parallelism p = Parallelism.threads(2);
             InferenceModel frozen = InferenceModel.load(out.resolve(Deploy.FROZEN_FILE), 2)) {
            pre.apply(test, p);
            c.network().setParallelism(p);
            c.network().eval();
            Tensor expected = c.network().forward(test.inputs()).copy();
            Tensor scores = frozen.scores(raw);
            assertArrayEquals(expected.data(), scores.data(), "identical scores on all 10,000 test images");
            int[] a = new int[test.size()];
            TensorOps.argmaxRows(expected, a);
            assertArrayEquals(a, frozen.predict(raw));

            // The bit-plane first layer (exact integer sums): its agreement is measured, not assumed.
            try (InferenceModel planes = Deploy.freeze(out.resolve("model.safetensors"), c, true, p)) {
                int[] b = planes.predict(raw);
                int differ = 0;
                for (int i = 0; i < b.length; i++) {
                    differ += a[i] != b[i] ? 1 : 0;
                }
                System.out.println("bit-plane first layer: " + differ + " of " + b.length + " predictions differ");
                assertTrue(differ <= 10, differ + " of 10,000 predictions differ with the bit-plane first layer");
            }
        }
    }
}
