package dev.bnn.bench;

import dev.bnn.kernels.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/** Lines describing where a benchmark run ran: JVM, processors, kernels, native BLAS, environment, load. */
final class BenchEnvironment {
    private BenchEnvironment() {}

    /** The description before the run. */
    static List<String> describe(int processors, NativeProbe nat) {
        List<String> env = new ArrayList<>();
        env.add("java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                + processors + " available processors");
        env.add("bnn kernels: " + Kernels.implementation() + "; class fingerprints (CRC-32) " + kernelFingerprints());
        env.add("netlib-native: " + nat.description());
        env.add("OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE")
                + ", OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS")
                + " (forks inherit this environment; OpenBLAS threads are set per fork to the threads parameter)");
        return env;
    }

    /**
     * CRC-32 of the Vector API kernel class files on the class path: tells which build of the
     * kernels a report measured (a stale bnn-kernels jar from the local repository looks the same otherwise).
     */
    static String kernelFingerprints() {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("PanamaBinaryGemm", "PanamaFloatGemm", "PanamaBinaryWeightGemm")) {
            String resource = "/dev/bnn/kernels/" + name + ".class";
            sb.append(sb.isEmpty() ? "" : ", ").append(name).append(' ');
            try (InputStream in = Kernels.class.getResourceAsStream(resource)) {
                if (in == null) {
                    sb.append("absent");
                } else {
                    CRC32 crc = new CRC32();
                    crc.update(in.readAllBytes());
                    sb.append(String.format("%08x", crc.getValue()));
                }
            } catch (IOException e) {
                sb.append("unreadable");
            }
        }
        return sb.toString();
    }

    /** The first three fields of /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
