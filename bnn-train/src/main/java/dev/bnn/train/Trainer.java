package dev.bnn.train;

import dev.bnn.core.Dataset;
import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.io.AtomicFile;
import dev.bnn.kernels.Parallelism;
import dev.bnn.core.io.Json;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.loss.Loss;
import dev.bnn.train.loss.SquaredHinge;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.optim.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network with mini-batch gradient descent, the BinaryConnect / BNN way: shuffled
 * mini-batches, the optimizer updating latent weights, a learning-rate schedule per epoch,
 * validation after every epoch, the best model by validation error kept and evaluated on the
 * test set at the end.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(network, new SquaredHinge(), new Adam(0.003),
 *         TrainerConfig.builder().epochs(20).seed(42).validationSize(10_000)
 *                 .schedule(LearningRateSchedule.exponential(1e-4)).outputDir(dir).build());
 * TrainingResult result = trainer.fit(mnistTrain, mnistTest);
 * }</pre>
 *
 * <p><b>Per epoch</b> e (1-based): the optimizer's learning-rate factor is
 * {@code schedule.factor(e - 1, epochs)}; the training set is shuffled by a generator seeded from
 * (seed, e); each full mini-batch runs zeroGrad, forward, loss, backward (as
 * {@link Module#backwardParameters}: no gradient w.r.t. the images), step (the last
 * {@code size % batchSize} examples of the shuffled order are left out of that epoch, as in the
 * papers' code, so every batch has the same shape and no buffer is reallocated); a NaN or
 * infinite loss stops training with a {@link TrainingDivergedException} before the bad gradient
 * reaches the weights. Then the validation set is evaluated (evaluation mode), one line is
 * logged, listeners are called, and with an output folder {@value #CHECKPOINT_FILE},
 * {@value #MODEL_FILE} (at a new best) and {@value #CSV_FILE} are replaced atomically.
 *
 * <p><b>Reproducibility</b>: with the same seed, thread count and initial network, the weights
 * after N epochs are bit-identical, and a run resumed from the checkpoint of epoch k
 * ({@link #resume}) continues bit-identically: the checkpoint holds the network's state (latent
 * weights, batch-norm statistics, random-stream counters), the optimizer's state and the epoch;
 * the shuffle of epoch e depends only on (seed, e).
 *
 * <p>The trainer owns a {@link Parallelism} of {@code config.threads()} during {@link #fit},
 * hands it to the network and the optimizer, and closes it at the end (the network is then left
 * single-threaded).
 */
public final class Trainer {
    /** The checkpoint of the last completed epoch in the output folder: resume from it. */
    public static final String CHECKPOINT_FILE = "checkpoint.safetensors";
    /** The best model by validation error (the latest without validation) in the output folder. */
    public static final String MODEL_FILE = "model.safetensors";
    /** One row of {@link EpochMetrics} per epoch. */
    public static final String CSV_FILE = "epochs.csv";

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final String OPTIMIZER_PREFIX = "optimizer.";

    private final Module network;
    private final Loss loss;
    private final Optimizer optimizer;
    private final TrainerConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final List<Parameter> latent;
    private final Parameter[] parameters;
    private Map<String, String> extraMetadata = Map.of();
    private Map<String, Tensor> extraTensors = Map.of();
    private volatile boolean stopRequested;

    // progress, restored by resume()
    private final List<EpochMetrics> history = new ArrayList<>();
    private int bestEpoch;
    private double bestError = Double.POSITIVE_INFINITY;
    private Map<String, Tensor> bestState;

    /**
     * @param optimizer an optimizer not yet bound: the trainer binds it to {@code network.namedParameters()}
     */
    public Trainer(Module network, Loss loss, Optimizer optimizer, TrainerConfig config) {
        this.network = Objects.requireNonNull(network, "network");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.config = Objects.requireNonNull(config, "config");
        optimizer.init(network.namedParameters());
        parameters = network.parameters().toArray(Parameter[]::new);
        latent = network.parameters().stream().filter(Parameter::isLatentBinary).toList();
    }

    public TrainerConfig config() {
        return config;
    }

    /** Adds a listener; returns this. */
    public Trainer addListener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Entries that every model file and checkpoint of this trainer carries besides the network:
     * e.g. the data preprocessing (a ZCA matrix and its description), so that evaluation applies
     * the same transform. Returns this.
     */
    public Trainer withModelExtras(Map<String, String> metadata, Map<String, Tensor> tensors) {
        this.extraMetadata = Map.copyOf(metadata);
        this.extraTensors = new LinkedHashMap<>(tensors);
        return this;
    }

    /**
     * Asks a running {@link #fit} to stop after the current mini-batch (e.g. from a SIGINT
     * handler). The files on disk stay those of the last completed epoch, from which
     * {@link #resume} continues exactly.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains on {@code trainAll} minus its last {@code config.validationSize()} examples, which
     * serve as the validation set (the papers' MNIST split), and evaluates the best model on
     * {@code test} (may be null).
     */
    public TrainingResult fit(Dataset trainAll, Dataset test) {
        int v = config.validationSize();
        if (v >= trainAll.size()) {
            throw new IllegalArgumentException("validation size " + v + " leaves no training examples of the "
                    + trainAll.size() + " in " + trainAll.name());
        }
        if (v == 0) {
            return fit(trainAll, null, test);
        }
        int n = trainAll.size() - v;
        return fit(trainAll.slice(trainAll.name() + "[0:" + n + "]", 0, n),
                trainAll.slice(trainAll.name() + "[" + n + ":" + trainAll.size() + "]", n, trainAll.size()), test);
    }

    /**
     * Trains from the epoch after the last completed one (1, or the resumed checkpoint's + 1) up
     * to {@code config.epochs()}; {@code validation} and {@code test} may be null. At the end the
     * network holds the best model's weights.
     *
     * @throws TrainingDivergedException on a NaN or infinite loss
     * @throws UncheckedIOException if a checkpoint cannot be written
     */
    public TrainingResult fit(Dataset train, Dataset validation, Dataset test) {
        long start = System.nanoTime();
        stopRequested = false;
        int batch = config.batchSize();
        int batches = train.size() / batch;
        if (batches == 0) {
            throw new IllegalArgumentException("the training set " + train.name() + " has " + train.size()
                    + " examples, fewer than one batch of " + batch);
        }
        int firstEpoch = history.size() + 1;
        Path out = config.outputDir();
        if (out != null) {
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the output folder " + out, e);
            }
        }
        LOG.info("training {} with {} and {}; {}; seed {}; {} (validation: {}; test: {}); starting at epoch {}",
                network, loss, optimizer, Json.write(config.toMap()), config.seed(), train,
                validation == null ? "none" : validation.size() + " examples", test == null ? "none" : test.size() + " examples",
                firstEpoch);
        LOG.info("network architecture: {}", Json.write(network.config()));
        listeners.forEach(l -> l.onStart(config, firstEpoch));

        boolean stoppedEarly = false;
        boolean interrupted = false;
        try (Parallelism threads = Parallelism.threads(config.threads())) {
            network.setParallelism(threads);
            optimizer.setParallelism(threads);
            Batches buffers = new Batches(train, batch, loss);
            int[] order = new int[train.size()];
            long[][] signs = latent.stream().map(p -> new long[(p.value().size() + 63) / 64]).toArray(long[][]::new);
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                double factor = config.schedule().factor(epoch - 1, config.epochs());
                optimizer.setLearningRateFactor(factor);
                shuffle(order, epoch);
                recordSigns(signs);
                network.train();
                long trainStart = System.nanoTime();
                for (TrainingListener l : listeners) {
                    l.onEpochStart(epoch, batches);
                }
                double lossSum = 0;
                long wrong = 0;
                for (int b = 0; b < batches; b++) {
                    if (stopRequested) {
                        interrupted = true;
                        break;
                    }
                    System.arraycopy(order, b * batch, buffers.indices, 0, batch);
                    train.gather(buffers.indices, buffers.inputs, buffers.labels);
                    buffers.encodeTargets();
                    for (Parameter p : parameters) {
                        p.zeroGrad();
                    }
                    Tensor output = network.forward(buffers.inputs);
                    float l = loss.evaluate(output, buffers.targets, buffers.gradient);
                    if (!Float.isFinite(l)) {
                        throw diverged(l, epoch, b + 1, batches);
                    }
                    network.backwardParameters(buffers.gradient);
                    optimizer.step();
                    lossSum += l;
                    wrong += misclassified(output, buffers.labels);
                    for (int k = 0; k < listeners.size(); k++) {
                        listeners.get(k).onBatch(epoch, b + 1, l);
                    }
                }
                if (interrupted) {
                    LOG.info("stopped on request during epoch {}{}", epoch, out == null ? ""
                            : epoch == 1 ? "; no epoch was completed, nothing was written" : "; the files in " + out + " hold epoch " + (epoch - 1));
                    break;
                }
                double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
                double flipped = flippedShare(signs);
                Evaluation val = validation == null ? null : evaluate(validation);
                boolean improved = val == null || val.error() < bestError;
                if (improved) {
                    bestEpoch = epoch;
                    bestError = val == null ? Double.NaN : val.error();
                    if (val != null) {
                        keepBestState();
                    }
                }
                EpochMetrics m = new EpochMetrics(epoch, factor, lossSum / batches, (double) wrong / ((long) batches * batch),
                        val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.error(), flipped,
                        (System.nanoTime() - epochStart) / 1e9, (double) batches * batch / trainSeconds, improved && val != null);
                history.add(m);
                LOG.info("{}", m);
                if (out != null) {
                    writeFiles(out, improved);
                }
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(m);
                }
                if (config.earlyStoppingPatience() > 0 && epoch - bestEpoch >= config.earlyStoppingPatience()
                        && epoch < config.epochs()) {
                    LOG.info("early stop after epoch {}: no better validation error than epoch {}'s {} for {} epochs",
                            epoch, bestEpoch, bestError, config.earlyStoppingPatience());
                    stoppedEarly = true;
                    break;
                }
            }
            if (bestState != null && !interrupted) {
                network.loadState(bestState);
            }
            Evaluation t = test == null || interrupted ? null : evaluate(test);
            TrainingResult result = new TrainingResult(history, bestEpoch, bestError, t == null ? Double.NaN : t.error(),
                    t == null ? Double.NaN : t.loss(), stoppedEarly || interrupted, (System.nanoTime() - start) / 1e9);
            if (t != null) {
                LOG.info("test error {} ({} examples), loss {}, of the model of epoch {}", t.error(), test.size(), t.loss(), bestEpoch);
            }
            listeners.forEach(l -> l.onEnd(result));
            return result;
        } finally {
            Parallelism single = Parallelism.singleThread();
            network.setParallelism(single);
            optimizer.setParallelism(single);
        }
    }

    /**
     * Copies the network's state into {@link #bestState}, reusing its tensors after the first
     * time. (Without a validation set the best model is the last one, which the network holds.)
     */
    private void keepBestState() {
        if (bestState == null) {
            bestState = network.state();
            return;
        }
        network.namedParameters().forEach((name, p) -> bestState.get(name).copyFrom(p.value()));
        network.buffers().forEach((name, t) -> bestState.get(name).copyFrom(t));
    }

    /** Mean loss and error of the network in evaluation mode. */
    public record Evaluation(double loss, double error) {}

    /**
     * The network's mean loss and error on {@code data} in evaluation mode (running batch-norm
     * statistics, no dropout, deterministic binarization), in batches of {@code config.batchSize()}.
     */
    public Evaluation evaluate(Dataset data) {
        return evaluate(network, loss, data, config.batchSize());
    }

    /**
     * The mean loss and error of {@code network} on {@code data} in evaluation mode, in batches of
     * {@code batchSize} (e.g. for a model loaded with {@link ModelFile#load}; the loss of its
     * training is {@code Losses.fromConfig} of the {@code "loss"} entry of its {@code training}
     * metadata). Leaves the network in training mode.
     */
    public static Evaluation evaluate(Module network, Loss loss, Dataset data, int batchSize) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot evaluate on the empty data set " + data.name());
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        network.eval();
        int batch = Math.min(batchSize, data.size());
        Batches full = new Batches(data, batch, loss);
        Batches tail = data.size() % batch == 0 ? null : new Batches(data, data.size() % batch, loss);
        double lossSum = 0;
        long wrong = 0;
        for (int from = 0; from < data.size(); from += batch) {
            Batches b = from + batch <= data.size() ? full : tail;
            int n = b.indices.length;
            for (int i = 0; i < n; i++) {
                b.indices[i] = from + i;
            }
            data.gather(b.indices, b.inputs, b.labels);
            b.encodeTargets();
            Tensor output = network.forward(b.inputs);
            lossSum += (double) loss.evaluate(output, b.targets, null) * n;
            wrong += misclassified(output, b.labels);
        }
        network.train();
        return new Evaluation(lossSum / data.size(), (double) wrong / data.size());
    }

    /**
     * Restores a checkpoint written by a trainer of the same network architecture and seed: the
     * network's state, the optimizer's state, the completed epochs and their metrics, and (from
     * {@value #MODEL_FILE} beside it) the best model so far. The next {@link #fit} continues with
     * the following epoch, bit-identically to an uninterrupted run.
     *
     * @throws dev.bnn.train.io.ModelFileException if the file is damaged or holds another architecture
     * @throws IllegalArgumentException if it was trained with another seed or lacks trainer entries
     */
    public void resume(Path checkpoint) throws IOException {
        ModelFile.Contents c = ModelFile.loadInto(checkpoint, network);
        Map<String, String> meta = c.metadata();
        long seed = Long.parseLong(required(meta, "trainer.seed", checkpoint));
        if (seed != config.seed()) {
            throw new IllegalArgumentException(checkpoint + " was trained with seed " + seed + " but this trainer has seed "
                    + config.seed() + "; a resumed run must keep its seed to continue the same shuffles");
        }
        Map<String, Tensor> optimizerState = new LinkedHashMap<>(c.extraTensors());
        optimizerState.keySet().removeIf(k -> !k.startsWith(OPTIMIZER_PREFIX));
        optimizer.importState(OPTIMIZER_PREFIX, optimizerState, meta);
        history.clear();
        for (String row : required(meta, "trainer.history", checkpoint).lines().toList()) {
            history.add(EpochMetrics.fromCsvRow(row));
        }
        int epoch = Integer.parseInt(required(meta, "trainer.epoch", checkpoint));
        if (history.size() != epoch) {
            throw new IllegalArgumentException(checkpoint + ": trainer.epoch is " + epoch + " but the history has "
                    + history.size() + " rows");
        }
        bestEpoch = Integer.parseInt(required(meta, "trainer.best_epoch", checkpoint));
        bestError = Double.parseDouble(required(meta, "trainer.best_error", checkpoint));
        bestState = null;
        Path best = checkpoint.resolveSibling(MODEL_FILE);
        if (bestEpoch > 0 && Files.exists(best)) {
            ModelFile.Contents b = ModelFile.load(best);
            String bestFileEpoch = b.metadata().get("trainer.epoch");
            if (!Integer.toString(bestEpoch).equals(bestFileEpoch)) {
                LOG.warn("{} holds the model of epoch {} but the checkpoint's best epoch is {}; using it", best, bestFileEpoch,
                        bestEpoch);
            }
            bestState = b.network().state();
        } else if (bestEpoch > 0 && !Double.isNaN(bestError)) {
            LOG.warn("{} is missing: unless a later epoch improves on epoch {}, the run ends with the last epoch's weights",
                    best, bestEpoch);
        }
        LOG.info("resumed from {}: {} epochs done, best validation error {} at epoch {}, optimizer at step {}", checkpoint,
                epoch, bestError, bestEpoch, optimizer.steps());
    }

    private static String required(Map<String, String> meta, String key, Path file) {
        String v = meta.get(key);
        if (v == null) {
            throw new IllegalArgumentException(file + " is a model file but not a checkpoint: its metadata has no " + key);
        }
        return v;
    }

    /** The training configuration as stored in every model file: the config, the optimizer, the loss. */
    private String trainingJson() {
        Map<String, Object> m = new LinkedHashMap<>(config.toMap());
        m.put("optimizer", optimizer.toString());
        m.put("loss", loss.config());
        return Json.write(m);
    }

    private void writeFiles(Path out, boolean improved) {
        int epoch = history.size();
        Map<String, String> meta = new LinkedHashMap<>(extraMetadata);
        meta.put("training", trainingJson());
        meta.put("trainer.epoch", Integer.toString(epoch));
        try {
            if (improved) {
                ModelFile.save(out.resolve(MODEL_FILE), network, meta, extraTensors);
            }
            meta.put("trainer.seed", Long.toString(config.seed()));
            meta.put("trainer.best_epoch", Integer.toString(bestEpoch));
            meta.put("trainer.best_error", Double.toString(bestError));
            StringBuilder rows = new StringBuilder();
            for (EpochMetrics m : history) {
                rows.append(m.csvRow()).append('\n');
            }
            meta.put("trainer.history", rows.toString());
            Map<String, Tensor> tensors = new LinkedHashMap<>(extraTensors);
            optimizer.exportState(OPTIMIZER_PREFIX, tensors, meta);
            ModelFile.save(out.resolve(CHECKPOINT_FILE), network, meta, tensors);
            AtomicFile.writeString(out.resolve(CSV_FILE), String.join(",", EpochMetrics.CSV_COLUMNS) + "\n" + rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the files of epoch " + epoch + " to " + out, e);
        }
    }

    private TrainingDivergedException diverged(float l, int epoch, int batch, int batches) {
        Path checkpoint = config.outputDir() == null ? null : config.outputDir().resolve(CHECKPOINT_FILE);
        String last = history.isEmpty() || checkpoint == null ? "no checkpoint was written"
                : "the last good checkpoint is " + checkpoint + " (epoch " + history.size() + ")";
        return new TrainingDivergedException("the loss is " + l + " at epoch " + epoch + ", batch " + batch + " of " + batches
                + "; training stopped before updating the weights; " + last + ". Try a lower learning rate.", epoch, batch);
    }

    /** order = a permutation of 0..n-1 drawn by a generator seeded from (seed, epoch) alone (Fisher-Yates). */
    private void shuffle(int[] order, int epoch) {
        RandomGenerator rng = Seeds.generator(config.seed() + 0x9E3779B97F4A7C15L * epoch);
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private void recordSigns(long[][] signs) {
        for (int k = 0; k < signs.length; k++) {
            Arrays.fill(signs[k], 0);
            Tensor v = latent.get(k).value();
            float[] d = v.data();
            for (int i = 0; i < v.size(); i++) {
                if (d[v.offset() + i] < 0) {
                    signs[k][i >>> 6] |= 1L << i;
                }
            }
        }
    }

    /** Share of latent weights whose sign (sign(0) = +1) differs from the one {@link #recordSigns} saw. */
    private double flippedShare(long[][] signs) {
        long flipped = 0;
        long total = 0;
        for (int k = 0; k < signs.length; k++) {
            Tensor v = latent.get(k).value();
            float[] d = v.data();
            for (int i = 0; i < v.size(); i++) {
                boolean negative = d[v.offset() + i] < 0;
                if (negative != ((signs[k][i >>> 6] & 1L << i) != 0)) {
                    flipped++;
                }
            }
            total += v.size();
        }
        return total == 0 ? Double.NaN : (double) flipped / total;
    }

    /** Rows of {@code output} whose first arg-max differs from the label. */
    private static long misclassified(Tensor output, int[] labels) {
        int n = output.dim(0);
        int k = output.dim(1);
        float[] d = output.data();
        long wrong = 0;
        for (int i = 0; i < n; i++) {
            int row = output.offset() + i * k;
            int arg = 0;
            for (int j = 1; j < k; j++) {
                if (d[row + j] > d[row + arg]) {
                    arg = j;
                }
            }
            if (arg != labels[i]) {
                wrong++;
            }
        }
        return wrong;
    }

    /** The reused buffers of one batch size: indices, inputs, labels, encoded targets, loss gradient. */
    private static final class Batches {
        final int[] indices;
        final int[] labels;
        final Tensor inputs;
        final Tensor targets;
        final Tensor gradient;
        final boolean hinge;

        Batches(Dataset data, int batch, Loss loss) {
            indices = new int[batch];
            labels = new int[batch];
            int[] shape = data.inputs().shape();
            shape[0] = batch;
            inputs = Tensor.zeros(shape);
            targets = Tensor.zeros(batch, data.classes());
            gradient = Tensor.zeros(batch, data.classes());
            hinge = loss instanceof SquaredHinge;
        }

        /**
         * The squared hinge's targets are ±1 (one-hot with -1 elsewhere); cross-entropy's are
         * one-hot. (As {@code Losses.encode}, which allocates a row view per example; this runs per batch.)
         */
        void encodeTargets() {
            float[] t = targets.data();
            int k = targets.dim(1);
            Arrays.fill(t, hinge ? -1f : 0f);
            for (int i = 0; i < labels.length; i++) {
                t[i * k + labels[i]] = 1f;
            }
        }
    }
}
