package dev.bnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bnn analyze on a model trained on the tiny MNIST, the synthetic experiment, and the refusals. */
class AnalyzeCommandTest {
    @TempDir
    Path tmp;

    private Path train(Path data, String model) {
        Path out = tmp.resolve(model);
        TrainCommandTest.Run r = TrainCommandTest.run("train", "--model", model, "--width", "32", "--batch", "25", "--epochs", "1",
                "--validation", "100", "--threads", "1", "--data", data.toString(), "--no-download", "--out", out.toString(),
                "--json");
        assertEquals(0, r.exit(), r.err());
        return out;
    }

    @Test
    void writesTheReportJsonAndFiguresOfEveryBinaryLayer() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 300, 100);
        Path run = train(data, "bnn-mlp");
        Path out = tmp.resolve("geometry");
        TrainCommandTest.Run r = TrainCommandTest.run("analyze", "--model", run.toString(), "--data", data.toString(),
                "--no-download", "--samples", "50", "--pairs", "500", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("layer 1 (d = 784): angle "), r.out());
        Map<String, Object> json = Json.parseObject(Files.readString(out.resolve("geometry.json")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) json.get("layers");
        assertEquals(4, layers.size(), "three hidden layers and the output layer are binary");
        assertEquals(784L, layers.get(0).get("dimension"));
        for (String f : List.of("geometry.md", "angles.png", "angle-spread.png", "dots-layer1.png", "dots-layer10.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary file is left");
        }
        String report = Files.readString(out.resolve("geometry.md"));
        assertTrue(report.contains("evaluation mode as trained") && report.contains("37.07"), report);

        TrainCommandTest.Run frozen = TrainCommandTest.run("analyze", "--model", run.resolve("model.frozen.safetensors").toString());
        assertEquals(1, frozen.exit());
        assertTrue(frozen.err().contains("is a frozen model"), frozen.err());
    }

    @Test
    void aNetworkWithoutBinaryLayersGetsAClearError() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 300, 100);
        Path run = train(data, "float-mlp");
        TrainCommandTest.Run r = TrainCommandTest.run("analyze", "--model", run.toString(), "--data", data.toString(),
                "--no-download", "--samples", "20", "--out", tmp.resolve("g").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no binary layer"), r.err());
    }

    @Test
    void theSyntheticExperimentWritesItsTable() throws Exception {
        Path out = tmp.resolve("syn");
        TrainCommandTest.Run r = TrainCommandTest.run("analyze", "--synthetic", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("decaying_variance d=512"), r.out());
        assertTrue(Files.readString(out.resolve("rotation.md")).contains("| correlated | 16 |"));
        assertTrue(Files.size(out.resolve("rotation.png")) > 0);
    }
}
