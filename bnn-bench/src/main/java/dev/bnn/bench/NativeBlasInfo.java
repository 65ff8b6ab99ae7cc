package dev.bnn.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What netlib's {@code NativeBLAS} actually loaded into this process, and, when it is OpenBLAS,
 * a handle on OpenBLAS's own controls through the FFM API: {@code openblas_get_config},
 * {@code openblas_get_corename} (the kernel set chosen at load time, which
 * {@code OPENBLAS_CORETYPE} overrides) and {@code openblas_set_num_threads}.
 *
 * <p>The loaded libraries are read from {@code /proc/self/maps} (Linux), so the answer is the
 * file the dynamic linker really mapped, whatever {@code libblas.so.3} alternative points to.
 * Call {@link #probe()} after {@code NativeBLAS.getInstance()} has succeeded.
 *
 * <p>FFM downcalls are restricted methods: the JVM needs {@code --enable-native-access=ALL-UNNAMED}
 * (the netlib-native forks get it; bnn.jar's manifest grants it) or it prints a warning.
 */
@SuppressWarnings("restricted")
public final class NativeBlasInfo {
    private final List<Path> libraries;
    private final String config;
    private final String coreName;
    private final MethodHandle setThreads;
    private final MethodHandle getThreads;

    private NativeBlasInfo(List<Path> libraries, String config, String coreName, MethodHandle setThreads,
                           MethodHandle getThreads) {
        this.libraries = libraries;
        this.config = config;
        this.coreName = coreName;
        this.setThreads = setThreads;
        this.getThreads = getThreads;
    }

    /** Inspects the BLAS libraries mapped into this process. */
    public static NativeBlasInfo probe() {
        List<Path> libs = mappedBlasLibraries();
        Optional<Path> openblas = libs.stream()
                .filter(p -> p.getFileName().toString().contains("openblas")).findFirst();
        if (openblas.isEmpty()) {
            return new NativeBlasInfo(libs, null, null, null, null);
        }
        SymbolLookup lookup = SymbolLookup.libraryLookup(openblas.get(), Arena.global());
        Linker linker = Linker.nativeLinker();
        String config = callString(linker, lookup, "openblas_get_config");
        String core = callString(linker, lookup, "openblas_get_corename");
        MethodHandle set = lookup.find("openblas_set_num_threads")
                .map(s -> linker.downcallHandle(s, FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT))).orElse(null);
        MethodHandle get = lookup.find("openblas_get_num_threads")
                .map(s -> linker.downcallHandle(s, FunctionDescriptor.of(ValueLayout.JAVA_INT))).orElse(null);
        return new NativeBlasInfo(libs, config, core, set, get);
    }

    /** The mapped files whose name contains "blas", other than netlib's own JNI glue. */
    static List<Path> mappedBlasLibraries() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return List.of();
        }
        Set<Path> found = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                Path p = Path.of(line.substring(slash).trim());
                String name = p.getFileName().toString();
                if (name.contains("blas") && !name.contains("netlibblasjni")) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return new ArrayList<>(found);
    }

    private static String callString(Linker linker, SymbolLookup lookup, String function) {
        return lookup.find(function).map(symbol -> {
            MethodHandle h = linker.downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.ADDRESS));
            try {
                MemorySegment s = (MemorySegment) h.invokeExact();
                return s.equals(MemorySegment.NULL) ? null : s.reinterpret(4096).getString(0).trim();
            } catch (Throwable t) {
                throw new IllegalStateException("calling " + function + " failed", t);
            }
        }).orElse(null);
    }

    /** True when OpenBLAS is loaded (its config could be read). */
    public boolean isOpenBlas() {
        return config != null;
    }

    /** OpenBLAS's thread count can be set for this process. */
    public boolean canSetThreads() {
        return setThreads != null;
    }

    /** Calls {@code openblas_set_num_threads(threads)}. */
    public void setThreads(int threads) {
        if (setThreads == null) {
            throw new IllegalStateException("the native BLAS has no openblas_set_num_threads: " + describe());
        }
        try {
            setThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_set_num_threads failed", t);
        }
    }

    /** {@code openblas_get_num_threads()}, or -1 if unknown. */
    public int threads() {
        if (getThreads == null) {
            return -1;
        }
        try {
            return (int) getThreads.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_get_num_threads failed", t);
        }
    }

    /** The kernel set OpenBLAS chose, e.g. {@code "SkylakeX"}, or null when not OpenBLAS. */
    public String coreName() {
        return coreName;
    }

    /** E.g. {@code "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64"}, or null. */
    public String config() {
        return config;
    }

    /** The mapped BLAS library files. */
    public List<Path> libraries() {
        return libraries;
    }

    /** One line: library files, config and core, e.g. for the {@code native_lib} field. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(libraries.isEmpty() ? "unknown library" : String.join(", ", libraries.stream().map(Path::toString).toList()));
        if (config != null) {
            sb.append(" (").append(config).append(")");
        }
        return sb.toString();
    }
}
