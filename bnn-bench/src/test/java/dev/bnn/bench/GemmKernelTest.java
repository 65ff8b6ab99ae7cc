package dev.bnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;

class GemmKernelTest {
    @Test
    void idsAreTheDocumentedNames() {
        assertEquals(List.of("binary", "binary-scaled", "binary-threshold", "binary-scalar", "float", "binary-weight",
                "binary-weight-transA", "float-transA", "netlib-java", "netlib-vector", "netlib-native"),
                Arrays.stream(GemmKernel.values()).map(GemmKernel::id).toList());
        for (GemmKernel k : GemmKernel.values()) {
            assertSame(k, GemmKernel.byId(k.id()));
            assertSame(k, GemmKernel.byBenchmark(k.benchmark()));
        }
        assertThrows(IllegalArgumentException.class, () -> GemmKernel.byId("cublas"));
    }

    @Test
    void everyKernelIsABenchmarkMethodWhoseForkArgumentsMatch() throws Exception {
        int checked = 0;
        for (GemmKernel k : GemmKernel.values()) {
            String name = k.benchmark();
            Class<?> cls = Class.forName(name.substring(0, name.lastIndexOf('.')));
            Method m = cls.getMethod(name.substring(name.lastIndexOf('.') + 1));
            assertTrue(m.isAnnotationPresent(Benchmark.class), name);
            // The runner passes jvmArgs() in place of the annotation's list: they must agree.
            assertEquals(k.jvmArgs(), List.of(m.getAnnotation(Fork.class).jvmArgsAppend()), name);
            assertTrue(k.jvmArgs().contains(BenchJvmArgs.ADD_VECTOR), name);
            assertTrue(name.matches(k.includeRegex()), name);
            checked++;
        }
        assertEquals(11, checked);
    }

    @Test
    void onlyTheScalarForkForcesScalarKernelsAndDisablesSuperWord() {
        for (GemmKernel k : GemmKernel.values()) {
            boolean scalar = k == GemmKernel.BINARY_SCALAR;
            assertEquals(scalar, k.jvmArgs().contains(BenchJvmArgs.FORCE_SCALAR), k.id());
            assertEquals(scalar, k.jvmArgs().contains(BenchJvmArgs.NO_SUPERWORD), k.id());
        }
        assertFalse(GemmKernel.BINARY.benchmark().matches(GemmKernel.BINARY_SCALAR.includeRegex()));
        assertFalse(GemmKernel.BINARY_SCALAR.benchmark().matches(GemmKernel.BINARY.includeRegex()));
    }
}
