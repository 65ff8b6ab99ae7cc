package dev.bnn.kernels;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;

/**
 * The implementations of a kernel family this test JVM can run, built for cross-checking: the
 * scalar reference always, and the Panama one at this JVM's width when the chosen provider is
 * Panama. A JVM runs one vector width (the species are constants); the build runs the suite once
 * per width (512, 256, 128) and once scalar, in separate JVMs (see the bnn-kernels pom).
 */
final class KernelImplementations {
    private KernelImplementations() {}

    /** "scalar", then "panama-N" when this JVM runs the Panama kernels. */
    static <T> Map<String, T> all(Function<KernelProvider, T> family) {
        Map<String, T> impls = new LinkedHashMap<>();
        impls.put("scalar", family.apply(KernelProvider.scalar()));
        KernelProvider chosen = KernelProvider.get();
        if (chosen != KernelProvider.scalar()) {
            impls.put("panama-" + chosen.vectorBits(), family.apply(chosen));
        }
        return impls;
    }

    /** The Panama implementation of this JVM, as "panama-N"; skips the calling test in a scalar JVM. */
    static <T> Map<String, T> panama(Function<KernelProvider, T> family) {
        KernelProvider chosen = panamaProvider();
        return Map.of("panama-" + chosen.vectorBits(), family.apply(chosen));
    }

    /** This JVM's Panama provider; skips the calling test (assumption) when the JVM runs scalar. */
    static KernelProvider panamaProvider() {
        KernelProvider chosen = KernelProvider.get();
        Assumptions.assumeTrue(chosen != KernelProvider.scalar(),
                "this JVM runs the scalar kernels (" + Kernels.implementation() + "): nothing Panama to test here;"
                        + " the 512/256/128-bit surefire executions test it");
        return chosen;
    }
}
