package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.VectorShape;
import org.junit.jupiter.api.Test;

/**
 * The provider against what this JVM was started for: each surefire execution passes the width
 * it expects ({@value KernelProvider#TEST_VECTOR_BITS_PROPERTY}) or forces scalar, and the
 * hardware's width comes from {@code jdk.incubator.vector}.
 */
class KernelProviderTest {

    @Test
    void choiceFollowsTheScalarPropertyOrTheRequestedWidth() {
        KernelProvider chosen = KernelProvider.get();
        assertSame(chosen, KernelProvider.get(), "chosen once");
        if (Boolean.getBoolean(KernelProvider.FORCE_SCALAR_PROPERTY) || !KernelProvider.vectorModulePresent()) {
            assertSame(KernelProvider.scalar(), chosen);
            assertEquals("scalar, 64-bit", Kernels.implementation());
            return;
        }
        int hardware = VectorShape.preferredShape().vectorBitSize();
        // Without the test property, the hardware's width (VectorWidthCondition skips wider requests).
        int expected = Integer.getInteger(KernelProvider.TEST_VECTOR_BITS_PROPERTY, hardware);
        assertEquals("Panama", chosen.name());
        assertEquals(expected, Kernels.vectorBits());
        assertEquals("Panama, " + expected + "-bit", Kernels.implementation());
        // The kernels really run at that width: a binary GEMM panel is 4 vectors of longs.
        assertEquals(4 * expected / 64, chosen.binaryGemm().panelWidth());
        assertTrue(Kernels.vectorized());
    }

    @Test
    void widthsAboveTheHardwareOrBelow128BitsAreRefused() {
        assertNull(PanamaKernelProvider.unusableReason(512, 512));
        assertNull(PanamaKernelProvider.unusableReason(128, 512));
        assertTrue(PanamaKernelProvider.unusableReason(512, 256).contains("256 bits"),
                PanamaKernelProvider.unusableReason(512, 256));
        assertTrue(PanamaKernelProvider.unusableReason(64, 512).contains("64 bits"));
        assertTrue(PanamaKernelProvider.unusableReason(192, 512).contains("192 bits"));
        assertTrue(PanamaKernelProvider.unusableReason(2048, 2048).contains("2048 bits"));
    }
}
