package dev.bnn.train.quantize;

import dev.bnn.core.config.Registry;
import java.util.Map;

/** Rebuilds a quantizer from its {@link Quantizer#config()}, by the types registered beside their classes. */
public final class Quantizers {
    private static final Registry<Quantizer> REGISTRY = Registry.of("quantizer", Quantizer.class);

    private Quantizers() {}

    /** The registry: {@code register} adds a quantizer type of one's own. */
    public static Registry<Quantizer> registry() {
        return REGISTRY;
    }

    /** The quantizer described by {@code config}; an unknown type names the known ones. */
    public static Quantizer fromConfig(Map<String, ?> config) {
        return REGISTRY.fromConfig(config);
    }
}
