package dev.bnn.core.config;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One named type of a {@link Registry}: the {@code "type"} name in a configuration, the family it
 * belongs to (its base type: module, quantizer, loss, ...) and the factory that rebuilds an
 * instance from its configuration.
 *
 * <p>A type registers where it is defined: the class declares a nested provider,
 * <pre>{@code
 * public static final class Type extends ConfigType<Module> {
 *     public Type() { super("Dense", Module.class, Dense::fromConfig); }
 * }
 * }</pre>
 * and its jar lists the provider ({@code dev.bnn.train.layers.Dense$Type}) in
 * {@code META-INF/services/dev.bnn.core.config.ConfigType}, the {@link java.util.ServiceLoader}
 * file, so that user code adds its own types exactly as bnn adds its own. {@link Registry#register}
 * adds a type at run time instead.
 *
 * @param <T> the family's base type
 */
public abstract class ConfigType<T> {
    private final String name;
    private final Class<T> base;
    private final Function<Map<String, ?>, ? extends T> factory;

    /**
     * @param name    the {@code "type"} entry of the configurations this type reads
     * @param base    the family (a registry per base type)
     * @param factory rebuilds an instance from its configuration
     */
    protected ConfigType(String name, Class<T> base, Function<Map<String, ?>, ? extends T> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.base = Objects.requireNonNull(base, "base");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The {@code "type"} name. */
    public final String name() {
        return name;
    }

    /** The family this type belongs to. */
    public final Class<T> base() {
        return base;
    }

    /** A new instance from {@code config}. */
    public final T fromConfig(Map<String, ?> config) {
        return factory.apply(config);
    }

    @Override
    public String toString() {
        return base.getSimpleName() + " type " + name;
    }
}
