package dev.bnn.train;

import dev.bnn.core.config.Config;
import dev.bnn.core.io.Json;
import dev.bnn.train.loss.Loss;
import dev.bnn.train.loss.Losses;
import dev.bnn.train.optim.LearningRateSchedule;
import dev.bnn.train.optim.LearningRateSchedules;
import dev.bnn.train.optim.Optimizer;
import dev.bnn.train.optim.Optimizers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a network was trained, as every model file a {@link Trainer} writes records it under the
 * metadata key {@value #KEY}: the {@link TrainerConfig} (its schedule as configuration), the
 * optimizer's and the loss's configurations. {@link #read} rebuilds loss, optimizer and schedule
 * from a file, so that evaluation uses the loss it was trained with and a resumed run the
 * optimizer and schedule it started with.
 *
 * @param loss      the loss
 * @param optimizer a new, unbound optimizer with the stored hyperparameters; empty for files written
 *                  before optimizers had configurations
 * @param schedule  the learning-rate schedule; empty for such files too
 */
public record TrainingSetup(Loss loss, Optional<Optimizer> optimizer, Optional<LearningRateSchedule> schedule) {
    /** The model-file metadata key. */
    public static final String KEY = "training";

    /** The metadata value of a run: the JSON of {@code config}, with the optimizer's and the loss's configurations. */
    static String write(TrainerConfig config, Optimizer optimizer, Loss loss) {
        Map<String, Object> m = new LinkedHashMap<>(config.toMap());
        m.put("optimizer", optimizer.config());
        m.put("loss", loss.config());
        return Json.write(m);
    }

    /**
     * The setup recorded in a model file's metadata, or empty when the file has none (it was not
     * written by a trainer).
     *
     * @throws IllegalArgumentException if the record is damaged or names an unknown type
     */
    public static Optional<TrainingSetup> read(Map<String, String> metadata) {
        String json = metadata.get(KEY);
        if (json == null) {
            return Optional.empty();
        }
        Map<String, Object> m = Json.parseObject(json);
        Loss loss = Losses.fromConfig(Config.map(m, "loss"));
        // files written before optimizers and schedules had configurations hold their descriptions
        Optional<Optimizer> optimizer = m.get("optimizer") instanceof Map
                ? Optional.of(Optimizers.fromConfig(Config.map(m, "optimizer"))) : Optional.empty();
        Optional<LearningRateSchedule> schedule = m.get("schedule") instanceof Map
                ? Optional.of(LearningRateSchedules.fromConfig(Config.map(m, "schedule"))) : Optional.empty();
        return Optional.of(new TrainingSetup(loss, optimizer, schedule));
    }
}
