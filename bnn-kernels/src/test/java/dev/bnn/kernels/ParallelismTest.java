package dev.bnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bnn.core.Seeds;
import dev.bnn.core.Tensor;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Nesting, closing, failures and interrupts of {@link Parallelism}. */
class ParallelismTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    /** forEach inside forEach on the same instance, two and three levels deep, at several thread counts. */
    @Test
    void nestedCallsOnTheSameParallelismFinish() {
        for (int threads : new int[] {1, 2, 3, 4}) {
            try (Parallelism p = Parallelism.threads(threads, 1)) {
                AtomicIntegerArray twoDeep = new AtomicIntegerArray(5 * 6);
                assertTimeoutPreemptively(LIMIT, () ->
                        p.forEach(5, i -> p.forEach(6, j -> twoDeep.incrementAndGet(i * 6 + j))));
                assertAllOnce(twoDeep, threads + " threads, two deep");
                AtomicIntegerArray threeDeep = new AtomicIntegerArray(4 * 3 * 5);
                assertTimeoutPreemptively(LIMIT, () -> p.forEach(4, i -> p.forEach(3, j ->
                        p.forEach(5, l -> threeDeep.incrementAndGet((i * 3 + j) * 5 + l)))));
                assertAllOnce(threeDeep, threads + " threads, three deep");
            }
        }
    }

    /** A kernel whose tiles call another kernel on the same Parallelism (a layer inside a data-parallel trainer). */
    @Test
    void kernelsNestedInsideTasksGiveTheSameResult() {
        var rng = Seeds.generator(5);
        Tensor a = Tensor.uniform(rng, -1f, 1f, 40, 50);
        Tensor b = Tensor.uniform(rng, -1f, 1f, 50, 60);
        Tensor expected = Tensor.zeros(40, 60);
        try (Parallelism single = Parallelism.singleThread()) {
            new FloatGemm(single).mult(a, b, expected);
        }
        try (Parallelism p = Parallelism.threads(3, 1)) {
            FloatGemm gemm = new FloatGemm(p);
            Tensor c = Tensor.zeros(40, 60);
            // Four row blocks in parallel, each a (parallel) product on the same Parallelism.
            assertTimeoutPreemptively(LIMIT, () -> p.forEach(4, t ->
                    gemm.mult(a.slice(t * 10, t * 10 + 10), b, c.slice(t * 10, t * 10 + 10))));
            assertArrayEquals(expected.data(), c.data());
        }
    }

    /** Nesting across two instances, both ways, cannot deadlock either: callers run unclaimed tasks themselves. */
    @Test
    void nestingAcrossTwoParallelismsFinishes() {
        try (Parallelism p = Parallelism.threads(2, 1); Parallelism q = Parallelism.threads(2, 1)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(4 * 4 * 4);
            assertTimeoutPreemptively(LIMIT, () -> p.forEach(4, i -> q.forEach(4, j ->
                    p.forEach(4, l -> hits.incrementAndGet((i * 4 + j) * 4 + l)))));
            assertAllOnce(hits, "p -> q -> p");
        }
    }

    /** The caller finishes the work itself while another thread keeps every pool thread busy. */
    @Test
    void aBusyPoolDoesNotBlockTheCaller() throws InterruptedException {
        try (Parallelism p = Parallelism.threads(2, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch poolBusy = new CountDownLatch(1);
            // "other" blocks in its first task until the pool thread has claimed the second.
            Thread other = new Thread(() -> p.forEach(2, t -> {
                if (Thread.currentThread().getName().equals("other")) {
                    awaitQuietly(poolBusy);
                } else {
                    poolBusy.countDown();
                    awaitQuietly(release);
                }
            }), "other");
            other.start();
            try {
                assertTrue(poolBusy.await(10, TimeUnit.SECONDS), "the pool thread never started");
                AtomicIntegerArray hits = new AtomicIntegerArray(8);
                assertTimeoutPreemptively(LIMIT, () -> p.forEach(8, hits::incrementAndGet));
                assertAllOnce(hits, "busy pool");
            } finally {
                release.countDown();
                other.join();
            }
        }
    }

    @Test
    void workOnAClosedParallelismFailsClearlyAtAnySize() {
        for (int threads : new int[] {1, 3}) {
            Parallelism p = Parallelism.threads(threads, 1);
            p.close();
            p.close();
            for (int tasks : new int[] {0, 1, 2, 100}) {
                var e = assertThrows(IllegalStateException.class, () -> p.forEach(tasks, t -> { }));
                assertTrue(e.getMessage().contains("this Parallelism is closed"), e.getMessage());
            }
            // Through a kernel, at a size that is split and one that is not.
            FloatGemm gemm = new FloatGemm(p);
            for (int size : new int[] {2, 200}) {
                var e = assertThrows(IllegalStateException.class,
                        () -> gemm.mult(Tensor.zeros(size, size), Tensor.zeros(size, size), Tensor.zeros(size, size)));
                assertTrue(e.getMessage().contains("this Parallelism is closed"), e.getMessage());
            }
        }
    }

    /** A failing task: the others stop, running ones are waited for, and the failure itself is rethrown. */
    @Test
    void theFirstFailureIsRethrownAfterEveryRunningTaskEnded() {
        try (Parallelism p = Parallelism.threads(3, 1)) {
            AtomicBoolean slowTaskDone = new AtomicBoolean();
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            CountDownLatch slowStarted = new CountDownLatch(1);
            var e = assertThrows(IllegalArgumentException.class, () -> p.forEach(2, t -> {
                if (Thread.currentThread().getName().startsWith("bnn-kernels")) {
                    slowStarted.countDown();
                    sleep(300);
                    slowTaskDone.set(true);
                } else {
                    awaitQuietly(slowStarted);
                    throw boom;
                }
            }));
            assertSame(boom, e);
            assertTrue(slowTaskDone.get(), "forEach threw while a pool task was still running");
        }
    }

    /**
     * The caller is interrupted while a pool thread runs a task of its call: forEach waits for
     * that task before throwing, restores the interrupt flag, and skips the tasks nobody claimed.
     */
    @Test
    void anInterruptedCallerWaitsForRunningTasksThenThrows() {
        try (Parallelism p = Parallelism.threads(2, 1)) {
            AtomicBoolean poolTaskDone = new AtomicBoolean();
            AtomicIntegerArray ran = new AtomicIntegerArray(10);
            CountDownLatch poolTaskStarted = new CountDownLatch(1);
            var e = assertThrows(CancellationException.class, () -> p.forEach(10, t -> {
                ran.incrementAndGet(t);
                if (Thread.currentThread().getName().startsWith("bnn-kernels")) {
                    if (poolTaskStarted.getCount() > 0) {
                        poolTaskStarted.countDown();
                        sleep(300);
                        poolTaskDone.set(true);
                    }
                } else {
                    awaitQuietly(poolTaskStarted);
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(Thread.interrupted(), "the interrupt flag was not restored");
            assertTrue(poolTaskDone.get(), "forEach threw while a pool task was still running");
            assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
            int total = 0;
            for (int t = 0; t < 10; t++) {
                total += ran.get(t);
            }
            assertTrue(total < 10, "every task ran although the caller was interrupted");
        }
    }

    /**
     * Interrupted by another thread while it waits for a pool thread's task: the caller keeps
     * waiting until that task is done, then returns (every task ran) with the flag restored.
     */
    @Test
    void anInterruptWhileWaitingStillWaitsForThePoolTask() throws InterruptedException {
        try (Parallelism p = Parallelism.threads(2, 1)) {
            AtomicBoolean poolTaskDone = new AtomicBoolean();
            AtomicBoolean doneAtReturn = new AtomicBoolean();
            AtomicBoolean flagAtReturn = new AtomicBoolean();
            CountDownLatch poolTaskStarted = new CountDownLatch(1);
            Thread caller = new Thread(() -> {
                p.forEach(2, t -> {
                    if (Thread.currentThread().getName().startsWith("bnn-kernels")) {
                        poolTaskStarted.countDown();
                        sleep(500);
                        poolTaskDone.set(true);
                    } else {
                        awaitQuietly(poolTaskStarted);
                    }
                });
                doneAtReturn.set(poolTaskDone.get());
                flagAtReturn.set(Thread.currentThread().isInterrupted());
            }, "caller");
            caller.start();
            assertTrue(poolTaskStarted.await(10, TimeUnit.SECONDS));
            Thread.sleep(100);
            caller.interrupt();
            caller.join(20_000);
            assertFalse(caller.isAlive());
            assertTrue(doneAtReturn.get(), "forEach returned while the pool task was still running");
            assertTrue(flagAtReturn.get(), "the interrupt flag was not restored");
        }
    }

    @Test
    void anInterruptAfterTheLastTaskKeepsTheCompleteResult() {
        try (Parallelism p = Parallelism.threads(2, 1)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(2);
            // One task each way; the caller interrupts itself after its task, which may be the last.
            p.forEach(1, t -> Thread.currentThread().interrupt());
            assertTrue(Thread.interrupted());
            p.forEach(2, hits::incrementAndGet);
            assertAllOnce(hits, "after an interrupt");
            assertFalse(Thread.currentThread().isInterrupted());
        }
    }

    private static void assertAllOnce(AtomicIntegerArray hits, String what) {
        int[] counts = new int[hits.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = hits.get(i);
        }
        int[] ones = new int[counts.length];
        Arrays.fill(ones, 1);
        assertArrayEquals(ones, counts, what + ": every task must run exactly once");
        assertEquals(counts.length, Arrays.stream(counts).sum());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for another task");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
