package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TilesTest {

    @Test
    void tilesCoverTheOutputExactlyOnceWithAlignedColumns() {
        int checked = 0;
        for (int threads : new int[] {1, 2, 3, 8}) {
            try (Parallelism p = Parallelism.threads(threads, 1)) {
                for (int[] s : new int[][] {{1, 1}, {1, 1000}, {1000, 1}, {7, 300}, {300, 7}, {100, 4096}, {5, 129}}) {
                    int m = s[0];
                    int n = s[1];
                    int align = 64;
                    int[] hits = new int[m * n];
                    Tiles.run(p, m, n, (long) m * n, align, (r0, r1, c0, c1) -> {
                        assertTrue(c0 % align == 0 && (c1 % align == 0 || c1 == n), "column tile " + c0 + ".." + c1);
                        synchronized (hits) {
                            for (int i = r0; i < r1; i++) {
                                for (int j = c0; j < c1; j++) {
                                    hits[i * n + j]++;
                                }
                            }
                        }
                    });
                    for (int h : hits) {
                        assertEquals(1, h, "every element exactly once, " + m + " x " + n + ", " + threads + " threads");
                    }
                    checked++;
                }
            }
        }
        assertEquals(28, checked);
    }

    @Test
    void smallWorkStaysOnTheCallingThread() {
        try (Parallelism p = Parallelism.threads(4)) {
            AtomicInteger tiles = new AtomicInteger();
            Thread caller = Thread.currentThread();
            Tiles.run(p, 100, 100, Parallelism.DEFAULT_MIN_WORK_PER_THREAD * 2 - 1, 1, (r0, r1, c0, c1) -> {
                tiles.incrementAndGet();
                assertEquals(caller, Thread.currentThread());
            });
            assertEquals(1, tiles.get());
        }
    }

    @Test
    void parallelismRethrowsTaskFailures() {
        try (Parallelism p = Parallelism.threads(3)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.forEach(3, t -> {
                if (t == 2) {
                    throw new IllegalStateException("task 2 failed");
                }
            }));
            assertEquals("task 2 failed", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Parallelism.threads(0));
    }
}
