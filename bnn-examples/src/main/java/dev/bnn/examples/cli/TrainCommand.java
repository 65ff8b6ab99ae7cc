package dev.bnn.examples.cli;

import dev.bnn.core.Dataset;
import dev.bnn.core.io.AtomicFile;
import dev.bnn.core.io.Json;
import dev.bnn.data.DatasetKind;
import dev.bnn.data.Datasets;
import dev.bnn.data.Split;
import dev.bnn.data.preprocess.Preprocessor;
import dev.bnn.data.preprocess.PreprocessorState;
import dev.bnn.examples.presets.Preprocessing;
import dev.bnn.examples.presets.Preset;
import dev.bnn.examples.presets.Recipe;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.Checkpoint;
import dev.bnn.train.EpochMetrics;
import dev.bnn.train.Trainer;
import dev.bnn.train.TrainerConfig;
import dev.bnn.train.TrainingListener;
import dev.bnn.train.TrainingResult;
import dev.bnn.train.TrainingSetup;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.layers.Init;
import dev.bnn.train.loss.Loss;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.optim.LearningRateSchedule;
import dev.bnn.train.optim.Optimizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bnn train}: trains one of the {@link Preset}s on a dataset and writes the run's folder:
 * {@value Checkpoint#MODEL_FILE} (best model by validation error, with the data preprocessing),
 * {@value Checkpoint#CHECKPOINT_FILE} (the last completed epoch, for {@code --resume}),
 * {@value Checkpoint#CSV_FILE}, {@value #PNG_FILE} (learning curves, redrawn after every epoch),
 * {@value #SUMMARY_FILE} (network summary, settings, result) and {@value RunSpec#FILE}.
 * Logs go to stderr; the result to stdout (one JSON object with {@code --json}).
 *
 * <p>Ctrl-C (SIGINT) stops after the current mini-batch; the folder then holds the last completed
 * epoch, consistently, and {@code --resume DIR} continues from it. A second Ctrl-C exits at once.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a binarized (or float) network; with no options: the BNN MLP on MNIST, "
                + Preset.MLP_EPOCHS + " epochs, 3 x " + Preset.MLP_WIDTH + " units.",
            "Writes model.safetensors, checkpoint.safetensors, epochs.csv, learning-curves.png, summary.txt and run.json to --out.",
            "Logs go to stderr, the test error to stdout. Ctrl-C stops after writing a consistent checkpoint; --resume DIR continues."})
public final class TrainCommand implements Callable<Integer> {
    static final String PNG_FILE = "learning-curves.png";
    static final String SUMMARY_FILE = "summary.txt";
    static final String RESULT_FILE = "result.json";
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ThreadOptions threadOptions;

    @CommandLine.Mixin
    DataOptions dataOptions;

    @Option(names = "--model", paramLabel = "NAME", description = "Preset: bnn-mlp (default), bc-mlp, float-mlp, bnn-convnet, "
            + "bc-convnet, float-convnet. See the list below.")
    String model;

    @Option(names = "--dataset", paramLabel = "NAME", description = "mnist, fashion-mnist, cifar10, svhn "
            + "(default: mnist for the MLPs, cifar10 for the ConvNets).")
    String dataset;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the preset's, see below).")
    Integer epochs;

    @Option(names = "--width", paramLabel = "W", description = "MLP: units per hidden layer; ConvNet: channels of the first "
            + "block (W, 2W, 4W channels, 8W dense units; the paper: 128).")
    Integer width;

    @Option(names = "--batch", paramLabel = "B", description = "Mini-batch size (default: the paper's, 100 for the MLPs, 50 for the ConvNets).")
    Integer batch;

    @Option(names = "--lr-start", paramLabel = "X", description = "Learning rate of the first epoch (default: the paper's).")
    Double lrStart;

    @Option(names = "--lr-end", paramLabel = "X", description = "Learning rate the exponential decay reaches after the last epoch (default: the paper's).")
    Double lrEnd;

    @Option(names = "--dropout-in", paramLabel = "P", description = "Dropout probability on the input (default 0).")
    Float dropoutIn;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout probability after each hidden activation (default 0).")
    Float dropoutHidden;

    @Option(names = "--rotate-input", description = "MLP presets: rotate the input by a seeded Haar-random rotation "
            + "before the first binary layer (Anderson and Berg 2018; saved, resumed and frozen with the network).")
    boolean rotateInput;

    @Option(names = "--stochastic", description = "bc presets: stochastic binarization of the weights (BinaryConnect, eq. 2); "
            + "evaluated with the real-valued weights, as in the paper.")
    boolean stochastic;

    @Option(names = "--init", paramLabel = "I", description = "Initial latent weights of the binary layers (float-* presets: "
            + "Glorot uniform, not settable): glorot "
            + "(U(-a, a), a = sqrt(6 / (fan_in + fan_out))) or uniform (the papers' H = 1: U(-1, 1), the default).")
    String initName;

    @Option(names = "--preprocessing", paramLabel = "P", description = "gcn-zca (contrast normalisation + ZCA whitening "
            + "fitted on the training split) or pixel-scale ([-1, 1]); default: the paper's, see below.")
    String preprocessing;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the initial weights and the shuffles (default: 1).")
    Long seed;

    @Option(names = "--validation", paramLabel = "N", description = "Training examples held out (from the end) for validation "
            + "and model selection (default: 10000 on MNIST, 5000 on CIFAR-10 and SVHN, as in the papers).")
    Integer validation;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use only the first N training examples (quick checks).")
    Integer trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", description = "Use only the first N test examples (quick checks).")
    Integer testLimit;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/MODEL-DATASET-TIME).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the interrupted run in DIR with its settings "
            + "(only --epochs, --threads, --data, --no-download and --json may be given with it).")
    Path resume;

    /** True when --resume continues from a checkpoint (false for a run stopped before its first epoch ended). */
    private boolean fromCheckpoint;

    @Option(names = "--json", description = "Print one JSON object: test_error (a fraction), seconds, epochs, model, ... .")
    boolean json;

    @Option(names = "--stop-after", hidden = true, paramLabel = "N", description = "Tests: stop as Ctrl-C does, after epoch N.")
    int stopAfter;

    @Override
    public Integer call() throws Exception {
        RunSpec run;
        Path dir;
        if (resume != null) {
            rejectWithResume();
            dir = resume;
            run = RunSpec.read(dir);
            if (epochs != null) {
                positive("--epochs", epochs);
                run = run.withEpochs(epochs);
            }
            fromCheckpoint = Files.isRegularFile(dir.resolve(Checkpoint.CHECKPOINT_FILE));
            if (fromCheckpoint && epochs != null) {
                // fewer epochs than the checkpoint holds would rewrite run.json and train nothing: refuse
                java.util.OptionalInt done = Checkpoint.epochOf(
                        dev.bnn.core.io.SafeTensors.readMetadata(dir.resolve(Checkpoint.CHECKPOINT_FILE)));
                if (done.isPresent() && epochs <= done.getAsInt()) {
                    throw new UserException(dir + " has already trained " + done.getAsInt() + " epochs: --epochs " + epochs
                            + " would add none; give more than " + done.getAsInt() + " to continue");
                }
            }
            if (!fromCheckpoint) {
                LOG.info("{} has no {}: the run stopped before its first epoch ended; it starts again from epoch 1 with "
                        + "its settings ({})", dir, Checkpoint.CHECKPOINT_FILE, RunSpec.FILE);
            }
        } else {
            run = resolve();
            dir = out != null ? out : Path.of("runs", run.preset().label() + "-" + run.dataset().folder() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            if (Files.exists(dir.resolve(Checkpoint.CHECKPOINT_FILE)) || Files.exists(dir.resolve(RunSpec.FILE))) {
                throw new UserException(dir + " already holds a run; continue it with --resume " + dir
                        + " or choose another --out");
            }
        }
        try (RunLock lock = RunLock.acquire(dir)) {
            return train(run, dir, threadOptions.count());
        }
    }

    /** The run's settings: the flags over the preset's defaults. */
    private RunSpec resolve() {
        try {
            Preset preset = Preset.of(model == null ? Preset.BNN_MLP.label() : model);
            DatasetKind kind = dataset == null ? preset.defaultDataset() : DatasetKind.fromName(dataset);
            Preset.Settings d = preset.defaults(kind);
            RunSpec r = new RunSpec(preset, kind, or(epochs, d.epochs()), or(width, d.width()), or(batch, d.batch()),
                    lrStart == null ? d.lrStart() : lrStart, lrEnd == null ? d.lrEnd() : lrEnd, seed == null ? 1 : seed,
                    dropoutIn == null ? d.dropoutIn() : dropoutIn, dropoutHidden == null ? d.dropoutHidden() : dropoutHidden,
                    stochastic, initialWeights(preset), or(validation, d.validation()), or(trainLimit, 0), or(testLimit, 0),
                    preprocessing == null ? preset.preprocessing(kind) : Preprocessing.fromName(preprocessing), rotateInput);
            r.recipe();
            return validated(r);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The checks the recipe does not make: the trainer's counts. */
    private RunSpec validated(RunSpec r) {
        positive("--epochs", r.epochs());
        positive("--batch", r.batch());
        if (r.validation() < 0 || r.trainLimit() < 0 || r.testLimit() < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--validation, --train-limit and --test-limit must not "
                    + "be negative");
        }
        return r;
    }

    private void rejectWithResume() {
        List<String> allowed = List.of("--resume", "--epochs", "--threads", "--data", "--no-download", "--json", "--stop-after");
        for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!allowed.contains(o.longestName())) {
                throw new CommandLine.ParameterException(spec.commandLine(), o.longestName() + " cannot be changed on --resume: "
                        + "the run continues with the settings in " + resume.resolve(RunSpec.FILE) + " (only --epochs, "
                        + "--threads, --data, --no-download and --json may be given)");
            }
        }
    }

    /** {@code --init} for the binary layers; a float preset has none and starts every layer Glorot uniform. */
    private Init initialWeights(Preset preset) {
        if (!preset.hasBinaryLayers()) {
            if (initName != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--init sets the initial latent weights of "
                        + "binary layers; " + preset.label() + " has none (its layers start Glorot uniform)");
            }
            return Init.GLOROT_UNIFORM;
        }
        if (initName == null) {
            return Preset.BINARY_INIT;
        }
        return RunSpec.init(initName);
    }

    private void positive(String flag, int v) {
        if (v < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), flag + " must be positive, got " + v);
        }
    }

    /**
     * Freezes the best model into model.frozen.safetensors when the network can be frozen; adds the
     * file and both sizes to the result row and returns the line to print (why not, when it cannot).
     */
    private static String freezeBest(Path dir, Map<String, Object> row, Dataset rawTest) throws IOException {
        Path model = dir.resolve(Checkpoint.MODEL_FILE);
        Path frozen = dir.resolve(Deploy.FROZEN_FILE);
        Deploy.Frozen f;
        try (Parallelism single = Parallelism.singleThread()) {
            f = Deploy.freezeTo(model, frozen, Deploy.FirstLayer.AUTO, rawTest, single);
        } catch (IllegalArgumentException | UserException e) {
            LOG.info("not frozen: {}", e.getMessage());
            row.put("frozen_model_file", null);
            return "not frozen: " + e.getMessage();
        }
        long trained = Files.size(model);
        long deployed = Files.size(frozen);
        row.put("frozen_model_file", frozen.toString());
        row.put("model_bytes", trained);
        row.put("frozen_model_bytes", deployed);
        row.put("frozen_first_layer", f.firstLayer());
        LOG.info("frozen model: {}", f.firstLayer());
        return String.format(Locale.ROOT, "frozen for deployment: %s (%d bytes, %.1fx smaller than the %d bytes of %s; %s)",
                frozen, deployed, (double) trained / deployed, trained, Checkpoint.MODEL_FILE, f.firstLayer());
    }

    private static int or(Integer v, int d) {
        return v == null ? d : v;
    }

    private int train(RunSpec run, Path dir, int threadCount) throws IOException {
        long start = System.nanoTime();
        LOG.info("bnn train: {}; {} threads; output folder {}", run.describe(), threadCount, dir.toAbsolutePath());
        Datasets datasets = dataOptions.datasets();
        RunData.requireBothSplits(datasets, run.dataset());
        Dataset trainAll = RunData.load(datasets, run.dataset(), Split.TRAIN, run.trainLimit());
        Dataset test = RunData.load(datasets, run.dataset(), Split.TEST, run.testLimit());
        if (run.validation() >= trainAll.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--validation " + run.validation() + " leaves no "
                    + "training examples of the " + trainAll.size() + " in " + trainAll.name());
        }
        if (trainAll.size() - run.validation() < run.batch()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the " + (trainAll.size() - run.validation())
                    + " training examples are fewer than one batch of " + run.batch());
        }
        Recipe recipe = run.recipe();
        PreprocessorState preprocessing;
        try (Parallelism p = Parallelism.threads(threadCount)) {
            long t0 = System.nanoTime();
            Preprocessor pre = recipe.preprocessing().fit(trainAll.inputs(), p);
            pre.apply(trainAll, p);
            pre.apply(test, p);
            preprocessing = pre.export();
            LOG.info("preprocessing {}, fitted on {} ({} ms)", pre, trainAll.name(), (System.nanoTime() - t0) / 1_000_000);
        }
        Sequential network = recipe.build(trainAll.exampleShape(), trainAll.classes());
        // a resumed run continues with the loss, optimizer and schedule its checkpoint records (older
        // checkpoints hold only the loss as configuration: the recipe gives the rest, as it did then)
        Loss loss = recipe.loss();
        Optimizer optimizer = recipe.optimizer();
        LearningRateSchedule schedule = recipe.schedule();
        if (fromCheckpoint) {
            Path checkpoint = dir.resolve(Checkpoint.CHECKPOINT_FILE);
            TrainingSetup stored;
            try {
                stored = TrainingSetup.read(ModelFile.load(checkpoint).metadata()).orElseThrow(
                        () -> new UserException(checkpoint + " does not record how it was trained"));
            } catch (IllegalArgumentException e) {
                throw new UserException(checkpoint + ": " + e.getMessage());
            }
            loss = stored.loss();
            optimizer = stored.optimizer().orElse(optimizer);
            schedule = stored.schedule().orElse(schedule);
        }
        TrainerConfig config = TrainerConfig.builder().epochs(run.epochs()).batchSize(run.batch()).seed(run.seed())
                .threads(threadCount).validationSize(run.validation()).schedule(schedule).outputDir(dir).build();
        Trainer trainer = new Trainer(network, loss, optimizer, config)
                .withModelExtras(RunData.metadata(preprocessing, run), preprocessing.tensors());
        Files.createDirectories(dir);
        int[] sample = trainAll.exampleShape();
        String summary = network.summary(sample);
        String title = run.preset().label() + " on " + run.dataset().folder() + ", width " + run.width() + ", seed " + run.seed();
        if (fromCheckpoint) {
            try {
                trainer.resume(dir.resolve(Checkpoint.CHECKPOINT_FILE));
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage()); // e.g. a model file copied over the checkpoint
            }
        }
        run.write(dir); // on --resume, the epoch count may have changed
        AtomicFile.writeString(dir.resolve(SUMMARY_FILE), summaryText(run, threadCount, summary, null));
        LOG.info("network:\n{}", summary);
        trainer.addListener(new CurveListener(dir, title));
        ProgressBarListener.attachIfInteractive(trainer);
        if (stopAfter > 0) {
            trainer.addListener(new TrainingListener() {
                @Override
                public void onEpochEnd(EpochMetrics m) {
                    if (m.epoch() == stopAfter) {
                        trainer.requestStop();
                    }
                }
            });
        }
        TrainingResult result;
        try (Interrupts interrupts = Interrupts.install(trainer::requestStop)) {
            result = trainer.fit(trainAll, test);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage()); // e.g. a test split of another shape, refused before the first epoch
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean interrupted = result.stoppedEarly() && Double.isNaN(result.testError());
        Map<String, Object> row = resultRow(run, dir, threadCount, result, seconds, interrupted);
        String frozen = interrupted ? null : freezeBest(dir, row, RunData.load(datasets, run.dataset(), Split.TEST, run.testLimit()));
        AtomicFile.writeString(dir.resolve(RESULT_FILE), Json.write(row) + "\n");
        AtomicFile.writeString(dir.resolve(SUMMARY_FILE), summaryText(run, threadCount, summary, row));
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(Json.write(row));
        } else if (interrupted) {
            stdout.printf(Locale.ROOT, "interrupted after epoch %d of %d; continue with: ./bnn train --resume %s%n",
                    result.epochs(), run.epochs(), dir);
        } else {
            stdout.printf(Locale.ROOT, "test error %.2f%% (%s on %s, %d epochs, best validation error %.2f%% at epoch %d, "
                    + "%.0f s); model in %s%n", 100 * result.testError(), run.preset().label(), run.dataset().folder(),
                    result.epochs(), 100 * result.bestValidationError(), result.bestEpoch(), seconds,
                    dir.resolve(Checkpoint.MODEL_FILE));
            if (frozen != null) {
                stdout.println(frozen);
            }
        }
        stdout.flush();
        if (interrupted) {
            LOG.info("interrupted: {} holds epoch {}; ./bnn train --resume {} continues", dir, result.epochs(), dir);
            return 130;
        }
        return 0;
    }

    private static Map<String, Object> resultRow(RunSpec run, Path dir, int threads, TrainingResult r, double seconds,
                                                 boolean interrupted) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", run.preset().label());
        m.put("dataset", run.dataset().folder());
        m.put("test_error", RunData.finite(r.testError()));
        m.put("test_loss", RunData.finite(r.testLoss()));
        m.put("best_validation_error", RunData.finite(r.bestValidationError()));
        m.put("best_epoch", r.bestEpoch());
        m.put("epochs", r.epochs());
        m.put("seconds", seconds);
        m.put("cpu_seconds", ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() / 1e3).orElse(null));
        m.put("interrupted", interrupted);
        m.put("width", run.width());
        m.put("batch", run.batch());
        m.put("seed", run.seed());
        m.put("threads", threads);
        m.put("cpu", Cpu.model());
        m.put("lr_start", run.lrStart());
        m.put("lr_end", run.lrEnd());
        m.put("stochastic", run.stochastic());
        if (run.rotateInput()) {
            m.put("rotate_input", true);
        }
        m.put("init", RunSpec.initName(run.init()));
        m.put("out", dir.toString());
        m.put("model_file", dir.resolve(Checkpoint.MODEL_FILE).toString());
        List<EpochMetrics> h = r.history();
        m.put("train_seconds", h.stream().mapToDouble(EpochMetrics::seconds).sum());
        return m;
    }

    private static String summaryText(RunSpec run, int threads, String network, Map<String, Object> result) {
        StringBuilder b = new StringBuilder();
        b.append("bnn train: ").append(run.describe()).append('\n');
        b.append("threads: ").append(threads).append("; CPU: ").append(Cpu.model()).append("; Java ")
                .append(Runtime.version()).append('\n');
        b.append("paper recipe: ").append(run.preset().paperFlags(run.dataset())).append('\n');
        b.append('\n').append(network);
        if (result != null) {
            b.append('\n').append("result: ").append(Json.write(result)).append('\n');
        }
        return b.toString();
    }

    /** Redraws the learning-curve PNG from the epoch CSV after every epoch. */
    private static final class CurveListener implements TrainingListener {
        private final Path dir;
        private final String title;

        CurveListener(Path dir, String title) {
            this.dir = dir;
            this.title = title;
        }

        @Override
        public void onEpochEnd(EpochMetrics metrics) {
            try {
                LearningCurves.render(dir.resolve(Checkpoint.CSV_FILE), title, dir.resolve(PNG_FILE));
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not draw {}: {}", dir.resolve(PNG_FILE), e.toString());
            }
        }
    }
}
