package dev.bnn.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.train.recipe.Binarization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainBenchTest {
    @Test
    void theCasesAreTheThreeModesAtTwoWidths() {
        List<TrainBench.Case> cases = TrainBench.cases(true, 2);
        assertEquals(List.of(Binarization.BNN, Binarization.BC, Binarization.FLOAT, Binarization.BNN, Binarization.BC,
                Binarization.FLOAT), cases.stream().map(TrainBench.Case::mode).toList());
        assertEquals(List.of(4096, 4096, 4096, 1024, 1024, 1024), cases.stream().map(TrainBench.Case::hidden).toList());
        assertTrue(cases.stream().allMatch(k -> k.batch() == 100 && k.threads() == 2), cases.toString());
        // --quick: 6 cases x (JVM start + 3 s + 5 s + the last batch) stays well under 3 minutes
        assertEquals(48, cases.stream().mapToDouble(k -> k.warmupSeconds() + k.measureSeconds()).sum(), 0.0);
        assertEquals(180, TrainBench.cases(false, 1).stream().mapToDouble(k -> k.warmupSeconds() + k.measureSeconds()).sum(), 0.0);
    }

    @Test
    void aCaseTravelsToTheChildAsArguments() {
        TrainBench.Case c = new TrainBench.Case(Binarization.BC, 64, 20, 3, 0.5, 7, 1.5, 9);
        assertEquals(c, TrainBench.Case.parse(c.args()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainBench.Case.parse(List.of("BNN")));
        assertTrue(e.getMessage().contains("expected 8 arguments"), e.getMessage());
    }

    @Test
    void theTableShowsTheBnnSpeedUpPerWidth() {
        String table = TrainBench.describe(List.of(
                row("bnn", 64, 300), row("float", 64, 100), row("bc", 64, 150), row("bnn", 32, 90), row("float", 32, 45)));
        assertTrue(table.contains("bnn / float at width 64: 3.00x"), table);
        assertTrue(table.contains("bnn / bc at width 64: 2.00x"), table);
        assertTrue(table.contains("bnn / float at width 32: 2.00x"), table);
        assertEquals(1 + 5 + 3, table.lines().count(), table);
    }

    private static Map<String, Object> row(String mode, long hidden, double imagesPerSecond) {
        return Map.of("mode", mode, "hidden", hidden, "batch", 100L, "threads", 1L, "images_per_s", imagesPerSecond,
                "alloc_bytes_per_batch", 0L);
    }
}
