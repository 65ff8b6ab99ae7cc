package dev.bnn.train;

import dev.bnn.core.Dataset;
import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.io.Json;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.analysis.Angles;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.loss.Loss;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.optim.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop of mini-batch training, the BinaryConnect / BNN way, built on the parts that do
 * the work: a {@link TrainingStep} per mini-batch, an {@link Evaluator} for validation and test,
 * {@link Checkpoint} for the files and resume, {@link SignFlips} for the epoch's flipped weights.
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
 * (seed, e); each full mini-batch is one {@link TrainingStep} (the last {@code size % batchSize}
 * examples of the shuffled order are left out of that epoch, as in the papers' code, so every
 * batch has the same shape); a NaN or infinite loss stops training with a
 * {@link TrainingDivergedException} before the bad gradient reaches the weights. Then the
 * validation set is evaluated, one line is logged, listeners are called, and with an output folder
 * the {@link Checkpoint} files are replaced atomically. At the end the network holds the best
 * model (by validation error), which is evaluated on the test set.
 *
 * <p><b>Reproducibility</b>: with the same seed, thread count and initial network, the weights
 * after N epochs are bit-identical, and a run resumed from the checkpoint of epoch k
 * ({@link #resume}) continues bit-identically. The trainer owns a {@link Parallelism} of
 * {@code config.threads()} during {@link #fit} and leaves the network single-threaded after it.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final Module network;
    private final Loss loss;
    private final Optimizer optimizer;
    private final TrainerConfig config;
    private final TrainingStep step;
    private final Evaluator evaluator;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Map<String, String> extraMetadata = Map.of();
    private Map<String, Tensor> extraTensors = Map.of();
    private volatile boolean stopRequested;
    private Checkpoint progress;
    private Map<String, Tensor> bestState;

    /**
     * @param optimizer an optimizer not yet bound: the trainer binds it to {@code network.namedParameters()}
     */
    public Trainer(Module network, Loss loss, Optimizer optimizer, TrainerConfig config) {
        this.network = Objects.requireNonNull(network, "network");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.config = Objects.requireNonNull(config, "config");
        step = new TrainingStep(network, loss, optimizer);
        evaluator = new Evaluator(network, loss, config.batchSize());
        progress = Checkpoint.start(config.seed());
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
     * e.g. the data preprocessing, so that evaluation applies the same transform. Returns this.
     */
    public Trainer withModelExtras(Map<String, String> metadata, Map<String, Tensor> tensors) {
        this.extraMetadata = Map.copyOf(metadata);
        this.extraTensors = new LinkedHashMap<>(tensors);
        return this;
    }

    /**
     * Asks a running {@link #fit} to stop after the current mini-batch (e.g. from a SIGINT handler).
     * The files on disk stay those of the last completed epoch, from which {@link #resume} continues.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains on {@code trainAll} minus its last {@code config.validationSize()} examples, which serve
     * as the validation set (the papers' MNIST split), and evaluates the best model on {@code test}
     * (may be null).
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
     * Trains from the epoch after the last completed one up to {@code config.epochs()};
     * {@code validation} and {@code test} may be null. At the end the network holds the best model.
     *
     * @throws TrainingDivergedException on a NaN or infinite loss
     * @throws UncheckedIOException if a checkpoint cannot be written
     */
    public TrainingResult fit(Dataset train, Dataset validation, Dataset test) {
        long start = System.nanoTime();
        stopRequested = false;
        Batch batch = new Batch(train, config.batchSize());
        int batches = train.size() / batch.size();
        if (batches == 0) {
            throw new IllegalArgumentException("the training set " + train.name() + " has " + train.size()
                    + " examples, fewer than one batch of " + batch.size());
        }
        requireLike(train, validation, "validation");
        requireLike(train, test, "test");
        int firstEpoch = progress.epoch() + 1;
        createOutputFolder();
        LOG.info("training {} with {} and {}; {}; seed {}; {} (validation: {}; test: {}); starting at epoch {}",
                network, loss, optimizer, Json.write(config.toMap()), config.seed(), train,
                validation == null ? "none" : validation.size() + " examples", test == null ? "none" : test.size() + " examples",
                firstEpoch);
        LOG.info("network architecture: {}", Json.write(network.config()));
        listeners.forEach(l -> l.onStart(config, firstEpoch));
        boolean stoppedEarly = false;
        boolean interrupted = false;
        SignFlips flips = new SignFlips(network.parameters());
        int[] order = new int[train.size()];
        try (Parallelism threads = Parallelism.threads(config.threads())) {
            network.setParallelism(threads);
            optimizer.setParallelism(threads);
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                double factor = config.schedule().factor(epoch - 1, config.epochs());
                optimizer.setLearningRateFactor(factor);
                shuffle(order, epoch);
                flips.record();
                network.train();
                long trainStart = System.nanoTime();
                for (TrainingListener l : listeners) {
                    l.onEpochStart(epoch, batches);
                }
                double lossSum = 0;
                long wrong = 0;
                for (int b = 0; b < batches && !(interrupted = stopRequested); b++) {
                    TrainingStep.Result r = step.computeGradients(batch.gather(train, order, b * batch.size()));
                    if (!r.isFinite()) {
                        throw diverged(r.loss(), epoch, b + 1, batches);
                    }
                    step.applyUpdate();
                    lossSum += r.loss();
                    wrong += r.misclassified();
                    for (int k = 0; k < listeners.size(); k++) {
                        listeners.get(k).onBatch(epoch, b + 1, r.loss());
                    }
                }
                if (interrupted) {
                    LOG.info("stopped on request during epoch {}{}", epoch, config.outputDir() == null ? ""
                            : epoch == 1 ? "; no epoch was completed, nothing was written"
                            : "; the files in " + config.outputDir() + " hold epoch " + (epoch - 1));
                    break;
                }
                double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
                Evaluator.Evaluation val = validation == null ? null : evaluator.evaluate(validation);
                boolean improved = val == null || val.error() < progress.bestError();
                EpochMetrics m = new EpochMetrics(epoch, factor, lossSum / batches, (double) wrong / ((long) batches * batch.size()),
                        val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.error(), flips.flippedShare(),
                        (System.nanoTime() - epochStart) / 1e9, (double) batches * batch.size() / trainSeconds,
                        improved && val != null, factor * optimizer.learningRate(), weightAngles());
                progress = progress.next(m, improved);
                if (improved && val != null) {
                    keepBestState();
                }
                LOG.info("{}", m);
                writeFiles(improved);
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(m);
                }
                if (config.earlyStoppingPatience() > 0 && epoch - progress.bestEpoch() >= config.earlyStoppingPatience()
                        && epoch < config.epochs()) {
                    LOG.info("early stop after epoch {}: no better validation error than epoch {}'s {} for {} epochs",
                            epoch, progress.bestEpoch(), progress.bestError(), config.earlyStoppingPatience());
                    stoppedEarly = true;
                    break;
                }
            }
            if (bestState != null && !interrupted) {
                network.loadState(bestState);
            }
            Evaluator.Evaluation t = test == null || interrupted ? null : evaluator.evaluate(test);
            TrainingResult result = new TrainingResult(progress.history(), progress.bestEpoch(),
                    Double.isInfinite(progress.bestError()) ? Double.NaN : progress.bestError(),
                    t == null ? Double.NaN : t.error(), t == null ? Double.NaN : t.loss(), stoppedEarly || interrupted,
                    (System.nanoTime() - start) / 1e9);
            if (t != null) {
                LOG.info("test error {} ({} examples), loss {}, of the model of epoch {}", t.error(), test.size(), t.loss(),
                        progress.bestEpoch());
            }
            listeners.forEach(l -> l.onEnd(result));
            return result;
        } finally {
            Parallelism single = Parallelism.singleThread();
            network.setParallelism(single);
            optimizer.setParallelism(single);
        }
    }

    /** The network's mean loss and error on {@code data} in evaluation mode, in batches of {@code config.batchSize()}. */
    public Evaluator.Evaluation evaluate(Dataset data) {
        return evaluator.evaluate(data);
    }

    /**
     * Restores a checkpoint written by a trainer of the same network architecture and seed: network,
     * optimizer, completed epochs and (from {@value Checkpoint#MODEL_FILE} beside it) the best model
     * so far. The next {@link #fit} continues with the following epoch, bit-identically.
     *
     * @throws dev.bnn.core.io.ModelFileException if the file is damaged or holds another architecture
     * @throws IllegalArgumentException if it was trained with another seed or is not a checkpoint
     */
    public void resume(Path checkpoint) throws IOException {
        Checkpoint c = Checkpoint.load(checkpoint, network, optimizer);
        if (c.seed() != config.seed()) {
            throw new IllegalArgumentException(checkpoint + " was trained with seed " + c.seed() + " but this trainer has seed "
                    + config.seed() + "; a resumed run must keep its seed to continue the same shuffles");
        }
        progress = c;
        bestState = null;
        Path best = checkpoint.resolveSibling(Checkpoint.MODEL_FILE);
        if (c.bestEpoch() > 0 && Files.exists(best)) {
            ModelFile.Contents b = ModelFile.load(best);
            if (Checkpoint.epochOf(b.metadata()).orElse(-1) != c.bestEpoch()) {
                LOG.warn("{} holds the model of epoch {} but the checkpoint's best epoch is {}; using it", best,
                        Checkpoint.epochOf(b.metadata()), c.bestEpoch());
            }
            bestState = b.network().state();
        } else if (c.bestEpoch() > 0 && !Double.isNaN(c.bestError())) {
            LOG.warn("{} is missing: unless a later epoch improves on epoch {}, the run ends with the last epoch's weights",
                    best, c.bestEpoch());
        }
        LOG.info("resumed from {}: {} epochs done, best validation error {} at epoch {}, optimizer at step {}", checkpoint,
                c.epoch(), c.bestError(), c.bestEpoch(), optimizer.steps());
    }

    /** Copies the network's state into {@link #bestState}, reusing its tensors after the first time. */
    /**
     * Checks before the first epoch that a held-out split can be evaluated at the end: examples of
     * the training set's shape and classes, at least one of them.
     */
    private static void requireLike(Dataset train, Dataset split, String what) {
        if (split == null) {
            return;
        }
        if (split.size() == 0) {
            throw new IllegalArgumentException("the " + what + " set " + split.name() + " is empty");
        }
        if (!java.util.Arrays.equals(split.exampleShape(), train.exampleShape()) || split.classes() != train.classes()) {
            throw new IllegalArgumentException("the " + what + " set " + split + " does not match the training set " + train
                    + ": examples of " + java.util.Arrays.toString(split.exampleShape()) + " and " + split.classes()
                    + " classes against " + java.util.Arrays.toString(train.exampleShape()) + " and " + train.classes());
        }
    }

    /** Per binary layer, the mean angle (degrees) between its latent weight vectors and their signs. */
    private List<Double> weightAngles() {
        List<Double> out = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            if (p.isLatentBinary() && p.value().rank() == 2) {
                double[] degrees = Angles.rowDegrees(p.value());
                out.add(java.util.Arrays.stream(degrees).average().orElse(Double.NaN));
            }
        }
        return out;
    }

    private void keepBestState() {
        if (bestState == null) {
            bestState = network.state();
            return;
        }
        network.namedParameters().forEach((name, p) -> bestState.get(name).copyFrom(p.value()));
        network.buffers().forEach((name, t) -> bestState.get(name).copyFrom(t));
    }

    private void createOutputFolder() {
        if (config.outputDir() != null) {
            try {
                Files.createDirectories(config.outputDir());
                // temporary files of writes killed mid-way (a crash, kill -9) in an earlier run
                List<String> stale = dev.bnn.core.io.AtomicFile.removeStaleTemporaryFiles(config.outputDir(),
                        java.time.Duration.ofMinutes(10));
                if (!stale.isEmpty()) {
                    LOG.info("removed {} stale temporary file(s) of an interrupted write in {}: {}", stale.size(),
                            config.outputDir(), stale);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the output folder " + config.outputDir(), e);
            }
        }
    }

    /** The files of the epoch just completed, with the training configuration (config, optimizer, loss) in each. */
    private void writeFiles(boolean improved) {
        if (config.outputDir() == null) {
            return;
        }
        Map<String, String> meta = new LinkedHashMap<>(extraMetadata);
        meta.put(TrainingSetup.KEY, TrainingSetup.write(config, optimizer, loss));
        try {
            progress.save(config.outputDir(), network, optimizer, improved, meta, extraTensors);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the files of epoch " + progress.epoch() + " to " + config.outputDir(), e);
        }
    }

    private TrainingDivergedException diverged(float l, int epoch, int batch, int batches) {
        String last = progress.epoch() == 0 || config.outputDir() == null ? "no checkpoint was written"
                : "the last good checkpoint is " + config.outputDir().resolve(Checkpoint.CHECKPOINT_FILE) + " (epoch "
                + progress.epoch() + ")";
        return new TrainingDivergedException("the loss is " + l + " at epoch " + epoch + ", batch " + batch + " of " + batches
                + "; training stopped before updating the weights; " + last + ". Try a lower learning rate.", epoch, batch);
    }

    /** order = a permutation of 0..n-1 drawn by a generator seeded from (seed, epoch) alone (Fisher-Yates). */
    private void shuffle(int[] order, int epoch) {
        RandomGenerator rng = Seeds.generator(config.seed() + Seeds.GOLDEN_GAMMA * epoch);
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
}
