package dev.bnn.data.preprocess;

import dev.bnn.core.config.Registry;
import java.util.Map;

/** Rebuilds preprocessors from their configuration and model-file state, by the types registered beside their classes. */
public final class Preprocessors {
    private static final Registry<Preprocessor> REGISTRY = Registry.of("preprocessing", Preprocessor.class);

    private Preprocessors() {}

    /** The registry: {@code register} adds a preprocessing type of one's own. */
    public static Registry<Preprocessor> registry() {
        return REGISTRY;
    }

    /**
     * The preprocessor {@code config} describes (a fitted one needs its tensors as {@code Tensor}
     * entries of the map); an unknown type names the known ones.
     */
    public static Preprocessor fromConfig(Map<String, ?> config) {
        return REGISTRY.fromConfig(config);
    }

    /** The preprocessor a model file stored ({@link Preprocessor#export()}). */
    public static Preprocessor restore(PreprocessorState state) {
        return fromConfig(state.config());
    }
}
