package dev.bnn.bench.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.infer.InferenceModel;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.recipe.Binarization;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The quick bench runs and its rows are complete; no timing is asserted. */
class InferBenchTest {
    @Test
    void theQuickRunGivesARowPerCaseAndMode() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<InferBench.Case> cases = InferBench.cases(true);
        List<Map<String, Object>> rows = InferBench.run(cases, InferBench.Settings.of(true),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        // 2 networks x 2 batches x 2 thread counts x 3 modes, and the MLP's bit-plane mode: 4 more rows
        assertEquals(28, rows.size());
        for (Map<String, Object> r : rows) {
            assertEquals(Set.of("model", "width", "batch", "threads", "mode", "images_per_s", "p50_us", "alloc_bytes_per_call"),
                    r.keySet(), r.toString());
            assertTrue(InferBench.MODES.contains((String) r.get("mode")), r.toString());
            for (String key : List.of("width", "batch", "threads", "images_per_s", "p50_us")) {
                double v = ((Number) r.get(key)).doubleValue();
                assertTrue(v > 0 && Double.isFinite(v), key + " in " + r);
            }
            assertTrue(((Number) r.get("alloc_bytes_per_call")).longValue() >= 0, r.toString());
        }
        assertEquals(List.of("frozen", "frozen-bitplanes", "float", "train-eval"),
                rows.subList(0, 4).stream().map(r -> r.get("mode")).toList());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("bench infer: convnet width 8, batch 50, 2 threads"));

        String table = InferBench.describe(rows, new InferBench.FileSizes(1024, 100, 3000));
        assertEquals(1 + 28 + 12 + 1, table.lines().count(), table);
        assertTrue(table.contains("mlp width 256 batch 100 threads 2: frozen/float "), table);
        assertTrue(table.contains("ratio 30.0x >= 28x: met"), table);
    }

    @Test
    void theFrozenAndFloatModelsTakeTheSameSamplesAndGiveTheSameClasses() {
        for (InferBench.Case c : InferBench.cases(true)) {
            try (Parallelism p = Parallelism.singleThread()) {
                InferenceModel frozen = InferBench.freeze(c.network(Binarization.BNN), c.sample(), p);
                InferenceModel floatModel = InferBench.freeze(c.network(Binarization.FLOAT), c.sample(), p);
                assertArrayEquals(c.sample(), frozen.inputShape());
                assertArrayEquals(frozen.inputShape(), floatModel.inputShape());
                assertEquals(InferBench.CLASSES, frozen.classes());
                assertEquals(frozen.classes(), floatModel.classes());
                assertArrayEquals(new int[] {3, InferBench.CLASSES},
                        floatModel.scores(InferBench.pixels(3, c.sample(), 1)).shape());
            }
        }
    }

    @Test
    void theFrozenMlpFileIsMeasured() throws Exception {
        InferBench.FileSizes f = InferBench.fileSizes(64);
        assertTrue(f.frozenBytes() > 0 && f.trainingBytes() > f.frozenBytes(), f.toString());
    }
}
