package dev.bnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import dev.bnn.train.layers.Dense;
import dev.bnn.train.loss.SoftmaxCrossEntropy;
import dev.bnn.train.loss.SquaredHinge;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.optim.Adam;
import dev.bnn.train.optim.Bop;
import dev.bnn.train.optim.LearningRateSchedule;
import dev.bnn.train.optim.RoutingOptimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    static final Dataset TRAIN = XorTask.data("xor-train", 3000, 1);
    static final Dataset TEST = XorTask.data("xor-test", 1000, 2);

    @TempDir
    Path dir;

    static TrainerConfig.Builder config() {
        return TrainerConfig.builder().epochs(6).batchSize(50).seed(7).threads(2).validationSize(500)
                .schedule(LearningRateSchedule.exponential(0.1));
    }

    @Test
    void binaryConnectLearnsXor() {
        TrainingResult r = new Trainer(XorTask.binaryConnect(64, 3), new SquaredHinge(), new Adam(0.01), config().build())
                .fit(TRAIN, TEST);
        assertTrue(r.testError() < 0.05, "BinaryConnect test error " + r.testError() + "; history " + r.history());
        assertEquals(6, r.epochs());
        assertTrue(r.history().getFirst().flippedShare() > 0, "binary weights flipped in the first epoch");
    }

    @Test
    void bnnLearnsXor() {
        TrainingResult r = new Trainer(XorTask.bnn(128, 3), new SquaredHinge(), new Adam(0.01), config().build())
                .fit(TRAIN, TEST);
        assertTrue(r.testError() < 0.05, "BNN test error " + r.testError() + "; history " + r.history());
    }

    @Test
    void bopWithRoutingLearnsXor() {
        TrainingResult r = new Trainer(XorTask.bnn(128, 3), new SoftmaxCrossEntropy(),
                new RoutingOptimizer(new Bop(1e-3, 1e-6), new Adam(0.01)), config().build()).fit(TRAIN, TEST);
        assertTrue(r.testError() < 0.1, "BNN with Bop test error " + r.testError() + "; history " + r.history());
    }

    @Test
    void sameSeedAndThreadsGiveBitIdenticalWeights() {
        Module a = XorTask.bnn(64, 3);
        Module b = XorTask.bnn(64, 3);
        new Trainer(a, new SquaredHinge(), new Adam(0.01), config().epochs(2).build()).fit(TRAIN, null);
        new Trainer(b, new SquaredHinge(), new Adam(0.01), config().epochs(2).build()).fit(TRAIN, null);
        assertStatesEqual(a.state(), b.state());
        Module c = XorTask.bnn(64, 3);
        new Trainer(c, new SquaredHinge(), new Adam(0.01), config().epochs(2).seed(8).build()).fit(TRAIN, null);
        assertNotEquals(a.state().get("0.weight"), c.state().get("0.weight"), "another shuffling seed gives other weights");
    }

    static void assertStatesEqual(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name).data(), actual.get(name).data(), 0f, name);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesCheckpointBestModelAndCsvAndKeepsTheBest() throws Exception {
        Module net = XorTask.bnn(64, 3);
        List<String> events = new ArrayList<>();
        // a temporary file left by a write killed in an earlier run: removed when this run starts
        Path stale = Files.writeString(dir.resolve(".checkpoint.safetensors.8765.tmp"), "killed mid-write");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
        Trainer trainer = new Trainer(net, new SquaredHinge(), new Adam(0.01), config().epochs(3).outputDir(dir).build())
                .withModelExtras(Map.of("preprocessing", "none"), Map.of("preprocess.mean", Tensor.zeros(8)));
        trainer.addListener(new TrainingListener() {
            @Override
            public void onStart(TrainerConfig config, int firstEpoch) {
                events.add("start " + firstEpoch);
            }

            @Override
            public void onEpochStart(int epoch, int batches) {
                events.add("epoch " + epoch + " of " + batches);
            }

            @Override
            public void onBatch(int epoch, int batch, float loss) {
                if (batch == 50) {
                    events.add("batch " + epoch + "." + batch);
                }
            }

            @Override
            public void onEpochEnd(EpochMetrics m) {
                events.add("end " + m.epoch());
            }

            @Override
            public void onEnd(TrainingResult result) {
                events.add("done");
            }
        });
        TrainingResult r = trainer.fit(TRAIN, TEST);
        assertTrue(Files.notExists(stale), "the stale temporary file is gone");
        assertEquals(List.of("start 1", "epoch 1 of 50", "batch 1.50", "end 1", "epoch 2 of 50", "batch 2.50", "end 2",
                "epoch 3 of 50", "batch 3.50", "end 3", "done"), events);
        List<String> csv = Files.readAllLines(dir.resolve(Checkpoint.CSV_FILE));
        // the BinaryConnect network's three binary layers add one weight-angle column each
        assertEquals(String.join(",", EpochMetrics.CSV_COLUMNS) + ",angle_1,angle_2,angle_3", csv.getFirst());
        assertEquals(4, csv.size());
        for (EpochMetrics m : r.history()) {
            assertEquals(3, m.weightAngles().size());
            for (double a : m.weightAngles()) {
                assertTrue(a > 0 && a < 90, m.toString());
            }
        }
        for (int e = 0; e < 3; e++) {
            assertEquals(r.history().get(e), EpochMetrics.fromCsvRow(csv.get(e + 1)));
        }
        double best = r.history().stream().mapToDouble(EpochMetrics::validationError).min().orElseThrow();
        assertEquals(best, r.bestValidationError());
        assertEquals(best, r.history().get(r.bestEpoch() - 1).validationError());
        var model = dev.bnn.train.io.ModelFile.load(dir.resolve(Checkpoint.MODEL_FILE));
        assertEquals(r.bestEpoch(), Checkpoint.epochOf(model.metadata()).getAsInt());
        assertEquals("none", model.metadata().get("preprocessing"));
        assertTrue(model.metadata().get("training").contains("\"seed\":7"), model.metadata().get("training"));
        assertEquals(List.of("preprocess.mean"), List.copyOf(model.extraTensors().keySet()));
        // at the end the network holds the best model, which the test error was measured on
        assertStatesEqual(model.network().state(), net.state());
        // the saved model alone, with the loss named in its training metadata, gives that test error (other batching)
        var lossConfig = dev.bnn.core.io.Json.parseObject(model.metadata().get("training")).get("loss");
        Evaluator.Evaluation again = new Evaluator(model.network(),
                dev.bnn.train.loss.Losses.fromConfig((Map<String, ?>) lossConfig), 64).evaluate(TEST);
        assertEquals(r.testError(), again.error());
        assertEquals(r.testLoss(), again.loss(), 1e-6 * r.testLoss());
        assertTrue(Files.exists(dir.resolve(Checkpoint.CHECKPOINT_FILE)));
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary files left");
        }
    }

    /** A schedule whose rate rounds to 0 after epoch 1 keeps a batch-norm-free network fixed, so validation never improves after it. */
    @Test
    void earlyStoppingAfterPatienceEpochsWithoutImprovement() {
        Sequential net = new Sequential(new Dense(XorTask.FEATURES, 2));
        TrainingResult r = new Trainer(net, new SquaredHinge(), new Adam(),
                config().epochs(10).earlyStoppingPatience(2).schedule(LearningRateSchedule.step(1, Double.MIN_VALUE)).build())
                .fit(TRAIN, null);
        assertTrue(r.stoppedEarly());
        assertEquals(3, r.epochs());
        assertEquals(1, r.bestEpoch());
        assertTrue(r.bestValidationError() > 0.3, "a linear model cannot fit XOR: " + r.bestValidationError());
    }

    @Test
    void nonFiniteLossStopsNamingEpochAndBatchAndKeepsTheCheckpoint() throws Exception {
        Module net = XorTask.bnn(64, 3);
        Trainer trainer = new Trainer(net, new SquaredHinge(), new Adam(0.01), config().epochs(3).outputDir(dir).build());
        Parameter bnGamma = net.parameters().stream().filter(p -> !p.isLatentBinary()).toList().getLast();
        trainer.addListener(new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, float loss) {
                if (epoch == 2 && batch == 3) {
                    bnGamma.value().data()[0] = Float.NaN;
                    bnGamma.markChanged();
                }
            }
        });
        byte[][] checkpoint = new byte[1][];
        trainer.addListener(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochMetrics m) {
                try {
                    checkpoint[0] = Files.readAllBytes(dir.resolve(Checkpoint.CHECKPOINT_FILE));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(TRAIN, TEST));
        assertEquals(2, e.epoch());
        assertEquals(4, e.batch());
        assertTrue(e.getMessage().contains("epoch 2, batch 4 of 50") && e.getMessage().contains("NaN")
                && e.getMessage().contains(Checkpoint.CHECKPOINT_FILE + " (epoch 1)"), e.getMessage());
        assertArrayEquals(checkpoint[0], Files.readAllBytes(dir.resolve(Checkpoint.CHECKPOINT_FILE)));
        assertFalse(Double.isNaN(dev.bnn.train.io.ModelFile.load(dir.resolve(Checkpoint.CHECKPOINT_FILE)).network()
                .state().values().iterator().next().data()[0]));
    }

    /** A stop request (the CLI's SIGINT handler) ends the run after the current batch; the files keep the last whole epoch. */
    @Test
    void requestStopEndsAfterTheCurrentBatchWithTheFilesOfTheLastEpoch() throws Exception {
        Trainer trainer = new Trainer(XorTask.bnn(32, 3), new SquaredHinge(), new Adam(0.01), config().epochs(4).outputDir(dir).build());
        trainer.addListener(new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, float loss) {
                if (epoch == 2 && batch == 5) {
                    trainer.requestStop();
                }
            }
        });
        TrainingResult r = trainer.fit(TRAIN, TEST);
        assertTrue(r.stoppedEarly());
        assertEquals(1, r.epochs());
        assertTrue(Double.isNaN(r.testError()), "no test evaluation of a half-trained epoch");
        assertEquals("1", dev.bnn.train.io.ModelFile.load(dir.resolve(Checkpoint.CHECKPOINT_FILE)).metadata().get("trainer.epoch"));
        assertEquals(2, Files.readAllLines(dir.resolve(Checkpoint.CSV_FILE)).size());
    }

    @Test
    void badSetupsAreRejected() {
        Trainer t = new Trainer(XorTask.bnn(16, 3), new SquaredHinge(), new Adam(), config().validationSize(3000).build());
        Exception e = assertThrows(IllegalArgumentException.class, () -> t.fit(TRAIN, null));
        assertTrue(e.getMessage().contains("validation size 3000"), e.getMessage());
        Trainer big = new Trainer(XorTask.bnn(16, 3), new SquaredHinge(), new Adam(), config().batchSize(5000).build());
        e = assertThrows(IllegalArgumentException.class, () -> big.fit(TRAIN, null));
        assertTrue(e.getMessage().contains("fewer than one batch of 5000"), e.getMessage());
    }
    /** A test set that cannot be evaluated (another shape, or empty) is refused before the first epoch, not after the last. */
    @Test
    void aMismatchedOrEmptyTestSetIsRefusedBeforeTraining() {
        Module net = XorTask.bnn(16, 3);
        Trainer trainer = new Trainer(net, new SquaredHinge(), new Adam(0.01), config().epochs(2).outputDir(dir).build());
        dev.bnn.core.Dataset narrow = new dev.bnn.core.Dataset("narrow", Tensor.zeros(10, XorTask.FEATURES - 1), new int[10], 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(TRAIN, narrow));
        assertTrue(e.getMessage().contains("test set") && e.getMessage().contains("does not match"), e.getMessage());
        dev.bnn.core.Dataset empty = new dev.bnn.core.Dataset("empty", Tensor.zeros(0, XorTask.FEATURES), new int[0], 2);
        e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(TRAIN, empty));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve(Checkpoint.CSV_FILE)), "no epoch ran");
    }
}
