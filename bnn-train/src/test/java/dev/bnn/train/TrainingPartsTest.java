package dev.bnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Dataset;
import dev.bnn.core.Tensor;
import dev.bnn.train.layers.Dense;
import dev.bnn.train.layers.HardTanh;
import dev.bnn.train.loss.SquaredHinge;
import dev.bnn.train.nn.Parameter;
import dev.bnn.train.nn.Sequential;
import dev.bnn.train.optim.Adam;
import dev.bnn.train.optim.LearningRateSchedule;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The parts the trainer is made of, used on their own as a custom training loop would. */
class TrainingPartsTest {
    private static final Dataset DATA = XorTask.data("xor", 400, 3);

    /** The trainer's step and a hand-written loop over computeGradients / applyUpdate train the same weights. */
    @Test
    void computeGradientsThenApplyUpdateIsTheTrainersStep() {
        Sequential a = XorTask.bnn(64, 5);
        Sequential b = XorTask.bnn(64, 5);
        TrainingStep fused = new TrainingStep(a, new SquaredHinge(), new Adam(0.01));
        TrainingStep split = new TrainingStep(b, new SquaredHinge(), new Adam(0.01));
        Batch batch = new Batch(DATA, 50);
        for (int from = 0; from + 50 <= DATA.size(); from += 50) {
            TrainingStep.Result r = fused.step(batch.gather(DATA, from));
            TrainingStep.Result s = split.computeGradients(batch.gather(DATA, from));
            split.applyUpdate();
            assertEquals(r, s);
        }
        assertStatesEqual(a.state(), b.state());
        assertEquals(8, split.optimizer().steps());
    }

    /**
     * computeGradients leaves the gradient of the batch's mean loss: the mean of the gradients of two
     * halves is the whole batch's (a network without batch statistics, so the halves are independent).
     */
    @Test
    void gradientsOfShareBatchesAddUpToTheWholeBatchs() {
        Sequential net = new Sequential(new Dense(XorTask.FEATURES, 16), new HardTanh(), new Dense(16, 2));
        net.reset(9);
        TrainingStep step = new TrainingStep(net, new SquaredHinge(), new Adam());
        step.computeGradients(new Batch(DATA, 40).gather(DATA, 0));
        List<float[]> whole = net.parameters().stream().map(p -> p.grad().data().clone()).toList();
        Batch half = new Batch(DATA, 20);
        step.computeGradients(half.gather(DATA, 0));
        List<float[]> first = net.parameters().stream().map(p -> p.grad().data().clone()).toList();
        step.computeGradients(half.gather(DATA, 20));
        List<Parameter> params = net.parameters();
        for (int k = 0; k < params.size(); k++) {
            float[] second = params.get(k).grad().data();
            for (int i = 0; i < second.length; i++) {
                assertEquals(whole.get(k)[i], (first.get(k)[i] + second[i]) / 2, 1e-6f, params.get(k).name() + "[" + i + "]");
            }
        }
    }

    @Test
    void aNonFiniteLossComputesNoGradientAndRefusesTheUpdate() {
        Sequential net = new Sequential(new Dense(XorTask.FEATURES, 2));
        net.reset(1);
        TrainingStep step = new TrainingStep(net, new SquaredHinge(), new Adam());
        Tensor inputs = Tensor.zeros(2, XorTask.FEATURES);
        inputs.set(Float.NaN, 0, 0);
        float[] before = net.parameters().get(0).value().data().clone();
        TrainingStep.Result r = step.computeGradients(inputs, new int[] {0, 1});
        assertFalse(r.isFinite());
        assertThrows(IllegalStateException.class, step::applyUpdate);
        assertArrayEquals(before, net.parameters().get(0).value().data());
    }

