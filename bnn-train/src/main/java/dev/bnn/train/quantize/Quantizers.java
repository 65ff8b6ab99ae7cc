package dev.bnn.train.quantize;

import dev.bnn.train.nn.Config;
import java.util.Map;

/** Rebuilds a quantizer from its {@link Quantizer#config()}. */
public final class Quantizers {
    private Quantizers() {}

    /** The quantizer described by {@code config}; an unknown type names the known ones. */
    public static Quantizer fromConfig(Map<String, ?> config) {
        String type = Config.type(config);
        return switch (type) {
            case "SteSign" -> new SteSign(Config.real(config, "clip"));
            // model files written before the option existed evaluate with the sign
            case "StochasticSign" -> new StochasticSign(Config.real(config, "clip"),
                    Config.has(config, "real_valued_at_test") && Config.bool(config, "real_valued_at_test"));
            case "ApproxSign" -> new ApproxSign();
            case "MagnitudeAwareSign" -> new MagnitudeAwareSign(Config.real(config, "clip"));
            case "SteTern" -> new SteTern(Config.real(config, "threshold"), Config.real(config, "clip"));
            case "DoReFa" -> new DoReFa(Config.integer(config, "bits"));
            default -> throw new IllegalArgumentException("unknown quantizer type '" + type
                    + "'; known: SteSign, StochasticSign, ApproxSign, MagnitudeAwareSign, SteTern, DoReFa");
        };
    }
}
