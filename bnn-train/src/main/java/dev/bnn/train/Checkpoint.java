package dev.bnn.train;

import dev.bnn.core.Tensor;
import dev.bnn.core.io.AtomicFile;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.nn.Module;
import dev.bnn.train.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Where a run stands after a completed epoch, and the files that carry it: the one place that knows
 * the {@code trainer.*} metadata keys of the model files a {@link Trainer} writes.
 *
 * <p>In an output folder, {@link #save} writes {@value #CHECKPOINT_FILE} (the network's state,
 * the optimizer's state and this record), {@value #MODEL_FILE} at a new best (the network and
 * the epoch it comes from) and {@value #CSV_FILE}, each atomically, so a crash leaves the last
 * complete epoch. {@link #load} restores network, optimizer and record from a checkpoint.
 *
 * @param seed      the seed of the run's shuffles (a resumed run must keep it)
 * @param history   the metrics of every completed epoch, in order
 * @param bestEpoch the epoch of the best validation error so far (0 before the first)
 * @param bestError that error (NaN without a validation set, infinite before the first epoch)
 */
public record Checkpoint(long seed, List<EpochMetrics> history, int bestEpoch, double bestError) {
    /** The checkpoint of the last completed epoch in the output folder: resume from it. */
    public static final String CHECKPOINT_FILE = "checkpoint.safetensors";
    /** The best model by validation error (the latest without validation) in the output folder. */
    public static final String MODEL_FILE = "model.safetensors";
    /** One row of {@link EpochMetrics} per epoch. */
    public static final String CSV_FILE = "epochs.csv";

    private static final String EPOCH = "trainer.epoch";
    private static final String SEED = "trainer.seed";
    private static final String BEST_EPOCH = "trainer.best_epoch";
    private static final String BEST_ERROR = "trainer.best_error";
    private static final String HISTORY = "trainer.history";
    private static final String OPTIMIZER_PREFIX = "optimizer.";

    public Checkpoint {
        history = List.copyOf(history);
    }

    /** The start of a run: no epoch completed. */
    public static Checkpoint start(long seed) {
        return new Checkpoint(seed, List.of(), 0, Double.POSITIVE_INFINITY);
    }

    /** Completed epochs. */
    public int epoch() {
        return history.size();
    }

    /** This record after one more epoch; {@code improved} makes it the best (with its validation error, NaN without one). */
    public Checkpoint next(EpochMetrics m, boolean improved) {
        List<EpochMetrics> h = new ArrayList<>(history);
        h.add(m);
        return improved ? new Checkpoint(seed, h, m.epoch(), m.validationError()) : new Checkpoint(seed, h, bestEpoch, bestError);
    }

    /**
     * The epoch whose weights a model file written by a trainer holds, from its metadata; empty for
     * a file written otherwise.
     */
    public static OptionalInt epochOf(Map<String, String> metadata) {
        String v = metadata.get(EPOCH);
        return v == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v));
    }

    /** The epochs as CSV, header included. */
    public String csv() {
        return EpochMetrics.csvHeader(angleColumns()) + "\n" + rows();
    }

    /** The most angle columns of any epoch (a run resumed from an older checkpoint has none in its first rows). */
    private int angleColumns() {
        return history.stream().mapToInt(m -> m.weightAngles().size()).max().orElse(0);
    }

    private String rows() {
        StringBuilder b = new StringBuilder();
        int angles = angleColumns();
        for (EpochMetrics m : history) {
            b.append(m.csvRow(angles)).append('\n');
        }
        return b.toString();
    }

    /**
     * Writes the files of this epoch into {@code dir}: {@value #MODEL_FILE} when {@code improved},
     * {@value #CHECKPOINT_FILE} and {@value #CSV_FILE}, each atomically. {@code metadata} and
     * {@code tensors} are the caller's entries of every file (training configuration, preprocessing).
     */
    public void save(Path dir, Module network, Optimizer optimizer, boolean improved, Map<String, String> metadata,
                     Map<String, Tensor> tensors) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(EPOCH, Integer.toString(epoch()));
        if (improved) {
            ModelFile.save(dir.resolve(MODEL_FILE), network, meta, tensors);
        }
        meta.put(SEED, Long.toString(seed));
        meta.put(BEST_EPOCH, Integer.toString(bestEpoch));
        meta.put(BEST_ERROR, Double.toString(bestError));
        meta.put(HISTORY, rows());
        Map<String, Tensor> all = new LinkedHashMap<>(tensors);
        optimizer.exportState(OPTIMIZER_PREFIX, all, meta);
        ModelFile.save(dir.resolve(CHECKPOINT_FILE), network, meta, all);
        AtomicFile.writeString(dir.resolve(CSV_FILE), csv());
    }

    /**
     * Restores a checkpoint written by {@link #save} into {@code network} (same architecture) and
     * {@code optimizer} (bound to its parameters) and returns its record.
     *
     * @throws dev.bnn.core.io.ModelFileException if the file is damaged or holds another architecture
     * @throws IllegalArgumentException if it is a model file but not a checkpoint, or inconsistent
     */
    public static Checkpoint load(Path file, Module network, Optimizer optimizer) throws IOException {
        ModelFile.Contents c = ModelFile.loadInto(file, network);
        Map<String, String> meta = c.metadata();
        List<EpochMetrics> history = new ArrayList<>();
        for (String row : required(meta, HISTORY, file).lines().toList()) {
            history.add(EpochMetrics.fromCsvRow(row));
        }
        int epoch = Integer.parseInt(required(meta, EPOCH, file));
        if (history.size() != epoch) {
            throw new IllegalArgumentException(file + ": " + EPOCH + " is " + epoch + " but the history has " + history.size()
                    + " rows");
        }
        Map<String, Tensor> optimizerState = new LinkedHashMap<>(c.extraTensors());
        optimizerState.keySet().removeIf(k -> !k.startsWith(OPTIMIZER_PREFIX));
        optimizer.importState(OPTIMIZER_PREFIX, optimizerState, meta);
        return new Checkpoint(Long.parseLong(required(meta, SEED, file)), history,
                Integer.parseInt(required(meta, BEST_EPOCH, file)), Double.parseDouble(required(meta, BEST_ERROR, file)));
    }

    private static String required(Map<String, String> meta, String key, Path file) {
        String v = meta.get(key);
        if (v == null) {
            throw new IllegalArgumentException(file + " is a model file but not a checkpoint: its metadata has no " + key);
        }
        return v;
    }
}
