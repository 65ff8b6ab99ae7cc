package dev.bnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.bench.train.TrainBench;
import dev.bnn.examples.Main;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.recipe.Binarization;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bnn bench train}: its options and one case measured in a child JVM, the real path. */
class TrainBenchCommandTest {
    private static TrainBenchCommand parse(String... args) {
        CommandLine.ParseResult result = new CommandLine(new Main()).parseArgs(args);
        CommandLine.ParseResult train = result.subcommand().subcommand();
        assertEquals("train", train.commandSpec().name());
        return train.commandSpec().commandLine().getCommand();
    }

    @Test
    void optionsParse() {
        TrainBenchCommand c = parse("bench", "train", "--quick", "--json", "--threads", "3");
        assertTrue(c.quick);
        assertTrue(c.json);
        assertEquals(3, c.threads);
        TrainBenchCommand d = parse("bench", "train");
        assertEquals(2, d.threads);
        assertTrue(!d.quick && !d.json && !d.child);
        assertThrows(CommandLine.ParameterException.class, () -> new CommandLine(new Main()).parseArgs("bench", "train", "--threads", "x"));
    }

    @Test
    void nonPositiveThreadsAreAUsageError() {
        CommandLine cl = Main.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err, true));
        assertEquals(2, cl.execute("bench", "train", "--threads", "0"));
        assertTrue(err.toString().contains("--threads must be positive, got 0"), err.toString());
    }

    /** Each mode trains its MLP preset's recipe: bnn with XNOR-popcount after the first layer, bc binary weights, float none. */
    @Test
    void casesTrainTheMlpPresetsRecipes() {
        assertEquals(List.of("Flatten", "BinaryDense", "BatchNorm", "SignActivation", "BinaryDense", "BatchNorm", "SignActivation",
                "BinaryDense", "BatchNorm", "SignActivation", "BinaryDense", "BatchNorm"), types(network(Binarization.BNN)));
        assertEquals(List.of(false, true, true, true), network(Binarization.BNN).layers().stream()
                .filter(l -> l instanceof BinaryDense).map(l -> l.toString().contains("XNOR-popcount")).toList());
        assertEquals(List.of("Flatten", "BinaryDense", "BatchNorm", "HardTanh", "BinaryDense", "BatchNorm", "HardTanh",
                "BinaryDense", "BatchNorm", "HardTanh", "BinaryDense", "BatchNorm"), types(network(Binarization.BC)));
        assertEquals(List.of("Flatten", "Dense", "BatchNorm", "HardTanh", "Dense", "BatchNorm", "HardTanh", "Dense",
                "BatchNorm", "HardTanh", "Dense", "BatchNorm"), types(network(Binarization.FLOAT)));
        TrainBench.Case c = TrainBench.cases(true, 1).getFirst();
        assertEquals("bnn-mlp", TrainBenchCommand.recipe(c).preset().label());
        assertEquals(4096, TrainBenchCommand.recipe(c).network().width());
    }

    private static Sequential network(Binarization mode) {
        return TrainBenchCommand.recipe(new TrainBench.Case(mode, 32, 10, 1, 0, 0, 0, 0))
                .build(new int[] {TrainBench.INPUTS}, TrainBench.CLASSES);
    }

    private static List<String> types(Sequential s) {
        return s.layers().stream().map(l -> l.getClass().getSimpleName()).toList();
    }

    /** One tiny case through the real path: a child JVM (bnn bench train --child) that trains the bnn-mlp recipe and prints its row. */
    @Test
    void aChildJvmMeasuresOneCase() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Map<String, Object>> rows = TrainBench.run(List.of(new TrainBench.Case(Binarization.BNN, 64, 20, 1, 0.5, 3, 1, 5)),
                List.of(Main.class.getName(), "bench", "train", TrainBenchCommand.CHILD_FLAG),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(1, rows.size());
        Map<String, Object> row = rows.getFirst();
        assertEquals("bnn", row.get("mode"));
        assertEquals(64L, row.get("hidden"));
        assertEquals(20L, row.get("batch"));
        assertTrue(((Number) row.get("images_per_s")).doubleValue() > 0, row.toString());
        assertTrue(((Number) row.get("batches")).longValue() >= 5, row.toString());
        assertTrue(((Number) row.get("seconds")).doubleValue() >= 1, row.toString());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("images/s"), log.toString(StandardCharsets.UTF_8));
    }
}