    @Test
    void theEvaluatorLeavesTheNetworkInTheModeItFound() {
        Sequential net = XorTask.bnn(32, 2);
        Evaluator evaluator = new Evaluator(net, new SquaredHinge(), 64);
        net.eval();
        Evaluator.Evaluation e = evaluator.evaluate(DATA);
        assertFalse(net.isTraining());
        net.train();
        assertEquals(e, evaluator.evaluate(DATA), "evaluation mode whatever mode the network was in");
        assertTrue(net.isTraining());
        assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(DATA.slice("none", 0, 0)));
    }

    @Test
    void checkpointRecordsReadRowsWithAndWithoutTheLearningRateAndTheAngles() {
        EpochMetrics m = new EpochMetrics(1, 0.5, 0.3, 0.1, 0.4, 0.2, 0.01, 2.5, 1000, true, 0.0015, List.of(28.5, 30.25));
        assertEquals(m, EpochMetrics.fromCsvRow(m.csvRow()));
        assertTrue(m.toString().endsWith("weight angles 28.5/30.3 degrees"), m.toString());
        String old = "1,0.5,0.3,0.1,0.4,0.2,0.01,2.5,1000.0,true";
        assertTrue(Double.isNaN(EpochMetrics.fromCsvRow(old).learningRate()));
        assertEquals(List.of(), EpochMetrics.fromCsvRow(old + ",0.001").weightAngles());
        Checkpoint c = Checkpoint.start(7).next(m, true);
        assertEquals(1, c.bestEpoch());
        assertEquals(0.2, c.bestError());
        assertEquals(String.join(",", EpochMetrics.CSV_COLUMNS) + ",angle_1,angle_2\n" + m.csvRow() + "\n", c.csv());
        // resumed from an older checkpoint: its rows have no angles, the new ones do, and the columns still line up
        Checkpoint resumed = Checkpoint.start(7).next(EpochMetrics.fromCsvRow(old + ",0.001"), true).next(m, true);
        List<String> lines = resumed.csv().lines().toList();
        assertEquals(lines.get(0).split(",", -1).length, lines.get(1).split(",", -1).length);
        assertEquals(lines.get(0).split(",", -1).length, lines.get(2).split(",", -1).length);
        assertEquals(List.of(), EpochMetrics.fromCsvRow(lines.get(1)).weightAngles());
        assertEquals(OptionalInt.of(3), Checkpoint.epochOf(Map.of("trainer.epoch", "3")));
        assertEquals(OptionalInt.empty(), Checkpoint.epochOf(Map.of()));
    }

    /** Model files record loss, optimizer and schedule as configurations; older files only the loss. */
    @Test
    void theTrainingSetupRoundTripsThroughModelFileMetadata() {
        TrainerConfig config = TrainerConfig.builder().schedule(LearningRateSchedule.exponential(1e-4)).build();
        Adam adam = new Adam(0.003);
        String json = TrainingSetup.write(config, adam, new SquaredHinge());
        TrainingSetup read = TrainingSetup.read(Map.of(TrainingSetup.KEY, json)).orElseThrow();
        assertEquals(new SquaredHinge().config(), read.loss().config());
        assertEquals(adam.config(), read.optimizer().orElseThrow().config());
        assertEquals(config.schedule().config(), read.schedule().orElseThrow().config());
        assertEquals(config.schedule().factor(7, 20), read.schedule().orElseThrow().factor(7, 20));
        String older = "{\"epochs\":20,\"schedule\":\"exponential(to x0.0001)\",\"optimizer\":\"Adam(lr 0.003)\","
                + "\"loss\":{\"type\":\"SquaredHinge\"}}";
        TrainingSetup old = TrainingSetup.read(Map.of(TrainingSetup.KEY, older)).orElseThrow();
        assertTrue(old.optimizer().isEmpty() && old.schedule().isEmpty());
        assertTrue(TrainingSetup.read(Map.of()).isEmpty());
    }

    private static void assertStatesEqual(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, t) -> assertArrayEquals(t.data(), actual.get(k).data(), k));
    }
}
