package dev.bnn.infer;

import dev.bnn.core.testing.HostileFileProperties;
import dev.bnn.kernels.Parallelism;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Hostile frozen files ({@link HostileFileProperties}): a frozen model with every layer type
 * (13 KB), each change, truncation and inflated count refused by {@link InferenceModel#load}.
 */
class FrozenFilePropertiesTest extends HostileFileProperties {
    @Override
    protected byte[] goodFile() throws IOException {
        Path f = Files.createTempFile("good", ".frozen.safetensors");
        try (Parallelism one = Parallelism.singleThread()) {
            InferenceModel.of(InferenceModelTest.layers(1), Map.of(), one).save(f);
            return Files.readAllBytes(f);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Override
    protected void load(Path file) throws IOException {
        InferenceModel.load(file, 1).close();
    }
}
