package dev.bnn.examples.cli;

import dev.bnn.core.io.AtomicFile;
import dev.bnn.core.io.Json;
import dev.bnn.data.DatasetKind;
import dev.bnn.examples.presets.Preprocessing;
import dev.bnn.examples.presets.Preset;
import dev.bnn.examples.presets.Recipe;
import dev.bnn.train.layers.Init;
import dev.bnn.train.recipe.NetworkOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that decides a {@code bnn train} run, resolved from the flags and the preset's
 * defaults: written to {@value #FILE} in the output folder at the start, so that
 * {@code --resume DIR} continues the same run, and into every model file.
 *
 * @param trainLimit use only the first N training examples (0: all), e.g. for quick checks
 * @param testLimit  use only the first N test examples (0: all)
 * @param init       the initial latent weights of the binary layers (the float layers' are Glorot uniform)
 * @param rotateInput an MLP's input through a Haar-random rotation before its first binary layer
 */
record RunSpec(Preset preset, DatasetKind dataset, int epochs, int width, int batch, double lrStart, double lrEnd,
               long seed, float dropoutIn, float dropoutHidden, boolean stochastic, Init init, int validation,
               int trainLimit, int testLimit, Preprocessing preprocessing, boolean rotateInput) {
    /** The run's settings in its output folder. */
    static final String FILE = "run.json";
    /** {@code --init glorot}: Glorot uniform, U(-a, a) with a = sqrt(6 / (fan_in + fan_out)). */
    static final String GLOROT = "glorot";
    /** {@code --init uniform}: the papers' H = 1, U(-1, 1), the whole range of the clipped latent weights. */
    static final String UNIFORM = "uniform";

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", preset.label());
        m.put("dataset", dataset.folder());
        m.put("epochs", epochs);
        m.put("width", width);
        m.put("batch", batch);
        m.put("lr_start", lrStart);
        m.put("lr_end", lrEnd);
        m.put("seed", Long.toString(seed));
        m.put("dropout_in", (double) dropoutIn);
        m.put("dropout", (double) dropoutHidden);
        m.put("stochastic", stochastic);
        m.put("init", initName(init));
        m.put("validation", validation);
        m.put("train_limit", trainLimit);
        m.put("test_limit", testLimit);
        m.put("preprocessing", preprocessing.label());
        if (rotateInput) {
            m.put("rotate_input", true); // written only when on, so earlier run.json files read and write back the same
        }
        return m;
    }

    static RunSpec fromMap(Map<String, Object> m) {
        for (String key : new String[] {"epochs", "width", "batch"}) {
            if (num(m, key).doubleValue() < 1) {
                throw new IllegalArgumentException("entry '" + key + "' is " + m.get(key) + ", not a positive count");
            }
        }
        for (String key : new String[] {"validation", "train_limit", "test_limit"}) {
            if (num(m, key).doubleValue() < 0) {
                throw new IllegalArgumentException("entry '" + key + "' is " + m.get(key) + ", not a count >= 0");
            }
        }
        for (String key : new String[] {"lr_start", "lr_end"}) {
            double v = num(m, key).doubleValue();
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("entry '" + key + "' is " + m.get(key) + ", not a positive learning rate");
            }
        }
        Preset preset = Preset.of((String) m.get("model"));
        DatasetKind kind = DatasetKind.fromName((String) m.get("dataset"));
        Preprocessing preprocessing = m.get("preprocessing") instanceof String p ? Preprocessing.fromName(p)
                : preset.preprocessing(kind);
        // run.json files written before --init existed trained with Glorot uniform
        Init init = m.get("init") instanceof String i ? init(i) : Init.GLOROT_UNIFORM;
        return new RunSpec(preset, kind, num(m, "epochs").intValue(),
                num(m, "width").intValue(), num(m, "batch").intValue(), num(m, "lr_start").doubleValue(),
                num(m, "lr_end").doubleValue(), Long.parseLong((String) m.get("seed")), num(m, "dropout_in").floatValue(),
                num(m, "dropout").floatValue(), (Boolean) m.get("stochastic"), init, num(m, "validation").intValue(),
                num(m, "train_limit").intValue(), num(m, "test_limit").intValue(), preprocessing,
                Boolean.TRUE.equals(m.get("rotate_input")));
    }

    private static Number num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(FILE + ": entry '" + key + "' must be a number, got " + v);
        }
        return n;
    }

    /** The preset's recipe with this run's settings; throws IllegalArgumentException for settings it cannot train. */
    Recipe recipe() {
        NetworkOptions o = new NetworkOptions(preset.binarization(), width, init, stochastic, dropoutIn, dropoutHidden, seed);
        return new Recipe(preset, rotateInput ? o.withInputRotation() : o, lrStart, lrEnd, preprocessing);
    }

    /** The same run trained for {@code epochs} epochs in all. */
    RunSpec withEpochs(int epochs) {
        return new RunSpec(preset, dataset, epochs, width, batch, lrStart, lrEnd, seed, dropoutIn, dropoutHidden, stochastic,
                init, validation, trainLimit, testLimit, preprocessing, rotateInput);
    }

    void write(Path dir) throws IOException {
        AtomicFile.writeString(dir.resolve(FILE), Json.write(toMap()) + "\n");
    }

    /** Reads the settings of the run in {@code dir}. */
    static RunSpec read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new UserException(dir + " is not a bnn train output folder: it has no " + FILE);
        }
        try {
            RunSpec run = fromMap(Json.parseObject(Files.readString(f)));
            run.recipe();
            return run;
        } catch (RuntimeException e) {
            throw new UserException(f + " is damaged: " + e.getMessage());
        }
    }

    /** {@value #GLOROT} or {@value #UNIFORM}, as {@code --init} takes them. */
    static String initName(Init init) {
        return init == Init.GLOROT_UNIFORM ? GLOROT : UNIFORM;
    }

    /** The initialisation named {@code name} on the command line, or an error listing the names. */
    static Init init(String name) {
        return switch (name) {
            case GLOROT -> Init.GLOROT_UNIFORM;
            case UNIFORM -> Init.UNIFORM_H1;
            default -> throw new IllegalArgumentException("unknown --init '" + name + "'; known: " + GLOROT + ", " + UNIFORM);
        };
    }

    /** One line for logs and the summary. */
    String describe() {
        return String.format(Locale.ROOT, "%s on %s: %d epochs, width %d, batch %d, Adam lr %s -> %s (exponential), "
                + "seed %d, dropout in %s / hidden %s%s%s, %s weights initialised %s, preprocessing %s, validation %d%s%s",
                preset.label(), dataset.folder(), epochs, width, batch, lrStart, lrEnd, seed, dropoutIn, dropoutHidden,
                stochastic ? ", stochastic binarization" : "", rotateInput ? ", input rotated (Haar)" : "",
                preset.hasBinaryLayers() ? "binary" : "float",
                initName(init), preprocessing.label(),
                validation, trainLimit > 0 ? ", first " + trainLimit + " training examples" : "",
                testLimit > 0 ? ", first " + testLimit + " test examples" : "");
    }
}
