package dev.bnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Tensor;
import dev.bnn.core.io.Json;
import dev.bnn.data.format.Idx;
import dev.bnn.infer.InferenceModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bnn train's frozen model, bnn freeze, summary, predict, and eval of a frozen file, on the tiny MNIST. */
class DeployCommandsTest {
    @TempDir
    Path tmp;

    private static TrainCommandTest.Run run(String... args) {
        return TrainCommandTest.run(args);
    }

    private Path train(Path data, String model, String... more) {
        Path out = tmp.resolve(model);
        String[] args = {"train", "--model", model, "--width", "32", "--batch", "25", "--epochs", "2", "--validation", "100",
            "--threads", "1", "--data", data.toString(), "--no-download", "--out", out.toString(), "--json"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        TrainCommandTest.Run r = run(all);
        assertEquals(0, r.exit(), r.err());
        return out;
    }

    @Test
    void trainFreezesTheBestModelAndTheFrozenFileEvaluatesAndPredictsLikeIt() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 300, 100);
        Path out = train(data, "bnn-mlp");
        Map<String, Object> row = Json.parseObject(Files.readString(out.resolve("result.json")));
        Path frozen = out.resolve("model.frozen.safetensors");
        assertEquals(frozen.toString(), row.get("frozen_model_file"));
        assertEquals(Files.size(frozen), ((Number) row.get("frozen_model_bytes")).longValue());
        assertTrue(Files.size(out.resolve("model.safetensors")) > 8 * Files.size(frozen), "bit-packed: much smaller (a 3 KB header weighs at width 32)");

        String[] evalFlags = {"--data", data.toString(), "--no-download", "--threads", "2", "--json"};
        Map<String, Object> trained = run(concat(new String[] {"eval", "--model", out.toString()}, evalFlags)).json();
        Map<String, Object> deployed = run(concat(new String[] {"eval", "--model", frozen.toString()}, evalFlags)).json();
        assertEquals(trained.get("test_error"), deployed.get("test_error"));
        assertEquals(trained.get("test_loss"), deployed.get("test_loss"), "identical scores give the identical loss");
        assertEquals(Boolean.TRUE, deployed.get("frozen"));
        assertEquals(trained.get("epochs"), deployed.get("epochs"));

        // bnn freeze writes the same file again, and bnn summary adds up to its size
        Path again = tmp.resolve("again.safetensors");
        TrainCommandTest.Run f = run("freeze", out.toString(), "--out", again.toString(), "--data", data.toString(), "--no-download");
        assertEquals(0, f.exit(), f.err());
        assertArrayEquals(Files.readAllBytes(frozen), Files.readAllBytes(again), "freezing is deterministic");
        assertTrue(f.out().contains("XnorDense(32 -> 32, thresholds -> bits)") && f.out().contains("wrote " + again), f.out());
        TrainCommandTest.Run s = run("summary", again.toString());
        assertEquals(0, s.exit(), s.err());
        assertTrue(s.out().contains(" = " + Files.size(again) + " bytes on disk"), s.out());
        TrainCommandTest.Run ts = run("summary", out.toString());
        assertTrue(ts.exit() == 0 && ts.out().contains("training model"), ts.out() + ts.err());

        // predict: the IDX test images, and PNGs (one at the model's size, one to resize)
        Path images = data.resolve("mnist/t10k-images-idx3-ubyte.gz");
        TrainCommandTest.Run p = run("predict", "--model", out.toString(), images.toString());
        assertEquals(0, p.exit(), p.err());
        List<String> lines = p.out().lines().toList();
        assertEquals(100, lines.size());
        Idx.UnsignedBytes raw = Idx.read(images, Idx.IMAGES_MAGIC);
        float[] x = new float[raw.data().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = raw.data()[i] & 0xff;
        }
        int[] expected;
        try (InferenceModel m = InferenceModel.load(frozen, 1)) {
            expected = m.predict(Tensor.wrap(x, 100, 28, 28, 1));
        }
        for (int i = 0; i < 100; i++) {
            assertTrue(lines.get(i).startsWith(images + "#" + i + " " + expected[i] + " "), lines.get(i));
        }
        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int v = (int) x[3 * 784 + r * 28 + c];
                grey.getRaster().setSample(c, r, 0, v);
            }
        }
        Path png = tmp.resolve("three.png");
        ImageIO.write(grey, "png", png.toFile());
        BufferedImage big = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        Path bigPng = tmp.resolve("big.png");
        ImageIO.write(big, "png", bigPng.toFile());
        TrainCommandTest.Run q = run("predict", "--model", frozen.toString(), "--json", png.toString(), bigPng.toString());
        assertEquals(0, q.exit(), q.err());
        List<String> rows = q.out().lines().toList();
        assertEquals(2, rows.size(), q.out());
        assertEquals((long) expected[3], ((Number) Json.parseObject(rows.get(0)).get("class")).longValue(),
                "a PNG of test image 3 is classified as the IDX image");
        assertTrue(q.err().contains("resized 56x56 -> 28x28") && q.err().contains("colour converted to grey"), q.err());

        TrainCommandTest.Run bad = run("predict", "--model", frozen.toString(), out.resolve("run.json").toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("not an image"), bad.err());
    }

    @Test
    void aStochasticBinaryConnectRunSaysWhyItIsNotFrozen() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 300, 100);
        Path out = train(data, "bc-mlp", "--stochastic");
        Map<String, Object> row = Json.parseObject(Files.readString(out.resolve("result.json")));
        assertTrue(row.containsKey("frozen_model_file"));
        assertNull(row.get("frozen_model_file"));
        assertTrue(Files.notExists(out.resolve("model.frozen.safetensors")));
        TrainCommandTest.Run f = run("freeze", out.toString());
        assertEquals(1, f.exit());
        assertTrue(f.err().contains("cannot be frozen") && f.err().contains("stochastic"), f.err());
    }

    @Test
    void aTrainingFileIsNotAFrozenOneAndAFrozenFileIsNotATrainingOne() throws Exception {
        Path junk = tmp.resolve("junk.safetensors");
        Files.writeString(junk, "not a model at all");
        TrainCommandTest.Run s = run("summary", junk.toString());
        assertEquals(1, s.exit());
        assertTrue(s.err().startsWith("bnn summary: " + junk + ": not a bnn model file:"), s.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
    /** A model whose scores overflow has an infinite test loss: eval --json writes null (and warns) instead of crashing. */
    @Test
    void anInfiniteLossIsWrittenAsNullInTheJson() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 300, 100);
        Path out = train(data, "bnn-mlp");
        Path file = out.resolve("model.safetensors");
        dev.bnn.train.io.ModelFile.Contents c = dev.bnn.train.io.ModelFile.load(file);
        dev.bnn.train.nn.Sequential net = (dev.bnn.train.nn.Sequential) c.network();
        dev.bnn.train.layers.BatchNorm last = (dev.bnn.train.layers.BatchNorm) net.layers().get(net.layers().size() - 1);
        java.util.Arrays.fill(last.parameters().get(0).value().data(), 1e30f); // scores of 1e30: a squared hinge of 1e60
        last.parameters().get(0).markChanged();
        Path huge = tmp.resolve("huge.safetensors");
        dev.bnn.train.io.ModelFile.save(huge, net, c.metadata(), c.extraTensors());
        TrainCommandTest.Run r = run("eval", "--model", huge.toString(), "--data", data.toString(), "--no-download", "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> j = r.json();
        assertTrue(j.containsKey("test_loss") && j.get("test_loss") == null, j.toString());
    }
}
