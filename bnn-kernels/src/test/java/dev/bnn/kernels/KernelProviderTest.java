package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class KernelProviderTest {

    @Test
    void choiceFollowsTheModuleAndTheScalarProperty() {
        KernelProvider chosen = KernelProvider.get();
        assertSame(chosen, KernelProvider.get(), "chosen once");
        if (Boolean.getBoolean(KernelProvider.FORCE_SCALAR_PROPERTY) || !KernelProvider.vectorModulePresent()) {
            assertSame(KernelProvider.scalar(), chosen);
            assertEquals("scalar, 64-bit", Kernels.implementation());
        } else {
            assertEquals("Panama", chosen.name());
            assertEquals(Kernels.vectorBits() + "", chosen.description().replaceAll("\\D", ""));
        }
    }

    @Test
    void panamaWidthsAreCheckedAgainstThePreferredWidth() {
        assumeTrue(KernelProvider.vectorModulePresent(), "jdk.incubator.vector not available");
        KernelProvider preferred = KernelProvider.panama(0);
        assertEquals("Panama", preferred.name());
        assertThrows(UnsupportedOperationException.class, () -> KernelProvider.panama(preferred.vectorBits() * 2));
        assertThrows(UnsupportedOperationException.class, () -> KernelProvider.panama(64));
        assertThrows(UnsupportedOperationException.class, () -> KernelProvider.panama(192));
        assertEquals(128, KernelProvider.panama(128).vectorBits());
    }
}
