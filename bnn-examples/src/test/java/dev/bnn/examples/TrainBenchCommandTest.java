package dev.bnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.train.nn.Module;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainBenchCommandTest {
    private static TrainBenchCommand parse(String... args) {
        CommandLine.ParseResult result = new CommandLine(new Main()).parseArgs(args);
        CommandLine.ParseResult train = result.subcommand().subcommand();
        assertEquals("train", train.commandSpec().name());
        return train.commandSpec().commandLine().getCommand();
    }

    @Test
    void optionsParseAndTheCasesAreTheIssuesSix() {
        TrainBenchCommand c = parse("bench", "train", "--quick", "--json", "--threads", "3");
        assertTrue(c.quick && c.json);
        assertEquals(3, c.threads);
        assertEquals(2, parse("bench", "train").threads);
        List<TrainBench.Case> cases = TrainBench.cases(true, 2);
        assertEquals(6, cases.size());
        assertEquals(List.of("bnn", "bc", "float", "bnn", "bc", "float"), cases.stream().map(TrainBench.Case::mode).toList());
        assertEquals(List.of(4096, 4096, 4096, 1024, 1024, 1024), cases.stream().map(TrainBench.Case::hidden).toList());
        assertTrue(cases.stream().allMatch(k -> k.batch() == 100 && k.layers() == 3 && k.threads() == 2));
        // --quick: 6 cases x (JVM start + 3 s + 5 s + the last batch) stays well under 3 minutes
        assertTrue(cases.stream().mapToDouble(k -> k.warmupSeconds() + k.measureSeconds()).sum() < 60);
        assertThrows(CommandLine.ParameterException.class, () -> new CommandLine(new Main()).parseArgs("bench", "train", "--threads", "x"));
    }

    @Test
    void networksOfTheThreeModes() {
        Module bnn = TrainBench.network("bnn", 32, 2);
        assertEquals(List.of("BinaryDense", "BatchNorm", "SignActivation", "BinaryDense", "BatchNorm", "SignActivation",
                "BinaryDense", "BatchNorm"), types(bnn));
        assertTrue(bnn.toString().contains("XNOR") || ((dev.bnn.train.nn.Sequential) bnn).layers().get(3).toString().contains("XNOR"));
        assertEquals(List.of("Dense", "BatchNorm", "HardTanh", "Dense", "BatchNorm"), types(TrainBench.network("float", 32, 1)));
        assertEquals(List.of("BinaryDense", "BatchNorm", "HardTanh", "BinaryDense", "BatchNorm"), types(TrainBench.network("bc", 32, 1)));
        assertThrows(IllegalArgumentException.class, () -> TrainBench.network("ternary", 32, 1));
    }

    private static List<String> types(Module m) {
        return ((dev.bnn.train.nn.Sequential) m).layers().stream().map(l -> (String) l.config().get("type")).toList();
    }

    /** One tiny case through the real path: a child JVM that trains and prints its row. */
    @Test
    void aChildJvmMeasuresOneCase() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Map<String, Object>> rows = TrainBench.run(List.of(new TrainBench.Case("bnn", 64, 1, 20, 1, 0.5, 1)),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(1, rows.size());
        Map<String, Object> row = rows.getFirst();
        assertEquals("bnn", row.get("mode"));
        assertEquals(64L, row.get("hidden"));
        assertEquals(20L, row.get("batch"));
        assertTrue(((Number) row.get("images_per_s")).doubleValue() > 0, row.toString());
        assertTrue(((Number) row.get("batches")).longValue() > 0, row.toString());
        assertTrue(((Number) row.get("seconds")).doubleValue() >= 1, row.toString());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("images/s"), log.toString(StandardCharsets.UTF_8));
        String table = TrainBench.describe(List.of(row, Map.of("mode", "float", "hidden", 64L, "layers", 1L, "batch", 20L,
                "threads", 1L, "images_per_s", ((Number) row.get("images_per_s")).doubleValue() / 2, "alloc_bytes_per_batch", 0L)));
        assertTrue(table.contains("bnn / float at 1x64: 2.00x"), table);
    }
}
