package dev.bnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GemmResultTest {
    private static final GemmShape SQUARE = new GemmShape(1024, 1024, 1024);

    @Test
    void gopsIsMacsTimesOpsPerSecondOverOneBillion() {
        // 1024^3 = 1073741824 MACs per product; 10 products/s = 10.73741824 GMAC/s.
        GemmResult r = new GemmResult(GemmKernel.BINARY, SQUARE, 1, 10.0, 0.5, Double.NaN, null, null);
        assertEquals(10.73741824, r.gops(), 1e-12);
        assertEquals(0.536870912, r.gopsError(), 1e-12);
        assertEquals(4096.0 * 4096 * 2 / 1e9, GemmResult.gops(new GemmShape(1, 4096, 4096), 2.0), 1e-15);
    }

    @Test
    void throughputUnitsConvertToOpsPerSecond() {
        assertEquals(250.0, GemmResult.opsPerSecond(250.0, "ops/s"), 1e-12);
        assertEquals(250_000.0, GemmResult.opsPerSecond(250.0, "ops/ms"), 1e-6);
        assertEquals(2.5e8, GemmResult.opsPerSecond(250.0, "ops/us"), 1e-3);
        assertEquals(2.5e11, GemmResult.opsPerSecond(250.0, "ops/ns"), 1);
        assertEquals(2.0, GemmResult.opsPerSecond(120.0, "ops/min"), 1e-12);
    }

    @Test
    void timePerOpUnitsConvertToOpsPerSecond() {
        assertEquals(4.0, GemmResult.opsPerSecond(250.0, "ms/op"), 1e-12);
        assertEquals(4.0, GemmResult.opsPerSecond(0.25, "s/op"), 1e-12);
        assertEquals(1000.0, GemmResult.opsPerSecond(1_000_000.0, "ns/op"), 1e-9);
        assertEquals(1000.0, GemmResult.opsPerSecond(1000.0, "us/op"), 1e-9);
        // 250 +- 25 ms/op: 4 ops/s, first-order error 4 * 25/250 = 0.4.
        assertEquals(0.4, GemmResult.opsPerSecondError(250.0, 25.0, "ms/op"), 1e-12);
        assertEquals(3.0, GemmResult.opsPerSecondError(250.0, 3.0, "ops/s"), 1e-12);
    }

    @Test
    void unknownUnitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> GemmResult.opsPerSecond(1, "furlongs"));
        assertThrows(IllegalArgumentException.class, () -> GemmResult.opsPerSecond(1, "ops/fortnight"));
    }

    @Test
    void shapesParseAndPrintAsMxKxN() {
        assertEquals(new GemmShape(100, 784, 4096), GemmShape.parse("100x784x4096"));
        assertEquals("64x4608x512", GemmShape.parse(" 64X4608x512 ").toString());
        assertEquals(100L * 4096 * 4096, GemmShape.MLP_HIDDEN.macs());
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("100x784"));
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("0x1x1"));
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("axbxc"));
    }
}
