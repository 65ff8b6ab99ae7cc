package dev.bnn.data.preprocess;

import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A preprocessor's state as named tensors and a string map, the shape a model file stores
 * (safetensors: tensors plus {@code __metadata__}). Every key starts with {@value #PREFIX};
 * {@value #KIND} holds the config's {@code "type"}, {@code preprocessing.NAME} each other config
 * entry (numbers as their decimal string) and each tensor.
 */
public record PreprocessorState(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** The prefix of every key. */
    public static final String PREFIX = "preprocessing.";
    /** The metadata key naming the kind of preprocessing (the config's type). */
    public static final String KIND = PREFIX + "kind";
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    public PreprocessorState {
        tensors = Map.copyOf(tensors);
        metadata = Map.copyOf(metadata);
    }

    /** The state of a preprocessor with {@code config} and fitted {@code tensors}. */
    static PreprocessorState of(Map<String, Object> config, Map<String, Tensor> tensors) {
        Map<String, String> m = new LinkedHashMap<>();
        config.forEach((k, v) -> m.put(k.equals("type") ? KIND : PREFIX + k, String.valueOf(v)));
        Map<String, Tensor> t = new LinkedHashMap<>();
        tensors.forEach((k, v) -> t.put(PREFIX + k, v));
        return new PreprocessorState(t, m);
    }

    /**
     * The config this state stores, with its tensors as {@link Tensor} entries: {"type": kind,
     * name: value, ...}; decimal strings become numbers.
     *
     * @throws IllegalArgumentException if the kind is missing or a key lacks the prefix
     */
    Map<String, Object> config() {
        if (!metadata.containsKey(KIND)) {
            throw new IllegalArgumentException("the preprocessing state has no " + KIND);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", metadata.get(KIND));
        metadata.forEach((k, v) -> {
            if (!k.equals(KIND)) {
                c.put(strip(k), NUMBER.matcher(v).matches() ? (Object) Double.parseDouble(v) : v);
            }
        });
        tensors.forEach((k, v) -> c.put(strip(k), v));
        return c;
    }

    private static String strip(String key) {
        if (!key.startsWith(PREFIX)) {
            throw new IllegalArgumentException("preprocessing state entry '" + key + "' lacks the prefix " + PREFIX);
        }
        return key.substring(PREFIX.length());
    }

    /** The tensor entry {@code key} of a {@link #config()} map, of shape {@code shape}, or an error naming both shapes. */
    static Tensor tensor(Map<String, ?> config, String key, int... shape) {
        if (!(config.get(key) instanceof Tensor t)) {
            throw new IllegalArgumentException("preprocessing state of kind " + Config.type(config) + " lacks tensor "
                    + PREFIX + key);
        }
        return t.requireShape("preprocessing tensor " + PREFIX + key, shape);
    }
}
