package dev.bnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bnn.core.io.Json;
import dev.bnn.data.DatasetKind;
import dev.bnn.examples.Main;
import dev.bnn.examples.presets.Preprocessing;
import dev.bnn.examples.presets.Preset;
import dev.bnn.examples.presets.Recipe;
import dev.bnn.train.io.ModelFile;
import dev.bnn.train.layers.BinaryConv2d;
import dev.bnn.train.layers.BinaryDense;
import dev.bnn.train.layers.Init;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.recipe.NetworkOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bnn train} and {@code bnn eval} through the command line: end to end on a tiny generated
 * MNIST (train, JSON output, resume, eval, the loss from the model file), the errors for bad flags
 * and missing data, and on real MNIST (from {@code BNN_DATA}, skipped with a message where it is
 * absent) a short run and, tagged slow, the default run's first epoch.
 */
class TrainCommandTest {
    private static Path data;

    @TempDir
    Path tmp;

    /** What one invocation printed and returned. */
    record Run(int exit, String out, String err) {
        Map<String, Object> json() {
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), "--json prints exactly one line on stdout, got: " + out);
            return Json.parseObject(lines.getFirst());
        }
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll
    static void findMnist() {
        String env = System.getenv("BNN_DATA");
        data = env == null ? null : Path.of(env);
    }

    private static void assumeMnist() {
        assumeTrue(data != null && Files.isRegularFile(data.resolve("mnist/train-images-idx3-ubyte.gz")),
                "BNN_DATA does not point at a folder with mnist/*.gz (BNN_DATA=" + data + "): skipping the runs on real MNIST");
    }

    private static double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertTrue(v instanceof Number, key + " must be a number in " + m);
        return ((Number) v).doubleValue();
    }

    /**
     * The CI end-to-end test on real MNIST: a small BNN MLP (784 - 3 x 256 - 10, XNOR-popcount hidden
     * layers) on the first 12,000 training images (1,000 held out) for 5 epochs (batch 50) reaches a
     * test error well below chance (90%) on 2,000 test images; then eval of the saved model reproduces it.
     */
    @Test
    void trainsASmallBnnOnRealMnistAndEvalReproducesTheTestError() throws Exception {
        assumeMnist();
        Path out = tmp.resolve("run");
        trainThenEval(data, out, 5, 256, 2000, 0.10, "train", "--model", "bnn-mlp", "--width", "256", "--epochs", "5", "--batch",
                "50", "--lr-end", "3e-4", "--train-limit", "12000", "--validation", "1000", "--test-limit", "2000", "--threads", "2",
                "--seed", "7", "--data", data.toString(), "--no-download", "--out", out.toString(), "--json");
    }

    /** The same without BNN_DATA: a BNN MLP learns the tiny MNIST's bars (300 training, 100 test images). */
    @Test
    void trainsOnTinyMnistAndEvalReproducesTheTestError() throws Exception {
        Path data = tinyData();
        Path out = tmp.resolve("run");
        trainThenEval(data, out, 4, 32, 100, 0.3, tiny(data, out, "--epochs", "4"));
    }

    /**
     * Runs {@code train} (a bnn-mlp of {@code width} for {@code epochs}, with --json), checks its row
     * and output folder and the test error (below {@code maxError}); eval of the saved model on the
     * same {@code testExamples} test images reproduces the test error and loss.
     */
    private static void trainThenEval(Path data, Path out, int epochs, int width, int testExamples, double maxError,
                                      String... train) throws Exception {
        long t0 = System.nanoTime();
        Run r = run(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> j = r.json();
        assertEquals("bnn-mlp", j.get("model"));
        assertEquals("mnist", j.get("dataset"));
        assertEquals(epochs, ((Number) j.get("epochs")).longValue());
        assertEquals(width, ((Number) j.get("width")).longValue());
        assertEquals("uniform", j.get("init"), "binary layers start U(-1, 1) by default");
        double error = number(j, "test_error");
        assertTrue(error >= 0 && error < maxError, "test error " + error + " is not well below chance (0.9)");
        assertTrue(number(j, "seconds") > 0 && number(j, "seconds") < seconds + 1, j.toString());
        assertEquals(Boolean.FALSE, j.get("interrupted"));
        for (String f : List.of("model.safetensors", "checkpoint.safetensors", "epochs.csv", "learning-curves.png",
                "summary.txt", "run.json", "result.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f + " missing or empty in " + out);
        }
        assertEquals(epochs + 1, Files.readAllLines(out.resolve("epochs.csv")).size(), "header + one row per epoch");
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.contains("XNOR-popcount") && summary.contains("Total") && summary.contains("test_error")
                && summary.contains("preprocessing pixel-scale"), summary);
        byte[] png = Files.readAllBytes(out.resolve("learning-curves.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);

        Run e = run("eval", "--model", out.toString(), "--data", data.toString(), "--no-download", "--test-limit",
                Integer.toString(testExamples), "--threads", "1", "--json");
        assertEquals(0, e.exit(), e.err());
        Map<String, Object> ej = e.json();
        assertEquals(error, number(ej, "test_error"), 0.0, "eval of the saved model on the same test images");
        assertEquals(number(j, "test_loss"), number(ej, "test_loss"), 0.0, "the squared hinge loss the model trained with");
        assertEquals("bnn-mlp", ej.get("model"));
        assertEquals(testExamples, ((Number) ej.get("examples")).longValue());
        assertTrue(ej.containsKey("seconds") && ej.containsKey("epochs"), ej.toString());

        Run plain = run("eval", "--model", out.resolve("model.safetensors").toString(), "--data", data.toString(),
                "--no-download", "--test-limit", "50");
        assertEquals(0, plain.exit(), plain.err());
        assertTrue(plain.out().startsWith("test error ") && plain.out().contains("of 50 mnist test examples"), plain.out());
    }

    /** The tiny MNIST of {@link TinyMnist}: 300 training images (100 held out for validation), 100 test images. */
    private Path tinyData() throws IOException {
        return TinyMnist.write(tmp.resolve("tiny-data"), 300, 100);
    }

    /** Flags of a quick run on the tiny data, after {@code train}. */
    private static String[] tiny(Path data, Path out, String... more) {
        return concat(new String[] {"train", "--width", "32", "--batch", "25", "--lr-end", "0.001", "--validation", "100",
            "--threads", "1", "--data", data.toString(), "--no-download", "--out", out.toString(), "--json"}, more);
    }

    /** eval rebuilds the loss from the model file's training metadata instead of assuming the squared hinge. */
    @Test
    void evalUsesTheLossTheModelFileNames() throws Exception {
        Path data = tinyData();
        Path out = tmp.resolve("run");
        assertEquals(0, run(tiny(data, out, "--epochs", "1")).exit());
        Path file = out.resolve("model.safetensors");
        Run hinge = run("eval", "--model", file.toString(), "--data", data.toString(), "--no-download", "--json");
        assertEquals(0, hinge.exit(), hinge.err());

        Path crossEntropy = withLoss(file, "SoftmaxCrossEntropy", tmp.resolve("ce.safetensors"));
        Run ce = run("eval", "--model", crossEntropy.toString(), "--data", data.toString(), "--no-download", "--json");
        assertEquals(0, ce.exit(), ce.err());
        assertEquals(number(hinge.json(), "test_error"), number(ce.json(), "test_error"), 0.0, "the same network");
        assertNotEquals(number(hinge.json(), "test_loss"), number(ce.json(), "test_loss"), "another loss");

        Path bogus = withLoss(file, "Bogus", tmp.resolve("bogus.safetensors"));
        Run b = run("eval", "--model", bogus.toString(), "--data", data.toString(), "--no-download");
        assertEquals(1, b.exit());
        assertTrue(b.err().contains("cannot rebuild the loss") && b.err().contains("unknown loss type 'Bogus'"), b.err());
    }

    /** A copy of model file {@code file} whose training metadata names loss {@code type}. */
    private static Path withLoss(Path file, String type, Path copy) throws IOException {
        ModelFile.Contents c = ModelFile.load(file);
        Map<String, Object> training = Json.parseObject(c.metadata().get("training"));
        training.put("loss", Map.of("type", type));
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("training", Json.write(training));
        ModelFile.save(copy, c.network(), meta, c.extraTensors());
        return copy;
    }

    /** A float preset has no binary layers: its record says Glorot uniform, what its layers start from. */
    @Test
    void floatPresetRecordsItsGlorotStart() throws Exception {
        Path out = tmp.resolve("float");
        Run r = run(tiny(tinyData(), out, "--model", "float-mlp", "--epochs", "1"));
        assertEquals(0, r.exit(), r.err());
        assertEquals("glorot", r.json().get("init"));
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.contains("float weights initialised glorot"), summary);
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"glorot\""), "run.json, for --resume");
    }

    /**
     * A run stopped after epoch 2 of 3 (the path Ctrl-C takes: Trainer.requestStop) exits with 130,
     * and --resume finishes it with the epoch CSV and test error of an uninterrupted run.
     */
    @Test
    void resumeContinuesTheRunExactly() throws Exception {
        Path data = tinyData();
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        Run a = run(tiny(data, whole, "--model", "bc-mlp", "--epochs", "3"));
        assertEquals(0, a.exit(), a.err());
        Run b = run(tiny(data, parts, "--model", "bc-mlp", "--epochs", "3", "--stop-after", "2"));
        assertEquals(130, b.exit(), b.err());
        assertEquals(Boolean.TRUE, b.json().get("interrupted"));
        assertEquals(null, b.json().get("test_error"));
        assertEquals(3, Files.readAllLines(parts.resolve("epochs.csv")).size(), "header + the 2 completed epochs");
        Run c = run("train", "--resume", parts.toString(), "--threads", "1", "--data", data.toString(), "--no-download",
                "--json");
        assertEquals(0, c.exit(), c.err());
        assertEquals(3L, ((Number) c.json().get("epochs")).longValue());
        assertEquals(4, Files.readAllLines(whole.resolve("epochs.csv")).size());
        assertEquals(withoutTimes(whole.resolve("epochs.csv")), withoutTimes(parts.resolve("epochs.csv")));
        assertEquals(number(a.json(), "test_error"), number(c.json(), "test_error"), 0.0);
        assertEquals(number(a.json(), "test_loss"), number(c.json(), "test_loss"), 0.0);

        Run again = run("train", "--epochs", "2", "--out", parts.toString(), "--data", data.toString(), "--no-download");
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("already holds a run") && again.err().contains("--resume"), again.err());
        Run changed = run("train", "--resume", parts.toString(), "--width", "128");
        assertEquals(2, changed.exit());
        assertTrue(changed.err().contains("--width cannot be changed on --resume"), changed.err());
        String settings = Files.readString(parts.resolve("run.json"));
        Run fewer = run("train", "--resume", parts.toString(), "--epochs", "1", "--data", data.toString(), "--no-download");
        assertEquals(1, fewer.exit(), fewer.err());
        assertTrue(fewer.err().contains("has already trained 3 epochs"), fewer.err());
        assertEquals(settings, Files.readString(parts.resolve("run.json")), "run.json is left as it was");
    }

    /** Two runs never share a folder: while one holds it (a lock the system releases when its process ends), another is refused. */
    @Test
    void aFolderInUseByAnotherRunIsRefused() throws Exception {
        Path data = tinyData();
        Path out = tmp.resolve("busy");
        try (RunLock held = RunLock.acquire(out)) {
            Run r = run(tiny(data, out, "--epochs", "1"));
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("is in use by another bnn train (pid " + ProcessHandle.current().pid()), r.err());
        }
        Run r = run(tiny(data, out, "--epochs", "1"));
        assertEquals(0, r.exit(), r.err());
    }

    /** Damaged inputs a user can make by hand get one line, never a stack trace. */
    @Test
    void damagedRunFilesGetOneLine() throws Exception {
        Path data = tinyData();
        Path out = tmp.resolve("run");
        Run a = run(tiny(data, out, "--epochs", "1"));
        assertEquals(0, a.exit(), a.err());
        // a model file copied over the checkpoint
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        for (String f : List.of("run.json", "model.safetensors")) {
            Files.copy(out.resolve(f), copy.resolve(f));
        }
        Files.copy(out.resolve("model.safetensors"), copy.resolve("checkpoint.safetensors"));
        Run c = run("train", "--resume", copy.toString(), "--epochs", "2", "--data", data.toString(), "--no-download");
        assertEquals(1, c.exit(), c.err());
        assertTrue(c.err().startsWith("bnn train: ") && c.err().contains("not a checkpoint") && !c.err().contains("\tat "),
                c.err());
        // run.json with negative epochs
        Files.writeString(copy.resolve("run.json"), Files.readString(out.resolve("run.json")).replace("\"epochs\":1", "\"epochs\":-3"));
        Run n = run("train", "--resume", copy.toString(), "--data", data.toString(), "--no-download");
        assertEquals(1, n.exit(), n.err());
        assertTrue(n.err().contains("is damaged") && n.err().contains("'epochs' is -3"), n.err());
        // preprocessing metadata that is not a finite number
        dev.bnn.train.io.ModelFile.Contents m = dev.bnn.train.io.ModelFile.load(out.resolve("model.safetensors"));
        Map<String, String> meta = new java.util.LinkedHashMap<>(m.metadata());
        meta.put("preprocessing.scale", "NaN");
        Path nan = tmp.resolve("nan.safetensors");
        dev.bnn.train.io.ModelFile.save(nan, m.network(), meta, m.extraTensors());
        Run e = run("eval", "--model", nan.toString(), "--data", data.toString(), "--no-download");
        assertEquals(1, e.exit(), e.err());
        assertTrue(e.err().contains("the stored preprocessing cannot be rebuilt") && e.err().contains("'scale'"), e.err());
        // a NaN weight
        dev.bnn.train.nn.Parameter w = m.network().parameters().get(0);
        w.value().data()[0] = Float.NaN;
        w.markChanged();
        Path nanWeight = tmp.resolve("nan-weight.safetensors");
        dev.bnn.train.io.ModelFile.save(nanWeight, m.network(), m.metadata(), m.extraTensors());
        Run w2 = run("eval", "--model", nanWeight.toString(), "--data", data.toString(), "--no-download");
        assertEquals(1, w2.exit(), w2.err());
        assertTrue(w2.err().startsWith("bnn eval: ") && w2.err().contains("NaN") && w2.err().lines().count() == 1, w2.err());
    }

    /** A run stopped during its first epoch (run.json written, no checkpoint yet) resumes from its start, as a fresh run would go. */
    @Test
    void aRunStoppedInItsFirstEpochResumesFromItsStart() throws Exception {
        Path data = tinyData();
        Path whole = tmp.resolve("whole");
        Path early = tmp.resolve("early");
        Run a = run(tiny(data, whole, "--epochs", "2"));
        assertEquals(0, a.exit(), a.err());
        Run b = run(tiny(data, early, "--epochs", "2"));
        assertEquals(0, b.exit(), b.err());
        try (var files = Files.list(early)) { // as a run killed in epoch 1 leaves its folder: only its settings
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().equals("run.json")) {
                    Files.delete(p);
                }
            }
        }
        Run c = run("train", "--resume", early.toString(), "--threads", "1", "--data", data.toString(), "--no-download",
                "--json");
        assertEquals(0, c.exit(), c.err());
        assertEquals(withoutTimes(whole.resolve("epochs.csv")), withoutTimes(early.resolve("epochs.csv")));
        assertEquals(number(a.json(), "test_error"), number(c.json(), "test_error"), 0.0);
    }

    /**
     * The default run (bnn-mlp on MNIST, 3 x 1024, Adam 0.003 -> 3e-7 over 20 epochs, batch 100,
     * 10,000 held out), stopped after its first epoch, reproduces the first epoch of the run made
     * before the presets became recipes bit for bit.
     */
    @Tag("slow")
    @Test
    void theDefaultRunsFirstEpochIsUnchanged() throws Exception {
        assumeMnist();
        Path out = tmp.resolve("default");
        Run r = run("train", "--threads", "1", "--stop-after", "1", "--data", data.toString(), "--no-download", "--out",
                out.toString());
        assertEquals(130, r.exit(), r.err());
        assertEquals(List.of("epoch,lr_factor,train_loss,train_error,val_loss,val_error,flipped_share,best",
                "1,1.0,1.750445473074913,0.08294,0.4079364846646786,0.0498,0.357971320263019,true"),
                withoutTimes(out.resolve("epochs.csv")));
    }

    /** The epoch CSV without the wall-time columns (seconds, images_per_s). */
    private static List<String> withoutTimes(Path csv) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",", -1);
            rows.add(String.join(",", List.of(f).subList(0, 7)) + "," + f[9]);
        }
        return rows;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = new String[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void missingDataSaysWhichFilesToPutWhere() {
        Path empty = tmp.resolve("no-data");
        Run r = run("train", "--data", empty.toString(), "--no-download", "--out", tmp.resolve("run").toString());
        assertEquals(1, r.exit());
        String err = r.err();
        assertTrue(err.contains("Put these files into " + empty.resolve("mnist").toAbsolutePath()), err);
        for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            assertTrue(err.contains(f), err);
        }
        assertTrue(err.contains("--data DIR") && err.contains("BNN_DATA"), err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
        assertTrue(r.out().isEmpty(), r.out());

        Run e = run("eval", "--model", tmp.resolve("nothing.safetensors").toString());
        assertEquals(1, e.exit());
        assertTrue(e.err().contains("no model file at"), e.err());
        assertFalse(e.err().contains("\tat "), e.err());
    }

    @Test
    void badFlagsAreUsageErrors() {
        record Case(String expected, String... args) {}
        List<Case> cases = List.of(
                new Case("--epochs must be positive", "train", "--epochs", "0"),
                new Case("Unknown option: '--bogus'", "train", "--bogus"),
                new Case("unknown model 'resnet'; known: bnn-mlp, bc-mlp, float-mlp, bnn-convnet, bc-convnet, float-convnet",
                        "train", "--model", "resnet"),
                new Case("unknown dataset 'imagenet'; known: mnist, fashion-mnist, cifar10, svhn", "train", "--dataset", "imagenet"),
                new Case("stochastic binarization is BinaryConnect's", "train", "--stochastic"),
                new Case("Invalid value for option '--width'", "train", "--width", "wide"),
                new Case("dropout probabilities must be in [0, 1)", "train", "--dropout", "1.5"),
                new Case("--lr-start and --lr-end must be positive", "train", "--lr-end", "0"),
                new Case("unknown --preprocessing 'pca'; known: gcn-zca, pixel-scale", "train", "--preprocessing", "pca"),
                new Case("unknown --init 'zeros'; known: glorot, uniform", "train", "--init", "zeros"),
                new Case("--init sets the initial latent weights of binary layers; float-mlp has none", "train", "--model",
                        "float-mlp", "--init", "uniform"),
                new Case("width must be positive, got 0", "train", "--width", "0"),
                new Case("--threads must be positive, got 0", "train", "--threads", "0"),
                new Case("--threads must be positive, got -1", "eval", "--model", ".", "--threads", "-1"),
                new Case("--test-limit must not be negative", "eval", "--model", ".", "--test-limit", "-1"),
                new Case("--threads must be positive, got 0", "kernels", "--threads", "0"),
                new Case("Missing required option: '--model=FILE'", "eval"));
        for (Case c : cases) {
            Run r = run(c.args());
            assertEquals(2, r.exit(), String.join(" ", c.args()));
            assertTrue(r.err().contains(c.expected()), "expected '" + c.expected() + "' in: " + r.err());
            assertTrue(r.err().contains("Usage: bnn "), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
        assertEquals(17, cases.size());
    }

    @Test
    void helpListsEveryPresetWithThePapersFlags() {
        Run r = run("train", "--help");
        assertEquals(0, r.exit());
        for (Preset p : Preset.values()) {
            assertTrue(r.out().contains(p.label()), p.label());
            assertTrue(r.out().contains(p.paperFlags(p.defaultDataset())), p.paperFlags(p.defaultDataset()));
        }
        assertTrue(r.out().contains("--epochs 1000 --width 4096 --dropout-in 0.2 --dropout 0.5"), r.out());
    }

    /** The presets' architectures: layer types in order, the paper's ConvNet at width 128, half on SVHN. */
    @Test
    void presetsBuildThePapersArchitectures() {
        int[] mnist = {28, 28, 1};
        Sequential bnn = build(Preset.BNN_MLP, mnist, 64, 0, 0, false, Init.GLOROT_UNIFORM);
        assertEquals(List.of("Flatten", "BinaryDense", "BatchNorm", "SignActivation", "BinaryDense", "BatchNorm",
                "SignActivation", "BinaryDense", "BatchNorm", "SignActivation", "BinaryDense", "BatchNorm"), types(bnn));
        assertEquals(List.of(false, true, true, true), binaryInputs(bnn));
        Sequential dropped = build(Preset.BNN_MLP, mnist, 64, 0.2f, 0.5f, false, Init.GLOROT_UNIFORM);
        assertEquals(List.of(false, false, false, false), binaryInputs(dropped), "after dropout the input is not ±1");
        assertEquals(List.of("Flatten", "Dense", "BatchNorm", "HardTanh", "Dense", "BatchNorm", "HardTanh", "Dense",
                "BatchNorm", "HardTanh", "Dense", "BatchNorm"), types(build(Preset.FLOAT_MLP, mnist, 64, 0, 0, false,
                Init.UNIFORM_H1)));
        assertTrue(build(Preset.BC_MLP, mnist, 64, 0, 0, true, Init.GLOROT_UNIFORM).layers().get(1).toString()
                .contains("Stochastic"));
        Sequential uniform = build(Preset.BNN_MLP, mnist, 64, 0, 0, false, Init.UNIFORM_H1);
        assertTrue(Json.write(uniform.config()).contains("UNIFORM_H1"), "binary layers take the init");
        assertFalse(Json.write(build(Preset.FLOAT_MLP, mnist, 64, 0, 0, false, Init.UNIFORM_H1).config())
                .contains("UNIFORM_H1"), "float layers stay Glorot");

        Sequential conv = build(Preset.BNN_CONVNET, new int[] {32, 32, 3}, 128, 0, 0, false, Init.GLOROT_UNIFORM);
        List<String> t = types(conv);
        assertEquals(6, t.stream().filter("BinaryConv2d"::equals).count());
        assertEquals(3, t.stream().filter("MaxPool2d"::equals).count());
        assertEquals(3, t.stream().filter("BinaryDense"::equals).count());
        assertEquals(9, t.stream().filter("BatchNorm"::equals).count());
        assertEquals(List.of(128, 128, 256, 256, 512, 512), conv.layers().stream()
                .filter(l -> l instanceof BinaryConv2d).map(l -> ((BinaryConv2d) l).outChannels()).toList());
        assertEquals(List.of(8192, 1024, 1024), conv.layers().stream().filter(l -> l instanceof BinaryDense)
                .map(l -> ((BinaryDense) l).inFeatures()).toList());
        // only the first convolution reads the real image; all other weighted layers read ±1
        assertEquals(8, conv.layers().stream().filter(l -> l instanceof BinaryDense d && d.binaryInput()
                || l instanceof BinaryConv2d c && c.binaryInput()).count());
        assertEquals(64, Preset.BNN_CONVNET.paper(DatasetKind.SVHN).width());
        assertEquals(Preset.BNN_CONVNET.defaults(DatasetKind.CIFAR10).width() / 2,
                Preset.BNN_CONVNET.defaults(DatasetKind.SVHN).width());
        String summary = conv.summary(32, 32, 3);
        assertTrue(summary.contains("XNOR-popcount") && summary.contains("Total"), summary);
    }

    /** The preset's network at {@code width} with these options, seed 1, through its recipe. */
    private static Sequential build(Preset p, int[] sample, int width, float dropoutIn, float dropoutHidden, boolean stochastic,
                                    Init init) {
        NetworkOptions o = new NetworkOptions(p.binarization(), width, init, stochastic, dropoutIn, dropoutHidden, 1);
        return new Recipe(p, o, 0.001, 0.001, Preprocessing.SCALE).build(sample, 10);
    }

    private static List<String> types(Sequential s) {
        return s.layers().stream().map(l -> l.getClass().getSimpleName()).toList();
    }

    private static List<Boolean> binaryInputs(Sequential s) {
        return s.layers().stream().filter(l -> l instanceof BinaryDense).map(l -> ((BinaryDense) l).binaryInput()).toList();
    }
}
