package dev.bnn.data;

import dev.bnn.core.Tensor;
import java.util.Map;

/**
 * A preprocessor's state as named tensors and a string map, the shape a model file stores
 * (safetensors: tensors plus {@code __metadata__}). Every key starts with {@code preprocessing.};
 * {@code preprocessing.kind} names the transform ({@link Preprocessor#restore}).
 */
public record PreprocessorState(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** The metadata key naming the kind of preprocessing. */
    public static final String KIND = "preprocessing.kind";

    public PreprocessorState {
        tensors = Map.copyOf(tensors);
        metadata = Map.copyOf(metadata);
    }

    /** The metadata value of {@code key}, or an error naming the key and the kind. */
    String require(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new IllegalArgumentException("preprocessing state of kind " + metadata.get(KIND) + " lacks " + key);
        }
        return v;
    }

    /** The tensor {@code key} of shape {@code shape}, or an error naming both shapes. */
    Tensor requireTensor(String key, int... shape) {
        Tensor t = tensors.get(key);
        if (t == null) {
            throw new IllegalArgumentException("preprocessing state of kind " + metadata.get(KIND) + " lacks tensor " + key);
        }
        return t.requireShape("preprocessing tensor " + key, shape);
    }
}
