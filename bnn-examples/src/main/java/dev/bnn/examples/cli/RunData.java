package dev.bnn.examples.cli;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.io.Json;
import dev.bnn.data.DataDirectory;
import dev.bnn.data.DatasetKind;
import dev.bnn.data.Datasets;
import dev.bnn.data.MissingDatasetException;
import dev.bnn.data.Split;
import dev.bnn.data.fetch.DownloadListener;
import dev.bnn.data.fetch.Downloader;
import dev.bnn.data.preprocess.Preprocessor;
import dev.bnn.data.preprocess.PreprocessorState;
import dev.bnn.data.preprocess.Preprocessors;
import dev.bnn.train.TrainingSetup;
import dev.bnn.train.loss.Loss;
import dev.bnn.train.loss.Losses;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code bnn train} and {@code bnn eval} share about data: finding and loading a split
 * (downloading missing files unless told not to), and carrying the preprocessing through the
 * model file: its state's tensors and metadata go in as the trainer's model extras, and
 * {@link #preprocessorOf} rebuilds it from a loaded file.
 */
final class RunData {
    private static final Logger LOG = LoggerFactory.getLogger(RunData.class);
    /** Model-file metadata: the preset and dataset of the run that trained it. */
    static final String MODEL_KEY = "bnn.model";
    static final String DATASET_KEY = "bnn.dataset";
    static final String RUN_KEY = "bnn.run";
    /** Model-file metadata written by the trainer: its config, optimizer and loss as JSON. */
    private static final String PREFIX = "preprocessing.";

    private RunData() {}

    /** The loaders for data directory {@code dir} (null: BNN_DATA, else ~/.bnn/datasets). */
    static Datasets datasets(Path dir, boolean download) {
        Datasets d = Datasets.offline(DataDirectory.resolve(dir));
        return download ? d.withDownloads(new Downloader(new LoggingProgress())) : d;
    }

    /**
     * Makes sure both splits of {@code kind} are on disk (downloading them if allowed) before
     * anything is loaded, so that one error names every missing file, the test split's included.
     */
    static void requireBothSplits(Datasets datasets, DatasetKind kind) throws IOException {
        MissingDatasetException train = null;
        try {
            datasets.locate(kind, Split.TRAIN);
        } catch (MissingDatasetException e) {
            train = e;
        }
        try {
            datasets.locate(kind, Split.TEST);
        } catch (MissingDatasetException e) {
            if (train == null) {
                throw e;
            }
            throw new UserException(train.getMessage() + "\nThe test split is missing too: put " + String.join(", ",
                    e.files()) + " into " + e.folder() + ".");
        }
        if (train != null) {
            throw train;
        }
    }

    /** Loads a split; {@code limit} > 0 keeps its first {@code limit} examples. */
    static Dataset load(Datasets datasets, DatasetKind kind, Split split, int limit) throws IOException {
        Dataset d = datasets.load(kind, split);
        if (limit > 0 && limit < d.size()) {
            d = d.slice(d.name() + "[0:" + limit + "]", 0, limit);
        }
        return d;
    }

    /** The model-file metadata of a preprocessor and a run. */
    static Map<String, String> metadata(PreprocessorState state, RunSpec spec) {
        Map<String, String> m = new LinkedHashMap<>(state.metadata());
        m.put(MODEL_KEY, spec.preset().label());
        m.put(DATASET_KEY, spec.dataset().folder());
        m.put(RUN_KEY, Json.write(spec.toMap()));
        return m;
    }

    /** {@code v} for JSON, or null when it is infinite or NaN (JSON has no representation for them). */
    static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The preprocessor stored in a model file's metadata and extra tensors. */
    static Preprocessor preprocessorOf(Map<String, String> metadata, Map<String, Tensor> tensors, Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                m.put(k, v);
            }
        });
        Map<String, Tensor> t = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                t.put(k, v);
            }
        });
        if (!m.containsKey(PreprocessorState.KIND)) {
            throw new UserException(file + " holds no data preprocessing (" + PreprocessorState.KIND
                    + "): it was not written by bnn train");
        }
        try {
            return Preprocessors.restore(new PreprocessorState(t, m));
        } catch (RuntimeException e) {
            throw new UserException(file + ": the stored preprocessing cannot be rebuilt (" + m + "): " + e.getMessage());
        }
    }

    /**
     * The loss the model in a file was trained with: {@code Losses.fromConfig} of the {@code "loss"}
     * entry of its {@code training} metadata.
     */
    static Loss lossOf(Map<String, String> metadata, Path file) {
        try {
            return TrainingSetup.read(metadata).orElseThrow(() -> new UserException(file + " does not say how it was trained "
                    + "(no '" + TrainingSetup.KEY + "' metadata): it was not written by bnn train")).loss();
        } catch (IllegalArgumentException e) {
            throw new UserException(file + ": cannot rebuild the loss from its '" + TrainingSetup.KEY + "' metadata: "
                    + e.getMessage());
        }
    }

    /** Logs download progress every 10%. */
    private static final class LoggingProgress implements DownloadListener {
        private String file;
        private long lastTenth = -1;

        @Override
        public void progress(String name, long bytes, long total) {
            if (!name.equals(file)) {
                file = name;
                lastTenth = -1;
            }
            long tenth = total <= 0 ? 0 : bytes * 10 / total;
            if (tenth != lastTenth) {
                lastTenth = tenth;
                LOG.info("downloading {}: {} of {} MB", name, String.format(Locale.ROOT, "%.1f", bytes / 1e6),
                        String.format(Locale.ROOT, "%.1f", total / 1e6));
            }
        }
    }
}
