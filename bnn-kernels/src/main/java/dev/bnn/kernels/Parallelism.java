package dev.bnn.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * How many threads a kernel facade splits its work over. Kernels split the output into disjoint
 * tiles and never split a reduction, so results do not depend on the thread count.
 *
 * <p>A multi-threaded instance owns a pool of daemon threads; {@link #close()} releases it. The
 * calling thread always runs one share of the work itself.
 */
public final class Parallelism implements AutoCloseable {
    /**
     * Work per thread below which a split costs more than it saves, in float multiply-accumulates
     * (or their cost equivalent): 2^22 is about 50 us of float GEMM at ~80 GMAC/s, while handing a
     * tile to a pool thread and waiting for it costs tens of microseconds. Measured: a binary GEMV
     * 1 x 4096 x 4096 (~30 us) split over 2 threads ran at half the single-thread speed.
     */
    static final long DEFAULT_MIN_WORK_PER_THREAD = 1L << 22;

    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int threads;
    private final long minWorkPerThread;
    private final ExecutorService pool;

    private Parallelism(int threads, long minWorkPerThread) {
        this.minWorkPerThread = minWorkPerThread;
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            this.pool = null;
        } else {
            int id = POOL_IDS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "bnn-kernels-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Work on the calling thread only. */
    public static Parallelism singleThread() {
        return new Parallelism(1, DEFAULT_MIN_WORK_PER_THREAD);
    }

    /** Work split over {@code threads} threads (the caller's included). */
    public static Parallelism threads(int threads) {
        return new Parallelism(threads, DEFAULT_MIN_WORK_PER_THREAD);
    }

    /** Tests: splits work of any size (minWorkPerThread 1), so small shapes exercise the tiling. */
    static Parallelism threads(int threads, long minWorkPerThread) {
        return new Parallelism(threads, minWorkPerThread);
    }

    /** One thread per available processor. */
    public static Parallelism availableProcessors() {
        return threads(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /** Float-MAC equivalents of work below which a kernel keeps to one thread. */
    long minWorkPerThread() {
        return minWorkPerThread;
    }

    /**
     * Runs {@code body.accept(t)} for t = 0 .. tasks-1, spread over the threads, and returns when
     * all have finished. Task 0 runs on the calling thread. An exception in any task is rethrown.
     */
    public void forEach(int tasks, IntConsumer body) {
        if (tasks <= 1 || pool == null) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(tasks - 1);
        for (int t = 1; t < tasks; t++) {
            int task = t;
            futures.add(pool.submit(() -> body.accept(task)));
        }
        RuntimeException failure = null;
        try {
            body.accept(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for kernel threads", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "Parallelism(" + threads + (threads == 1 ? " thread)" : " threads)");
    }
}
