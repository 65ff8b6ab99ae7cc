package dev.bnn.examples.cli;

import dev.bnn.core.Dataset;
import dev.bnn.core.io.Json;
import dev.bnn.data.DatasetKind;
import dev.bnn.data.Split;
import dev.bnn.data.preprocess.Preprocessor;
import dev.bnn.infer.InferenceModel;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.Checkpoint;
import dev.bnn.train.Evaluator;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.loss.Loss;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bnn eval}: the test error of a model file written by {@code bnn train}, on the test split
 * of the dataset it was trained on (or another of the same shape), after the preprocessing the
 * file stores (fitted on the training split at training time), in evaluation mode (running
 * batch-norm statistics, deterministic binarization).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a model file written by bnn train, or its frozen model, on a test set, with the preprocessing "
            + "stored in the file.",
            "Logs go to stderr, the test error to stdout (one JSON object with --json)."})
public final class EvalCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(EvalCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ThreadOptions threadOptions;

    @CommandLine.Mixin
    DataOptions dataOptions;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file (model.safetensors), or a "
            + "bnn train output folder (its model.safetensors is used).")
    Path model;

    @Option(names = "--dataset", paramLabel = "NAME", description = "mnist, fashion-mnist, cifar10, svhn (default: the one "
            + "the model was trained on).")
    String dataset;

    @Option(names = "--test-limit", paramLabel = "N", description = "Use only the first N test examples.")
    int testLimit;

    @Option(names = "--json", description = "Print one JSON object: test_error (a fraction), test_loss, examples, seconds, "
            + "epochs (the epoch whose weights the file holds), model, ... .")
    boolean json;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        int t = threadOptions.count();
        if (testLimit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--test-limit must not be negative, got " + testLimit);
        }
        Path file = Deploy.modelFile(model);
        boolean frozen = Deploy.isFrozen(file);
        if (frozen) {
            return evaluateFrozen(file, t, start);
        }
        ModelFile.Contents c = ModelFile.load(file);
        Map<String, String> meta = c.metadata();
        DatasetKind kind = datasetOf(meta, file);
        Preprocessor pre = RunData.preprocessorOf(meta, c.extraTensors(), file);
        Loss loss = RunData.lossOf(meta, file);
        Dataset test = RunData.load(dataOptions.datasets(), kind, Split.TEST, testLimit);
        int batch = batchOf(meta);
        Evaluator.Evaluation e;
        try (Parallelism p = Parallelism.threads(t)) {
            pre.apply(test, p);
            c.network().setParallelism(p);
            try {
                // the trainer's evaluator, so that eval counts errors exactly as training did
                e = new Evaluator(c.network(), loss, batch).evaluate(test);
            } catch (dev.bnn.core.ShapeMismatchException ex) {
                throw new UserException(file + " expects inputs of another shape than " + kind.folder() + "'s "
                        + Arrays.toString(test.exampleShape()) + ": " + ex.getMessage());
            } catch (IllegalArgumentException ex) {
                throw new UserException(file + ": " + ex.getMessage()); // e.g. NaN weights
            } finally {
                c.network().setParallelism(Parallelism.singleThread());
            }
        }
        report(file, meta, kind, e, test.size(), t, start, false);
        return 0;
    }

    /** A frozen model on the raw test images: its scores, counted and scored by the trainer's evaluator. */
    private int evaluateFrozen(Path file, int threads, long start) throws Exception {
        try (InferenceModel m = InferenceModel.load(file, threads)) {
            Map<String, String> meta = m.metadata();
            if (!Deploy.RAW_INPUT.equals(meta.get(Deploy.INPUT_KEY))) {
                throw new UserException(file + " takes " + meta.getOrDefault(Deploy.INPUT_KEY, "inputs of unknown preprocessing")
                        + "; eval feeds raw images, so evaluate the training model instead");
            }
            DatasetKind kind = datasetOf(meta, file);
            Loss loss = RunData.lossOf(meta, file);
            Dataset test = RunData.load(dataOptions.datasets(), kind, Split.TEST, testLimit);
            Evaluator.Evaluation e;
            try {
                e = new Evaluator(m::scores, loss, batchOf(meta)).evaluate(test);
            } catch (dev.bnn.core.ShapeMismatchException ex) {
                throw new UserException(file + " expects inputs of shape " + Arrays.toString(m.inputShape()) + ", not "
                        + kind.folder() + "'s " + Arrays.toString(test.exampleShape()));
            }
            report(file, meta, kind, e, test.size(), threads, start, true);
            return 0;
        }
    }

    private DatasetKind datasetOf(Map<String, String> meta, Path file) {
        try {
            String name = dataset != null ? dataset : meta.get(RunData.DATASET_KEY);
            if (name == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), file + " does not say which dataset it was "
                        + "trained on: give --dataset");
            }
            return DatasetKind.fromName(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The batch size the model was trained with: the loss is averaged batch by batch, as in training. */
    private static int batchOf(Map<String, String> meta) {
        Map<String, Object> trainedWith = meta.containsKey(RunData.RUN_KEY) ? Json.parseObject(meta.get(RunData.RUN_KEY)) : Map.of();
        return trainedWith.get("batch") instanceof Number n ? n.intValue() : 100;
    }

    private void report(Path file, Map<String, String> meta, DatasetKind kind, Evaluator.Evaluation e, int examples,
                        int threads, long start, boolean frozen) {
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", meta.getOrDefault(RunData.MODEL_KEY, "unknown"));
        row.put("model_file", file.toString());
        row.put("dataset", kind.folder());
        row.put("test_error", e.error());
        row.put("test_loss", RunData.finite(e.loss()));
        if (!Double.isFinite(e.loss())) {
            LOG.warn("the test loss of {} is {}: written as null in the JSON", file, e.loss());
        }
        row.put("examples", examples);
        OptionalInt epoch = Checkpoint.epochOf(meta);
        row.put("epochs", epoch.isPresent() ? epoch.getAsInt() : null);
        row.put("seconds", seconds);
        row.put("threads", threads);
        if (frozen) {
            row.put("frozen", true);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(row));
        } else {
            out.printf(Locale.ROOT, "test error %.2f%% (%d of %d %s test examples misclassified), loss %.4f; %s%s%n",
                    100 * e.error(), Math.round(e.error() * examples), examples, kind.folder(), e.loss(), file,
                    frozen ? " (frozen)" : "");
        }
        out.flush();
        LOG.info("evaluated {} in {} s", file, String.format(Locale.ROOT, "%.1f", seconds));
    }
}
