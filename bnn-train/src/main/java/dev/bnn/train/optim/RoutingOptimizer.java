package dev.bnn.train.optim;

import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Sends the latent weights of binary layers to one optimizer and every other parameter to
 * another, as Larq's {@code CaseOptimizer}: e.g. {@code new RoutingOptimizer(new Bop(), new Adam(0.01))}.
 * The schedule's learning-rate factor and the threads go to both. A step steps the binary
 * optimizer, then the real one. State is exported under {@code prefix + "binary."} and
 * {@code prefix + "real."}.
 */
public final class RoutingOptimizer implements Optimizer {
    private final Optimizer binary;
    private final Optimizer real;

    /**
     * @param binary updates the parameters with {@link Parameter#isLatentBinary()}
     * @param real   updates all others
     */
    public RoutingOptimizer(Optimizer binary, Optimizer real) {
        this.binary = Objects.requireNonNull(binary, "binary");
        this.real = Objects.requireNonNull(real, "real");
        if (binary == real) {
            throw new IllegalArgumentException("RoutingOptimizer needs two distinct optimizers, got " + binary + " twice");
        }
    }

    @Override
    public void init(Map<String, Parameter> parameters) {
        Map<String, Parameter> binaryParams = new LinkedHashMap<>();
        Map<String, Parameter> realParams = new LinkedHashMap<>();
        parameters.forEach((name, p) -> (p.isLatentBinary() ? binaryParams : realParams).put(name, p));
        binary.init(binaryParams);
        real.init(realParams);
    }

    @Override
    public void step() {
        binary.step();
        real.step();
    }

    /** The binary optimizer's base rate. */
    @Override
    public double learningRate() {
        return binary.learningRate();
    }

    /** The steps of the binary optimizer (both step together). */
    @Override
    public long steps() {
        return binary.steps();
    }

    @Override
    public void setLearningRateFactor(double factor) {
        binary.setLearningRateFactor(factor);
        real.setLearningRateFactor(factor);
    }

    @Override
    public void setParallelism(Parallelism parallelism) {
        binary.setParallelism(parallelism);
        real.setParallelism(parallelism);
    }

    @Override
    public void exportState(String prefix, Map<String, Tensor> tensors, Map<String, String> metadata) {
        binary.exportState(prefix + "binary.", tensors, metadata);
        real.exportState(prefix + "real.", tensors, metadata);
    }

    @Override
    public void importState(String prefix, Map<String, Tensor> tensors, Map<String, String> metadata) {
        binary.importState(prefix + "binary.", tensors, metadata);
        real.importState(prefix + "real.", tensors, metadata);
    }

    /** {"type": "RoutingOptimizer", "binary": the binary optimizer's config, "real": the real one's}. */
    @Override
    public Map<String, Object> config() {
        return Config.of("RoutingOptimizer", "binary", binary.config(), "real", real.config());
    }

    @Override
    public String toString() {
        return "RoutingOptimizer(binary: " + binary + ", real: " + real + ")";
    }

    /** Registers {@code "RoutingOptimizer"}. */
    public static final class Type extends ConfigType<Optimizer> {
        public Type() {
            super("RoutingOptimizer", Optimizer.class, c -> new RoutingOptimizer(Optimizers.fromConfig(Config.map(c, "binary")),
                    Optimizers.fromConfig(Config.map(c, "real"))));
        }
    }
}
