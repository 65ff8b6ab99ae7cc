package dev.bnn.train.nn;

import dev.bnn.core.Seeds;
import dev.bnn.core.ShapeMismatchException;
import dev.bnn.core.Tensor;
import dev.bnn.core.config.Config;
import dev.bnn.core.config.ConfigType;
import dev.bnn.kernels.Parallelism;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Layers applied in order; backward runs them in reverse. Parameter and buffer names are
 * prefixed with the layer's index ({@code 0.weight}, {@code 3.running_mean}).
 *
 * <p>A BNN for MNIST (Hubara et al. 2016: real input into a BinaryConnect layer, then binary
 * layers in BNN mode, each followed by batch norm and a sign):
 * <pre>{@code
 * Sequential net = new Sequential(
 *         new BinaryDense(784, 256), new BatchNorm(256), new SignActivation(),
 *         BinaryDense.builder(256, 256).binaryInput().build(), new BatchNorm(256), new SignActivation(),
 *         BinaryDense.builder(256, 10).binaryInput().build(), new BatchNorm(10));
 * net.reset(42);                                   // per-layer seeds: initial weights, random streams
 * Tensor scores = net.forward(images);            // images: N x 784
 * float loss = new SquaredHinge().evaluate(scores, targets, gradient);
 * net.backward(gradient);                         // gradients accumulate in net.parameters()
 * System.out.println(net.summary(784));
 * }</pre>
 */
public final class Sequential extends AbstractModule implements Seedable {
    private final List<Module> layers;
    /** The first layer with trainable parameters (0 if none has): the layers before it need no backward. */
    private final int firstTrainable;
    private long seed;

    public Sequential(Module... layers) {
        this(List.of(layers));
    }

    public Sequential(List<? extends Module> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential: needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        int f = 0;
        while (f < this.layers.size() - 1 && this.layers.get(f).parameters().isEmpty()) {
            f++;
        }
        this.firstTrainable = f;
    }

    public static Sequential fromConfig(Map<String, ?> c) {
        List<Module> layers = new ArrayList<>();
        for (Map<String, Object> layer : Config.list(c, "layers")) {
            layers.add(Modules.fromConfig(layer));
        }
        return new Sequential(layers);
    }

    /** The layers, in order. */
    public List<Module> layers() {
        return layers;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return layers.get(0).backward(backwardDownTo(0, gradOutput));
    }

    /**
     * Back-propagates the parameter gradients only: the layers before the first one with parameters
     * (a leading {@code Flatten} or {@code Dropout}) are skipped, and that layer itself skips the
     * gradient w.r.t. its input (a first dense layer saves its whole gx = gy Wq product).
     */
    @Override
    public void backwardParameters(Tensor gradOutput) {
        layers.get(firstTrainable).backwardParameters(backwardDownTo(firstTrainable, gradOutput));
    }

    /** Runs the backward of the layers after {@code first}, last to first + 1; returns the output gradient of layer {@code first}. */
    private Tensor backwardDownTo(int first, Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i > first; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
    }

    @Override
    public void train() {
        super.train();
        layers.forEach(Module::train);
    }

    @Override
    public void eval() {
        super.eval();
        layers.forEach(Module::eval);
    }

    @Override
    protected void parallelismChanged(Parallelism parallelism) {
        layers.forEach(l -> l.setParallelism(parallelism));
    }

