package dev.bnn.core.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The types of one family (modules, quantizers, losses, optimizers, ...) by their configuration
 * name: {@link #fromConfig} rebuilds an instance from the {@code "type"} entry of a configuration.
 * The types come from the {@link ConfigType} providers on the class path (each declared beside
 * its class, see {@link ConfigType}) and from {@link #register}; there is no central list of
 * names, and an unknown name gets an error that lists the known ones.
 *
 * @param <T> the family's base type
 */
public final class Registry<T> {
    private static volatile List<ConfigType<?>> discovered;

    private final String family;
    private final Class<T> base;
    private final Map<String, ConfigType<? extends T>> types = new TreeMap<>();

    private Registry(String family, Class<T> base) {
        this.family = family;
        this.base = base;
    }

    /**
     * The registry of {@code base}'s family, filled with the providers found by
     * {@link ServiceLoader} on the class path.
     *
     * @param family the family's name in errors ("module", "quantizer", ...)
     * @throws IllegalStateException if two providers claim the same name
     */
    @SuppressWarnings("unchecked")
    public static <T> Registry<T> of(String family, Class<T> base) {
        Registry<T> r = new Registry<>(family, base);
        for (ConfigType<?> t : discovered()) {
            if (t.base() == base) {
                r.add((ConfigType<? extends T>) t);
            }
        }
        return r;
    }

    private static List<ConfigType<?>> discovered() {
        List<ConfigType<?>> d = discovered;
        if (d == null) {
            @SuppressWarnings({"rawtypes", "unchecked"})
            ServiceLoader<ConfigType<?>> loader = (ServiceLoader) ServiceLoader.load(ConfigType.class,
                    Registry.class.getClassLoader());
            d = loader.stream().<ConfigType<?>>map(ServiceLoader.Provider::get).toList();
            discovered = d;
        }
        return d;
    }

    /**
     * Adds a type at run time: e.g. a user's layer, {@code Modules.registry().register("MyLayer", MyLayer::fromConfig)}.
     *
     * @throws IllegalStateException if the name is taken
     */
    public void register(String name, Function<Map<String, ?>, ? extends T> factory) {
        add(new ConfigType<T>(name, base, factory) {});
    }

    private synchronized void add(ConfigType<? extends T> type) {
        ConfigType<? extends T> old = types.putIfAbsent(type.name(), type);
        if (old != null && old.getClass() != type.getClass()) {
            throw new IllegalStateException("two " + family + " types are named '" + type.name() + "': " + old.getClass().getName()
                    + " and " + type.getClass().getName());
        }
    }

    /** The known names, sorted. */
    public synchronized Set<String> names() {
        return Collections.unmodifiableSet(Set.copyOf(types.keySet()));
    }

    /**
     * The instance that {@code config} describes, by its {@code "type"} entry.
     *
     * @throws IllegalArgumentException if the type is missing or unknown (naming the known ones),
     *     or the factory rejects the configuration
     */
    public T fromConfig(Map<String, ?> config) {
        Objects.requireNonNull(config, family + " config");
        String name = Config.type(config);
        ConfigType<? extends T> type;
        synchronized (this) {
            type = types.get(name);
            if (type == null) {
                throw new IllegalArgumentException("unknown " + family + " type '" + name + "'; known: "
                        + String.join(", ", types.keySet()));
            }
        }
        return type.fromConfig(config);
    }
}
