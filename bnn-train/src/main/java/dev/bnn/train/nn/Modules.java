package dev.bnn.train.nn;

import java.util.Map;

/**
 * Rebuilds a module tree from its {@link Module#config()}: the architecture as data, e.g. read
 * back from the JSON in a model file. Weights come from the configured seeds; load the trained
 * values with {@link Module#loadState}.
 */
public final class Modules {
    private Modules() {}

    /** The module described by {@code config}; an unknown type names the known ones. */
    public static Module fromConfig(Map<String, ?> config) {
        String type = Config.type(config);
        return switch (type) {
            case "Sequential" -> Sequential.fromConfig(config);
            case "Dense" -> Dense.fromConfig(config);
            case "BinaryDense" -> BinaryDense.fromConfig(config);
            case "BatchNorm" -> BatchNorm.fromConfig(config);
            case "SignActivation" -> SignActivation.fromConfig(config);
            case "HardTanh" -> new HardTanh();
            case "Dropout" -> Dropout.fromConfig(config);
            case "Flatten" -> new Flatten();
            case "Conv2d" -> Conv2d.fromConfig(config);
            case "BinaryConv2d" -> BinaryConv2d.fromConfig(config);
            case "MaxPool2d" -> MaxPool2d.fromConfig(config);
            default -> throw new IllegalArgumentException("unknown module type '" + type + "'; known: Sequential, Dense, "
                    + "BinaryDense, Conv2d, BinaryConv2d, BatchNorm, SignActivation, HardTanh, Dropout, Flatten, MaxPool2d");
        };
    }
}
