package dev.bnn.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes: {@code bnn train} runs as a child process and is killed with SIGKILL at seeded random
 * moments (during JVM start, preprocessing, an epoch or a file write), then resumed with
 * {@code --resume} (or started again when it died before writing anything); the finished run's
 * frozen model equals an uninterrupted run's byte for byte, and its training model has the same
 * tensors, byte for byte, and the same metadata but for the wall times of its epochs. The runs use
 * the same relative output folder in two working folders, so the recorded paths are equal too.
 */
class CrashResumeTest {
    @TempDir
    Path tmp;

    private static Process start(Path cwd, Path data, boolean resume) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "dev.bnn.examples.Main", "train"));
        if (resume) {
            cmd.addAll(List.of("--resume", "run"));
        } else {
            cmd.addAll(List.of("--width", "32", "--batch", "25", "--epochs", "6", "--validation", "100", "--out", "run"));
        }
        cmd.addAll(List.of("--threads", "1", "--data", data.toString(), "--no-download"));
        return new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(cwd.resolve("log-" + System.nanoTime() + ".txt").toFile()).start();
    }

    private static int finish(Process p) throws InterruptedException {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the run did not end within 120 s");
        }
        return p.exitValue();
    }

    /** The metadata with the wall-time fields of the epoch history blanked, and the whole-file checksum left out. */
    private static java.util.Map<String, String> withoutTimes(java.util.Map<String, String> meta) {
        java.util.Map<String, String> m = new java.util.TreeMap<>(meta);
        m.remove("file_sha256");
        String history = m.get("trainer.history");
        if (history != null) {
            StringBuilder b = new StringBuilder();
            for (String row : history.split("\n")) {
                String[] f = row.split(",", -1);
                f[7] = "";
                f[8] = "";
                b.append(String.join(",", f)).append('\n');
            }
            m.put("trainer.history", b.toString());
        }
        return m;
    }

    @Test
    void runsKilledAtRandomMomentsResumeToTheSameModelByteForByte() throws Exception {
        Path data = TinyMnist.write(tmp.resolve("data"), 300, 100);
        Path whole = Files.createDirectories(tmp.resolve("whole"));
        assertEquals(0, finish(start(whole, data, false)));

        Path crashed = Files.createDirectories(tmp.resolve("crashed"));
        RandomGenerator rng = Seeds.generator(2026);
        int kills = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            boolean resume = Files.exists(crashed.resolve("run/run.json"));
            Process p = start(crashed, data, resume);
            long delay = 300 + rng.nextInt(2500);
            if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly(); // SIGKILL: no shutdown hook runs
                p.waitFor();
                kills++;
            }
        }
        int exit = finish(start(crashed, data, Files.exists(crashed.resolve("run/run.json"))));
        assertTrue(exit == 0, "the last run ends normally, got " + exit + " after " + kills + " kills");
        // the frozen model byte for byte; the training model's tensors byte for byte and its metadata
        // too, except the wall times each epoch records (seconds, images/s)
        assertArrayEquals(Files.readAllBytes(whole.resolve("run/model.frozen.safetensors")),
                Files.readAllBytes(crashed.resolve("run/model.frozen.safetensors")), "frozen model after " + kills + " kills");
        SafeTensors.Contents a = SafeTensors.read(whole.resolve("run/model.safetensors"));
        SafeTensors.Contents b = SafeTensors.read(crashed.resolve("run/model.safetensors"));
        assertEquals(a.entries(), b.entries(), "tensors after " + kills + " kills");
        assertEquals(withoutTimes(a.metadata()), withoutTimes(b.metadata()), "metadata after " + kills + " kills");
        System.out.println("crash test: " + kills + " SIGKILLs survived");
    }
}
