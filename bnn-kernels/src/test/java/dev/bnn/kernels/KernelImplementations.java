package dev.bnn.kernels;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Every implementation of a kernel family, built directly for cross-checking: the scalar
 * reference and the Panama one at each usable width (preferred, then halved down to 128 bits).
 * Without {@code jdk.incubator.vector} there are no Panama entries; tests that need one skip.
 */
final class KernelImplementations {
    private KernelImplementations() {}

    /** "scalar", then "panama-512", "panama-256", ... as available. */
    static <T> Map<String, T> all(Function<KernelProvider, T> family) {
        Map<String, T> impls = new LinkedHashMap<>();
        impls.put("scalar", family.apply(KernelProvider.scalar()));
        impls.putAll(panama(family));
        return impls;
    }

    /** The Panama implementations only, widest first (empty without the vector module). */
    static <T> Map<String, T> panama(Function<KernelProvider, T> family) {
        Map<String, T> impls = new LinkedHashMap<>();
        if (KernelProvider.vectorModulePresent()) {
            for (int bits = KernelProvider.panama(0).vectorBits(); bits >= 128; bits /= 2) {
                impls.put("panama-" + bits, family.apply(KernelProvider.panama(bits)));
            }
        }
        return impls;
    }
}
