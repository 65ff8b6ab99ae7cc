package dev.bnn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import dev.bnn.core.TensorOps;
import dev.bnn.data.preprocess.GcnZca;
import dev.bnn.data.preprocess.PixelScale;
import dev.bnn.data.preprocess.Preprocessor;
import dev.bnn.data.preprocess.PreprocessorState;
import dev.bnn.kernels.Parallelism;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.layers.BatchNorm;
import dev.bnn.train.layers.BinaryConv2d;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.Conv2d;
import dev.bnn.train.layers.Dense;
import dev.bnn.train.layers.Dropout;
import dev.bnn.train.layers.Flatten;
import dev.bnn.train.layers.HardTanh;
import dev.bnn.train.layers.Init;
import dev.bnn.train.layers.MaxPool2d;
import dev.bnn.train.layers.SignActivation;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.quantize.ApproxSign;
import dev.bnn.train.quantize.DoReFa;
import dev.bnn.train.quantize.MagnitudeAwareSign;
import dev.bnn.train.quantize.SteSign;
import dev.bnn.train.quantize.SteTern;
import dev.bnn.train.quantize.StochasticSign;
import dev.bnn.train.recipe.Architectures;
import dev.bnn.train.recipe.Binarization;
import dev.bnn.train.recipe.NetworkOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/model_reader.py, the numpy reader of docs/model-format.md, run on model files that
 * {@link ModelFile#save} wrote: its arg-max predictions must equal the Java network's in eval mode
 * for every example, and its scores agree within a float tolerance. Skipped without python3 and
 * numpy. Also checks that the page quotes the script verbatim.
 */
class ModelFormatReaderTest {
    private static final int EXAMPLES = 200;

    @TempDir
    Path dir;

    @Test
    void readerReproducesThePresetBnnMlp() throws Exception {
        Sequential net = Architectures.mlp(NetworkOptions.of(Binarization.BNN, 16), 3, new int[] {8, 8, 1}, 10);
        check(net, new int[] {EXAMPLES, 8, 8, 1}, 1);
    }

    @Test
    void readerReproducesAConvNetWithEveryLayerType() throws Exception {
        Sequential net = new Sequential(
                new Conv2d(1, 4, 3, 1, 1, true, Init.GLOROT_UNIFORM, 3),
                new BatchNorm(4),
                new HardTanh(),
                BinaryConv2d.builder(4, 6, 3).padding(1).weights(new SteTern()).seed(4).build(),
                new MaxPool2d(2),
                BatchNorm.shiftBased(6),
                new SignActivation(),
                BinaryConv2d.builder(6, 6, 3).padding(1).binaryInput().seed(5).build(),
                new BatchNorm(6),
                new SignActivation(new ApproxSign(), 0),
                BinaryConv2d.builder(6, 8, 3).stride(2).padding(1).binaryInput().zeroPadding().seed(6).build(),
                new BatchNorm(8),
                new SignActivation(new DoReFa(2), 0),
                BinaryConv2d.builder(8, 8, 2).padding(1).weights(new MagnitudeAwareSign()).seed(7).build(),
                new MaxPool2d(2, 1),
                new Flatten(),
                new Dropout(0.3f, 8),
                BinaryDense.builder(2 * 2 * 8, 20).weights(new StochasticSign(1f, true)).seed(9).build(),
                new BatchNorm(20),
                new SignActivation(new SteSign(), 0),
                BinaryDense.builder(20, 16).binaryInput().seed(10).build(),
                new BatchNorm(16),
                new HardTanh(),
                new Dense(16, 10, true, Init.GLOROT_UNIFORM, 11));
        check(net, new int[] {EXAMPLES, 8, 8, 1}, 2);
    }

    @Test
    void readerAppliesTheRecordedPreprocessing() throws Exception {
        assumeTrue(pythonWithNumpy(), "python3 with numpy is not available: the numpy reader is not checked");
        RandomGenerator rng = Seeds.generator(3);
        Tensor train = Tensor.zeros(300, 4, 4, 3);
        Tensor raw = Tensor.zeros(EXAMPLES, 4, 4, 3);
        for (Tensor t : List.of(train, raw)) {
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] = rng.nextInt(256);
            }
        }
        Parallelism one = Parallelism.singleThread();
        for (Preprocessor pre : List.of(PixelScale.symmetric(), GcnZca.fit(train, 55f, 0.1f, one))) {
            PreprocessorState state = pre.export();
            Path model = dir.resolve(state.metadata().get(PreprocessorState.KIND) + ".safetensors");
            ModelFile.save(model, new Sequential(new Flatten()), state.metadata(), state.tensors());
            Tensor expected = raw.copy();
            pre.apply(expected, one);
            List<String[]> rows = runReader(model, raw, false);
            int d = 4 * 4 * 3;
            for (int n = 0; n < EXAMPLES; n++) {
                assertEquals(1 + d, rows.get(n).length);
                for (int j = 0; j < d; j++) {
                    float java = expected.data()[n * d + j];
                    assertEquals(java, Float.parseFloat(rows.get(n)[1 + j]), 1e-3f * (1 + Math.abs(java)),
                            pre + ": value " + j + " of example " + n);
                }
            }
        }
    }

    @Test
    void pageQuotesTheReader() throws IOException {
        String script = Files.readString(docs().resolve("model_reader.py"));
        String page = Files.readString(docs().resolve("model-format.md"));
        assertTrue(page.contains("```python\n" + script + "```\n"), "docs/model-format.md must quote docs/model_reader.py verbatim");
    }

    /** Random state (positive variances), inputs on a 1/64 grid in [-1, 1], then Java's eval scores vs the reader's. */
    private void check(Sequential net, int[] inputShape, long seed) throws Exception {
        assumeTrue(pythonWithNumpy(), "python3 with numpy is not available: the numpy reader is not checked");
        RandomGenerator rng = Seeds.generator(seed);
        Map<String, Tensor> state = new LinkedHashMap<>();
        net.state().forEach((name, t) -> {
            Tensor v = t.copy();
            float[] d = v.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = name.endsWith("running_var") ? 0.05f + rng.nextFloat()
                        : name.endsWith("rng_counter") ? d[i]
                        : name.endsWith("gamma") ? (rng.nextBoolean() ? 1 : -1) * (0.3f + rng.nextFloat())
                        : 2 * rng.nextFloat() - 1;
            }
            state.put(name, v);
        });
        net.loadState(state);
        net.eval();
        Tensor x = Tensor.zeros(inputShape);
        float[] xd = x.data();
        for (int i = 0; i < xd.length; i++) {
            xd[i] = (rng.nextInt(129) - 64) / 64f;
        }
        Tensor scores = net.forward(x).copy();
        int classes = scores.dim(1);
        int[] expected = new int[EXAMPLES];
        TensorOps.argmaxRows(scores, expected);

        Path model = dir.resolve("model.safetensors");
        ModelFile.save(model, net, Map.of(), Map.of());
        List<String[]> rows = runReader(model, x, true);
        for (int n = 0; n < EXAMPLES; n++) {
            String[] f = rows.get(n);
            assertEquals(1 + classes, f.length, String.join(" ", f));
            assertEquals(expected[n], Integer.parseInt(f[0]), "prediction of example " + n);
            for (int j = 0; j < classes; j++) {
                float java = scores.data()[n * classes + j];
                float python = Float.parseFloat(f[1 + j]);
                assertEquals(java, python, 1e-3f * (1 + Math.abs(java)), "score " + j + " of example " + n);
            }
        }
    }

    /** The reader's lines for inputs x (class, then the scores), one per example. */
    private List<String[]> runReader(Path model, Tensor x, boolean preprocessed) throws Exception {
        Path images = dir.resolve("images.npy");
        writeNpy(images, x);
        List<String> command = new ArrayList<>(List.of("python3", docs().resolve("model_reader.py").toString(),
                model.toString(), images.toString(), "--scores"));
        if (preprocessed) {
            command.add("--preprocessed");
        }
        List<String> lines = run(command);
        assertEquals(x.dim(0), lines.size(), "one line per example: " + lines);
        return lines.stream().map(l -> l.trim().split(" ")).toList();
    }

    static Path docs() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/model_reader.py"))) {
                return p.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/model_reader.py above " + here);
    }

    static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the exit code and output below say what went wrong
            }
        });
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the reader took more than 60 s: " + command);
        }
        reader.join();
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "the reader failed:\n" + text);
        return new ArrayList<>(text.lines().toList());
    }

    /** The .npy format, version 1.0: magic, header length, a Python dict literal padded to 64 bytes, then little-endian float32 data. */
    private static void writeNpy(Path file, Tensor t) throws IOException {
        StringBuilder shape = new StringBuilder();
        for (int d : t.shape()) {
            shape.append(d).append(", ");
        }
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': ("
                + shape.toString().trim() + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + 4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
        for (float v : t.copy().data()) {
            b.putFloat(v);
        }
        Files.write(file, b.array());
    }
}
