package dev.bnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.io.Json;
import dev.bnn.data.DatasetKind;
import dev.bnn.examples.presets.Preprocessing;
import dev.bnn.examples.presets.Preset;
import dev.bnn.train.layers.Init;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json: what the current code writes reads back, and so do the files of earlier versions. */
class RunSpecTest {
    /** The run.json of a default run written before the presets became recipes. */
    private static final String DEFAULT_RUN = "{\"model\":\"bnn-mlp\",\"dataset\":\"mnist\",\"epochs\":20,\"width\":1024,"
            + "\"batch\":100,\"lr_start\":0.003,\"lr_end\":3.0E-7,\"seed\":\"1\",\"dropout_in\":0.0,\"dropout\":0.0,"
            + "\"stochastic\":false,\"init\":\"uniform\",\"validation\":10000,\"train_limit\":0,\"test_limit\":0,"
            + "\"preprocessing\":\"scale\"}";

    @TempDir
    Path dir;

    @Test
    void anEarlierRunJsonReadsBackAndIsWrittenWithTheOnePreprocessingName() throws IOException {
        Files.writeString(dir.resolve(RunSpec.FILE), DEFAULT_RUN + "\n");
        RunSpec r = RunSpec.read(dir);
        assertEquals(new RunSpec(Preset.BNN_MLP, DatasetKind.MNIST, 20, 1024, 100, 0.003, 3e-7, 1, 0f, 0f, false,
                Init.UNIFORM_H1, 10000, 0, 0, Preprocessing.SCALE, false), r);
        r.write(dir);
        assertEquals(DEFAULT_RUN.replace("\"scale\"", "\"pixel-scale\"") + "\n", Files.readString(dir.resolve(RunSpec.FILE)));
    }

    /** Before --init, runs trained Glorot uniform; before --preprocessing, with the preset's; "scale" is "pixel-scale". */
    @Test
    void olderEntriesFallBackToWhatTheRunsDid() {
        Map<String, Object> m = Json.parseObject(DEFAULT_RUN);
        m.remove("init");
        m.remove("preprocessing");
        m.put("model", "bc-convnet");
        m.put("dataset", "cifar10");
        RunSpec r = RunSpec.fromMap(m);
        assertEquals(Init.GLOROT_UNIFORM, r.init());
        assertEquals(Preprocessing.GCN_ZCA, r.preprocessing());
        m.put("preprocessing", "scale");
        m.put("dataset", "FASHION_MNIST");
        RunSpec p = RunSpec.fromMap(m);
        assertEquals(Preprocessing.SCALE, p.preprocessing());
        assertEquals(DatasetKind.FASHION_MNIST, p.dataset());
    }

    @Test
    void aDamagedRunJsonSaysWhatIsWrong() throws IOException {
        Files.writeString(dir.resolve(RunSpec.FILE), DEFAULT_RUN.replace("\"mnist\"", "\"imagenet\""));
        UserException e = assertThrows(UserException.class, () -> RunSpec.read(dir));
        assertTrue(e.getMessage().contains("is damaged") && e.getMessage().contains("unknown dataset 'imagenet'; known: mnist, "
                + "fashion-mnist, cifar10, svhn"), e.getMessage());
        Files.writeString(dir.resolve(RunSpec.FILE), DEFAULT_RUN.replace("\"width\":1024", "\"width\":0"));
        assertTrue(assertThrows(UserException.class, () -> RunSpec.read(dir)).getMessage().contains("entry 'width' is 0, not a positive count"));
    }
}
