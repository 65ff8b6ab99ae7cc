package dev.bnn.train.layers;

import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.train.nn.LayerSummary;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import java.util.Map;

/**
 * A fully connected float layer: y = x W^T + b.
 *
 * <p>Shapes: input {@code N x in}, weight W {@code out x in}, bias {@code out}, output
 * {@code N x out}. Backward: gx = gy W, gW += gy^T x, gb += sum over rows of gy. Initialisation:
 * W Glorot uniform from the layer's seed (or U(-1, 1), {@link Init}), b = 0. Parameters
 * {@code weight} and {@code bias}, both {@link Parameter.Kind#REAL}. Runs on {@code FloatGemm}.
 * In the BinaryConnect and BNN papers' networks the last layer is binary too
 * ({@link BinaryDense}); this layer is the float baseline and the float output layer of other
 * recipes.
 */
public final class Dense extends DenseBase {

    /** Glorot-uniform weights from seed 0 (a {@link Sequential} with a seed re-draws them), with a bias. */
    public Dense(int in, int out) {
        this(in, out, true, Init.GLOROT_UNIFORM, 0L);
    }

    public Dense(int in, int out, boolean bias, Init init, long seed) {
        super(in, out, bias, init, seed, Parameter.real("weight", Tensor.zeros(out, in)), null);
    }

    /** Rebuilds from {@link #config()}. */
    public static Dense fromConfig(Map<String, ?> c) {
        return new Dense(Config.integer(c, "in"), Config.integer(c, "out"), Config.bool(c, "bias"),
                Init.valueOf(Config.string(c, "init")), Config.seed(c, "seed"));
    }

    @Override
    public boolean binaryInput() {
        return false;
    }

    @Override
    public LayerSummary summarize(int... sampleShape) {
        return LayerSummary.of(this, outputShape(sampleShape), 0, (long) in * out);
    }

    @Override
    public Map<String, Object> config() {
        return Config.of("Dense", "in", in, "out", out, "bias", bias != null, "init", init.name(), "seed", seed());
    }

    @Override
    public String toString() {
        return "Dense(" + in + " -> " + out + (bias == null ? ", no bias" : "") + ")";
    }

    /** Registers {@code "Dense"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("Dense", Module.class, Dense::fromConfig);
        }
    }
}
