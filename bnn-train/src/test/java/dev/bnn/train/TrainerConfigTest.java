package dev.bnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bnn.core.io.Json;
import dev.bnn.train.optim.LearningRateSchedule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

    @Test
    void toMapIsTheLoggedAndStoredJson() {
        TrainerConfig c = TrainerConfig.builder().epochs(20).batchSize(100).seed(-3).threads(2).validationSize(10_000)
                .earlyStoppingPatience(5).schedule(LearningRateSchedule.exponential(1e-3)).outputDir(Path.of("runs/x")).build();
        assertEquals("{\"epochs\":20,\"batch_size\":100,\"seed\":-3,\"threads\":2,\"validation_size\":10000,"
                + "\"early_stopping_patience\":5,\"schedule\":{\"type\":\"Exponential\",\"final_factor\":0.001},\"output_dir\":\"runs/x\"}",
                Json.write(c.toMap()));
        assertEquals(1L, Json.parseObject(Json.write(TrainerConfig.builder().build().toMap())).get("seed"));
    }

    @Test
    void badValuesAreRejectedNamingTheField() {
        assertEquals("epochs must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> TrainerConfig.builder().epochs(0).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().batchSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().threads(0).build());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().validationSize(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().earlyStoppingPatience(-1).build());
        assertThrows(NullPointerException.class, () -> TrainerConfig.builder().schedule(null).build());
    }
}
