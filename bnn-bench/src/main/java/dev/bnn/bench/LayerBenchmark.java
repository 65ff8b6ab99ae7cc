package dev.bnn.bench;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.layers.Init;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.recipe.Architectures;
import dev.bnn.train.recipe.Binarization;
import dev.bnn.train.recipe.NetworkOptions;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One hidden layer of the BNN MNIST MLP ({@link Architectures#dense}, Glorot-initialised, seed 1),
 * {@code size -> size} at batch {@code batch}, in three modes, each in its own fork (JMH forks per
 * parameter combination):
 * <ul>
 *   <li>{@code bnn}: {@code BinaryDense} with ±1 input, packed input and XNOR-popcount forward;
 *       backward gx = gy sign(W) and gW = gy^T x on the packed weights and input;</li>
 *   <li>{@code bc}: {@code BinaryDense} on real input (BinaryConnect: add/subtract forward);</li>
 *   <li>{@code float}: {@code Dense}, float GEMM throughout.</li>
 * </ul>
 * {@link #forward}: one forward with unchanged weights (the packed weights are cached, as at
 * inference). {@link #forwardBackward}: forward + backward (gradients accumulate; no zeroing).
 * {@link #trainingStep}: forward + backward + {@code Parameter.update} of the weight with an empty
 * rule, which is what an optimizer step costs the layer beyond the update itself: the weight is
 * clipped and the next forward re-quantizes and re-packs it. One op = one call on the whole batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchJvmArgs.ADD_VECTOR})
public class LayerBenchmark {
    /** The update rule of {@link #trainingStep}: nothing, so that only the clip and the version bump run. */
    private static final Parameter.RangeUpdate NO_RULE = (w, g, from, to) -> { };

    @Param({"bnn", "bc", "float"})
    public String mode;

    @Param({"1", "2"})
    public int threads;

    @Param({"4096"})
    public int size;

    @Param({"100"})
    public int batch;

    Module layer;
    Parameter weight;
    Tensor input;
    Tensor gradOutput;
    Parallelism parallelism;

    @Setup(Level.Trial)
    public void setup() {
        Binarization b = Binarization.valueOf(mode.toUpperCase(Locale.ROOT));
        layer = Architectures.dense(new NetworkOptions(b, size, Init.GLOROT_UNIFORM, false, 0, 0, 1), size, size, true);
        weight = layer.parameters().get(0);
        input = Tensor.uniform(Seeds.generator(2), -1, 1, batch, size);
        if (mode.equals("bnn")) {
            TensorOps.sign(input, input);
        }
        gradOutput = Tensor.uniform(Seeds.generator(3), -1, 1, batch, size);
        parallelism = Parallelism.threads(threads);
        layer.setParallelism(parallelism);
        System.out.println("layer in this fork: " + layer + ", " + parallelism);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallelism.close();
    }

    @Benchmark
    public Tensor forward() {
        return layer.forward(input);
    }

    @Benchmark
    public Tensor forwardBackward() {
        layer.forward(input);
        return layer.backward(gradOutput);
    }

    @Benchmark
    public Tensor trainingStep() {
        layer.forward(input);
        Tensor g = layer.backward(gradOutput);
        weight.update(0, weight.value().size(), NO_RULE);
        return g;
    }
}
