package dev.bnn.examples.cli;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import dev.bnn.core.io.SafeTensors;
import dev.bnn.data.DatasetKind;
import dev.bnn.data.Split;
import dev.bnn.data.preprocess.PixelScale;
import dev.bnn.data.preprocess.Preprocessor;
import dev.bnn.infer.BitPlaneDense;
import dev.bnn.infer.FrozenLayer;
import dev.bnn.infer.InferenceModel;
import dev.bnn.infer.InputScale;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.Checkpoint;
import dev.bnn.train.freeze.Freezer;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the CLI commands share about frozen models: telling files apart, and freezing a model file written by {@code bnn train}. */
final class Deploy {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Deploy.class);
    /** The frozen model {@code bnn train} and {@code bnn freeze} write beside model.safetensors. */
    static final String FROZEN_FILE = "model.frozen.safetensors";
    /** Metadata: what the frozen model takes as input. */
    static final String INPUT_KEY = "bnn.input";
    /** Metadata: the file it was frozen from. */
    static final String SOURCE_KEY = "bnn.frozen_from";
    /** Metadata: "bitplanes" when the first layer runs on bit planes. */
    static final String FIRST_LAYER_KEY = "bnn.first_layer";
    static final String RAW_INPUT = "raw pixels (the model stores the preprocessing)";

    private Deploy() {}

    /**
     * The raw test split of the dataset a model file was trained on, for checking a bit-plane
     * first layer; null (and why, in the log) when it cannot be read.
     */
    static Dataset testSet(Path file, DataOptions options) {
        try {
            String name = ModelFile.load(file).metadata().get(RunData.DATASET_KEY);
            return name == null ? null : RunData.load(options.datasets(), DatasetKind.fromName(name), Split.TEST, 0);
        } catch (IOException | RuntimeException e) {
            LOG.info("no test split to check a bit-plane first layer against: {}", e.getMessage());
            return null;
        }
    }

    /** True when {@code file} is a frozen model (its header says format bnn-frozen). */
    static boolean isFrozen(Path file) throws IOException {
        return InferenceModel.FORMAT.equals(SafeTensors.readMetadata(file).get(InferenceModel.FORMAT_KEY));
    }

    /** A model file, or the model.safetensors of a bnn train folder, checked to exist. */
    static Path modelFile(Path fileOrFolder) {
        Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve(Checkpoint.MODEL_FILE) : fileOrFolder;
        if (!Files.isRegularFile(file)) {
            throw new UserException("no model file at " + file + (Files.isDirectory(fileOrFolder) ? " (the folder has no "
                    + Checkpoint.MODEL_FILE + ": did its first epoch finish?)" : ""));
        }
        return file;
    }

    /**
     * The frozen model of a training model file: its network behind its preprocessing when that is
     * a pixel scale (so the frozen model takes raw pixels), on {@code parallelism}.
     *
     * @throws IllegalArgumentException if a layer cannot be frozen (naming it and why)
     */
    static InferenceModel freeze(Path file, ModelFile.Contents c, Parallelism parallelism) {
        return freeze(file, c, false, parallelism);
    }

    /** How the first layer of a frozen model runs. */
    enum FirstLayer {
        /** The training layer's float product: identical scores on every input. */
        FLOAT,
        /** The 8-bit pixels' bit planes through the XNOR kernel, exact integers ({@link BitPlaneDense}). */
        BITPLANES,
        /** Bit planes when they apply and give scores identical to the float first layer on the test split, else float. */
        AUTO;

        static FirstLayer parse(String s) {
            return switch (s) {
                case "float" -> FLOAT;
                case "bitplanes" -> BITPLANES;
                case "auto" -> AUTO;
                default -> throw new IllegalArgumentException("--first-layer is float, bitplanes or auto, not " + s);
            };
        }
    }

    /** A frozen model and one line on how its first layer runs (and why). */
    record Frozen(InferenceModel model, String firstLayer) {}

    /**
     * Freezes with the first-layer policy {@code mode}: for AUTO, the bit-plane model is kept only
     * when its scores on {@code test} (raw images; null when there is no test data) equal the float
     * model's bit for bit, which are the trained network's.
     */
    static Frozen freeze(Path file, ModelFile.Contents c, FirstLayer mode, Dataset test, Parallelism parallelism) {
        InferenceModel exact = freeze(file, c, false, parallelism);
        if (mode == FirstLayer.FLOAT) {
            return new Frozen(exact, "first layer: float (the training layer's product)");
        }
        InferenceModel planes;
        try {
            planes = freeze(file, c, true, parallelism);
        } catch (IllegalArgumentException e) {
            if (mode == FirstLayer.BITPLANES) {
                throw e;
            }
            return new Frozen(exact, "first layer: float (bit planes apply to a BNN's first dense layer on scaled pixels only)");
        }
        if (mode == FirstLayer.BITPLANES) {
            return new Frozen(planes, "first layer: bit planes (not checked against the float first layer)");
        }
        if (test == null) {
            return new Frozen(exact, "first layer: float (no test data to check that bit planes give the same scores)");
        }
        Tensor a = exact.scores(test.inputs());
        Tensor b = planes.scores(test.inputs());
        if (java.util.Arrays.equals(a.data(), b.data())) {
            return new Frozen(planes, "first layer: bit planes, exact integer sums (scores identical to the float first "
                    + "layer on the " + test.size() + " test images)");
        }
        int[] pa = new int[test.size()];
        int[] pb = new int[test.size()];
        dev.bnn.core.TensorOps.argmaxRows(a, pa);
        dev.bnn.core.TensorOps.argmaxRows(b, pb);
        int differ = 0;
        for (int i = 0; i < pa.length; i++) {
            differ += pa[i] != pb[i] ? 1 : 0;
        }
        return new Frozen(exact, "first layer: float (bit planes change the scores of some test images and " + differ
                + " of " + test.size() + " predictions)");
    }

    /**
     * As {@link #freeze(Path, ModelFile.Contents, Parallelism)}; with {@code bitPlanes}, the first layer
     * runs on the 8-bit pixels' bit planes in exact integer arithmetic ({@link BitPlaneDense}).
     */
    static InferenceModel freeze(Path file, ModelFile.Contents c, boolean bitPlanes, Parallelism parallelism) {
        Map<String, String> meta = c.metadata();
        String dataset = meta.get(RunData.DATASET_KEY);
        if (dataset == null) {
            throw new UserException(file + " does not say which dataset it was trained on, so the input shape is unknown: "
                    + "it was not written by bnn train");
        }
        int[] shape = DatasetKind.fromName(dataset).exampleShape();
        if (!(c.network() instanceof Sequential net)) {
            throw new UserException(file + " holds a " + c.network() + ", not a Sequential network");
        }
        Preprocessor pre = RunData.preprocessorOf(meta, c.extraTensors(), file);
        List<FrozenLayer> input = List.of();
        Map<String, String> out = new java.util.TreeMap<>(); // sorted: the same file whatever order the model file had
        meta.forEach((k, v) -> {
            if (!k.startsWith("preprocessing.") && !k.startsWith("optimizer.") && !k.equals("trainer.history")) {
                out.put(k, v);
            }
        });
        if (pre instanceof PixelScale p) {
            input = List.of(new InputScale(shape, p.scale(), p.offset()));
            out.put(INPUT_KEY, RAW_INPUT);
        } else {
            out.put(INPUT_KEY, "inputs preprocessed with " + pre + " (not stored in the frozen model: apply it first)");
        }
        out.put(SOURCE_KEY, file.getFileName().toString());
        if (!bitPlanes) {
            return Freezer.freeze(net, shape, input, out, parallelism);
        }
        List<FrozenLayer> layers = new java.util.ArrayList<>(input);
        layers.addAll(Freezer.layers(net, shape));
        out.put(FIRST_LAYER_KEY, "bitplanes");
        return InferenceModel.of(BitPlaneDense.replaceFirstLayers(layers), out, parallelism);
    }

    /** Freezes a training model file with {@code mode} and writes {@code out}; the model returned borrows {@code parallelism}. */
    static Frozen freezeTo(Path file, Path out, FirstLayer mode, Dataset test, Parallelism parallelism) throws IOException {
        Frozen f = freeze(file, ModelFile.load(file), mode, test, parallelism);
        f.model().save(out);
        return f;
    }
}
