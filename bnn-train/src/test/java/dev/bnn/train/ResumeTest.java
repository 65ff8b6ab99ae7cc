package dev.bnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Dataset;
import dev.bnn.train.io.ModelFile;
import dev.bnn.core.io.ModelFileException;
import dev.bnn.train.layers.Dropout;
import dev.bnn.train.loss.SquaredHinge;
import dev.bnn.train.nn.Module;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.optim.Adam;
import dev.bnn.train.optim.Bop;
import dev.bnn.train.optim.RoutingOptimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training 2 epochs straight equals training 1 epoch in another JVM that is then halted, and
 * resuming here for the second: bit-identical weights, batch-norm statistics, random-stream
 * counters (a dropout layer draws from one) and optimizer state.
 */
class ResumeTest {
    static final Dataset TRAIN = XorTask.data("xor-train", 3000, 1);

    @TempDir
    Path dir;

    /** The network of both halves: dropout on the input, so a random stream must resume too. */
    static Sequential network() {
        List<Module> layers = new ArrayList<>(XorTask.bnn(64, 3).layers());
        layers.addFirst(new Dropout(0.2f, 0));
        Sequential net = new Sequential(layers);
        net.reset(3);
        return net;
    }

    static Trainer trainer(Module net, Path out) {
        return new Trainer(net, new SquaredHinge(), new RoutingOptimizer(new Bop(1e-3, 1e-6), new Adam(0.01)),
                TrainerTest.config().epochs(2).outputDir(out).build());
    }

    /** The first half, in a child JVM: trains epoch 1, then halts the JVM once its files are written. */
    public static void main(String[] args) {
        trainer(network(), Path.of(args[0])).addListener(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochMetrics m) {
                Runtime.getRuntime().halt(m.epoch() == 1 ? 0 : 3);
            }
        }).fit(TRAIN, null);
        Runtime.getRuntime().halt(4);
    }

    @Test
    void resumingInANewJvmContinuesBitIdentically() throws Exception {
        Path straightDir = Files.createDirectory(dir.resolve("straight"));
        Module straight = network();
        TrainingResult full = trainer(straight, straightDir).fit(TRAIN, null);

        Path resumedDir = Files.createDirectory(dir.resolve("resumed"));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                ResumeTest.class.getName(), resumedDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, child.exitValue(), () -> "child JVM failed:\n" + readQuietly(log));
        assertEquals("1", ModelFile.load(resumedDir.resolve(Checkpoint.CHECKPOINT_FILE)).metadata().get("trainer.epoch"));

        Module resumed = network();
        Trainer second = trainer(resumed, resumedDir);
        second.resume(resumedDir.resolve(Checkpoint.CHECKPOINT_FILE));
        TrainingResult rest = second.fit(TRAIN, null);

        TrainerTest.assertStatesEqual(straight.state(), resumed.state());
        assertEquals(full.history().size(), rest.history().size());
        assertEquals(full.history().get(1).trainingLoss(), rest.history().get(1).trainingLoss());
        assertEquals(full.history().get(1).validationError(), rest.history().get(1).validationError());
        assertEquals(full.bestEpoch(), rest.bestEpoch());
        assertEquals(Files.readAllLines(straightDir.resolve(Checkpoint.CSV_FILE)).size(),
                Files.readAllLines(resumedDir.resolve(Checkpoint.CSV_FILE)).size());
        // the checkpoints of epoch 2 agree too, optimizer state included (timings aside)
        var a = ModelFile.load(straightDir.resolve(Checkpoint.CHECKPOINT_FILE));
        var b = ModelFile.load(resumedDir.resolve(Checkpoint.CHECKPOINT_FILE));
        assertEquals(a.extraTensors().keySet(), b.extraTensors().keySet());
        TrainerTest.assertStatesEqual(a.extraTensors(), b.extraTensors());
        assertEquals(a.metadata().get("optimizer.binary.steps"), b.metadata().get("optimizer.binary.steps"));
    }

    @Test
    void resumeRejectsAnotherSeedAndAnotherArchitecture() throws Exception {
        trainer(network(), dir).fit(TRAIN, null);
        Path checkpoint = dir.resolve(Checkpoint.CHECKPOINT_FILE);
        Trainer otherSeed = new Trainer(network(), new SquaredHinge(), new RoutingOptimizer(new Bop(), new Adam()),
                TrainerTest.config().seed(99).build());
        Exception e = assertThrows(IllegalArgumentException.class, () -> otherSeed.resume(checkpoint));
        assertTrue(e.getMessage().contains("seed 7") && e.getMessage().contains("seed 99"), e.getMessage());
        Trainer otherNet = new Trainer(XorTask.bnn(32, 3), new SquaredHinge(), new Adam(), TrainerTest.config().build());
        ModelFileException m = assertThrows(ModelFileException.class, () -> otherNet.resume(checkpoint));
        assertEquals(ModelFileException.Problem.WRONG_ARCHITECTURE, m.problem());
        Trainer model = new Trainer(network(), new SquaredHinge(), new Adam(), TrainerTest.config().build());
        e = assertThrows(IllegalArgumentException.class, () -> model.resume(dir.resolve(Checkpoint.MODEL_FILE)));
        assertTrue(e.getMessage().contains("not a checkpoint"), e.getMessage());
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
