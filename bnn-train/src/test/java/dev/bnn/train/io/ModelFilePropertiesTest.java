package dev.bnn.train.io;

import dev.bnn.core.testing.HostileFileProperties;
import dev.bnn.train.recipe.Architectures;
import dev.bnn.train.recipe.Binarization;
import dev.bnn.train.recipe.NetworkOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Hostile model files, format version 2 ({@link HostileFileProperties}): a small BNN MLP's file,
 * each change (header or data), truncation and inflated count refused by {@link ModelFile#load}.
 */
class ModelFilePropertiesTest extends HostileFileProperties {
    @Override
    protected byte[] goodFile() throws IOException {
        Path f = Files.createTempFile("good", ".safetensors");
        try {
            ModelFile.save(f, Architectures.mlp(NetworkOptions.of(Binarization.BNN, 16), 2, new int[] {6, 6, 1}, 4),
                    Map.of("note", "a caller's entry"), Map.of());
            return Files.readAllBytes(f);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Override
    protected void load(Path file) throws IOException {
        ModelFile.load(file);
    }
}
