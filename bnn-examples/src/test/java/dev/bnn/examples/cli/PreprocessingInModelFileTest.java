package dev.bnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.data.preprocess.GcnZca;
import dev.bnn.data.preprocess.Preprocessor;
import dev.bnn.data.preprocess.PreprocessorState;
import dev.bnn.data.preprocess.Preprocessors;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.layers.Dense;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fitted preprocessing travels in the model file and comes back as the identical transform, as eval needs. */
class PreprocessingInModelFileTest {
    @TempDir
    Path dir;

    @Test
    void gcnZcaStateRoundTripsThroughTheModelFile() throws IOException {
        Tensor train = Tensor.uniform(Seeds.generator(4), 0, 255, 300, 4, 4, 3);
        GcnZca zca = GcnZca.fit(train, GcnZca.PAPER_GCN_SCALE, GcnZca.PAPER_FILTER_BIAS, Parallelism.singleThread());
        PreprocessorState state = zca.export();
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(file, new Dense(48, 10), state.metadata(), state.tensors());

        ModelFile.Contents contents = ModelFile.load(file);
        Preprocessor restored = Preprocessors.restore(new PreprocessorState(contents.extraTensors(), contents.metadata()));
        assertEquals(GcnZca.class, restored.getClass());
        Tensor a = Tensor.uniform(Seeds.generator(5), 0, 255, 20, 4, 4, 3);
        Tensor b = Tensor.wrap(a.data().clone(), a.shape());
        zca.apply(a);
        restored.apply(b);
        assertArrayEquals(a.data(), b.data());
    }
}
