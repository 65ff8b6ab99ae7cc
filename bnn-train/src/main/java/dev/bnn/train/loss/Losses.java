package dev.bnn.train.loss;

import dev.bnn.core.config.Registry;
import java.util.Map;

/** Rebuilds a loss from its {@link Loss#config()}, by the types registered beside their classes. */
public final class Losses {
    private static final Registry<Loss> REGISTRY = Registry.of("loss", Loss.class);

    private Losses() {}

    /** The registry: {@code register} adds a loss type of one's own. */
    public static Registry<Loss> registry() {
        return REGISTRY;
    }

    /** The loss described by {@code config}; an unknown type names the known ones. */
    public static Loss fromConfig(Map<String, ?> config) {
        return REGISTRY.fromConfig(config);
    }
}
