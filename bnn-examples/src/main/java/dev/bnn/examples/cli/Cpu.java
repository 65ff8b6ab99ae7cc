package dev.bnn.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The processor's model name, for the records of a run (results are only comparable on the same CPU). */
final class Cpu {
    private Cpu() {}

    /** The "model name" of /proc/cpuinfo (Linux), else the os.arch property, with the processor count. */
    static String model() {
        String name = System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    name = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: keep os.arch
        }
        return name + " (" + Runtime.getRuntime().availableProcessors() + " processors)";
    }
}
