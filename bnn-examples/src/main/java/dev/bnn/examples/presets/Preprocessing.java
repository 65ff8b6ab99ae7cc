package dev.bnn.examples.presets;

import dev.bnn.core.Tensor;
import dev.bnn.data.preprocess.GcnZca;
import dev.bnn.data.preprocess.PixelScale;
import dev.bnn.data.preprocess.Preprocessor;
import dev.bnn.kernels.Parallelism;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The data preprocessing of a run, by its config type name, which {@code --preprocessing}, run.json and the model file use. */
public enum Preprocessing {
    /** Global contrast normalisation and ZCA whitening fitted on the training split (BinaryConnect's CIFAR-10 and SVHN). */
    GCN_ZCA(GcnZca.TYPE),
    /** Pixels scaled to [-1, 1] (both papers' MNIST; the BNN code's CIFAR-10 and SVHN); also read as {@code scale}, its name in run.json files before 2026-12. */
    SCALE(PixelScale.TYPE, "scale");

    private final String label;
    private final List<String> aliases;

    Preprocessing(String label, String... aliases) {
        this.label = label;
        this.aliases = List.of(aliases);
    }

    /** The name written to run.json and shown in logs. */
    public String label() {
        return label;
    }

    /** The preprocessing named {@code name} (its label or an alias), or an error listing the labels. */
    public static Preprocessing fromName(String name) {
        for (Preprocessing p : values()) {
            if (p.label.equals(name) || p.aliases.contains(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown --preprocessing '" + name + "'; known: "
                + Arrays.stream(values()).map(Preprocessing::label).collect(Collectors.joining(", ")));
    }

    /** The preprocessor, fitted on the training inputs where it needs fitting. */
    public Preprocessor fit(Tensor trainInputs, Parallelism parallelism) {
        return switch (this) {
            case SCALE -> PixelScale.symmetric();
            case GCN_ZCA -> GcnZca.fit(trainInputs, GcnZca.PAPER_GCN_SCALE, GcnZca.PAPER_FILTER_BIAS, parallelism);
        };
    }
}
