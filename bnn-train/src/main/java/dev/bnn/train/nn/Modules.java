package dev.bnn.train.nn;

import dev.bnn.core.config.Registry;
import java.util.Map;

/**
 * Rebuilds a module tree from its {@link Module#config()}: the architecture as data, e.g. read
 * back from the JSON in a model file. Weights come from the configured seeds; load the trained
 * values with {@link Module#loadState}. The types are those registered beside their classes
 * ({@link dev.bnn.core.config.ConfigType}) and with {@code registry().register}.
 */
public final class Modules {
    private static final Registry<Module> REGISTRY = Registry.of("module", Module.class);

    private Modules() {}

    /** The registry: {@code register} adds a module type of one's own. */
    public static Registry<Module> registry() {
        return REGISTRY;
    }

    /** The module described by {@code config}; an unknown type names the known ones. */
    public static Module fromConfig(Map<String, ?> config) {
        return REGISTRY.fromConfig(config);
    }
}