    /** Resets every {@link Seedable} layer i with {@link Seeds#mix}(seed, i): new initial weights, restarted random streams. */
    @Override
    public void reset(long seed) {
        this.seed = seed;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Seedable s) {
                s.reset(Seeds.mix(seed, i));
            }
        }
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        layers.forEach(l -> ps.addAll(l.parameters()));
        return ps;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            String prefix = i + ".";
            layers.get(i).namedParameters().forEach((name, p) -> named.put(prefix + name, p));
        }
        return named;
    }

    @Override
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            String prefix = i + ".";
            layers.get(i).buffers().forEach((name, t) -> named.put(prefix + name, t));
        }
        return named;
    }

    /** Copies of every parameter and buffer, layer by layer (each layer's parameters, then its buffers). */
    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            String prefix = i + ".";
            layers.get(i).state().forEach((name, t) -> state.put(prefix + name, t));
        }
        return state;
    }

    @Override
    public int[] outputShape(int... sampleShape) {
        int[] shape = sampleShape;
        for (Module layer : layers) {
            shape = layer.outputShape(shape);
        }
        return shape;
    }

    /** One row per layer for an input sample of shape {@code sampleShape}. */
    public List<LayerSummary> summaries(int... sampleShape) {
        List<LayerSummary> rows = new ArrayList<>();
        int[] shape = sampleShape;
        for (Module layer : layers) {
            LayerSummary row = layer.summarize(shape);
            rows.add(row);
            shape = row.outputShape();
        }
        return rows;
    }

    @Override
    public LayerSummary summarize(int... sampleShape) {
        return total(summaries(sampleShape), sampleShape);
    }

    /**
     * The network summary as Larq prints it: per layer the output shape per sample, 1-bit and
     * 32-bit parameters, binary and float MACs per sample; then the totals and the parameter
     * memory at inference (1-bit parameters as bits, 32-bit as floats).
     */
    public String summary(int... sampleShape) {
        List<LayerSummary> rows = summaries(sampleShape);
        StringBuilder b = new StringBuilder();
        int nameWidth = 5;
        int shapeWidth = 12;
        for (LayerSummary r : rows) {
            nameWidth = Math.max(nameWidth, r.layer().length());
            shapeWidth = Math.max(shapeWidth, r.formattedShape().length());
        }
        String format = "%-4s %-" + nameWidth + "s %-" + shapeWidth + "s %13s %13s %14s %14s%n";
        b.append(String.format(Locale.ROOT, format, "#", "Layer", "Output shape", "1-bit params", "32-bit params",
                "Binary MACs", "Float MACs"));
        for (int i = 0; i < rows.size(); i++) {
            LayerSummary r = rows.get(i);
            b.append(String.format(Locale.ROOT, format, i, r.layer(), r.formattedShape(), r.binaryParams(),
                    r.floatParams(), r.binaryMacs(), r.floatMacs()));
        }
        LayerSummary total = total(rows, sampleShape);
        b.append(String.format(Locale.ROOT, format, "", "Total", "", total.binaryParams(), total.floatParams(),
                total.binaryMacs(), total.floatMacs()));
        b.append(String.format(Locale.ROOT, "Input %s; parameter memory at inference: %.2f KiB (all 32-bit: %.2f KiB)%n",
                ShapeMismatchException.format(sampleShape), total.inferenceBytes() / 1024.0,
                4.0 * (total.binaryParams() + total.floatParams()) / 1024));
        return b.toString();
    }

    /** This network's row: the sums of the layers' rows, the last layer's output shape. */
    private LayerSummary total(List<LayerSummary> rows, int[] sampleShape) {
        long[] t = new long[4];
        for (LayerSummary r : rows) {
            t[0] += r.binaryParams();
            t[1] += r.floatParams();
            t[2] += r.binaryMacs();
            t[3] += r.floatMacs();
        }
        int[] out = rows.isEmpty() ? sampleShape : rows.get(rows.size() - 1).outputShape();
        return new LayerSummary(toString(), out, t[0], t[1], t[2], t[3]);
    }

    @Override
    public Map<String, Object> config() {
        List<Map<String, Object>> configs = new ArrayList<>();
        layers.forEach(l -> configs.add(l.config()));
        return Config.of("Sequential", "layers", configs);
    }

    @Override
    public String toString() {
        return "Sequential(" + layers.size() + " layers)";
    }

    /** Registers {@code "Sequential"} with the module registry (see {@link dev.bnn.core.config.ConfigType}). */
    public static final class Type extends ConfigType<Module> {
        public Type() {
            super("Sequential", Module.class, Sequential::fromConfig);
        }
    }
}
