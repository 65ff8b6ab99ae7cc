package dev.bnn.train.layers;

import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.train.nn.Module;
import java.util.Map;

/**
 * Hard tanh, y = clip(x, -1, 1), with gradient gx = g where |x| &lt;= 1, else 0. BinaryConnect's
 * and the BNN paper's real-valued stand-in for the sign in the float parts of a network. Any
 * batch shape; output of the same shape.
 */
public final class HardTanh extends ElementwiseModule {

    @Override
    void apply(Tensor x, Tensor out) {
        TensorOps.hardTanh(x, out);
    }

    @Override
    void gradient(Tensor x, Tensor g, Tensor out) {
        TensorOps.steGradient(x, 1f, g, out);
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("HardTanh");
    }

    @Override
    public String toString() {
        return "HardTanh";
    }

    /** Registers {@code "HardTanh"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("HardTanh", Module.class, c -> new HardTanh());
        }
    }
}
