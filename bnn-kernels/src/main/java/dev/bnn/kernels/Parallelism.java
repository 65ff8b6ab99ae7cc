package dev.bnn.kernels;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * How many threads a kernel facade splits its work over. Kernels split the output into disjoint
 * tiles and never split a reduction, so results do not depend on the thread count.
 *
 * <h2>Ownership</h2>
 * A multi-threaded instance owns a pool of {@code threads - 1} daemon threads. Whoever creates a
 * Parallelism owns it and closes it when done with it (e.g. the trainer, at the end of training,
 * in a try-with-resources); layers and kernels only borrow it and never close it. After
 * {@link #close()} every {@link #forEach} fails with "this Parallelism is closed", whatever the
 * amount of work; close does not wait for work in progress (its callers wait for it).
 *
 * <h2>Scheduling</h2>
 * {@link #forEach} runs on the calling thread and asks pool threads to help: each participant
 * claims the next unclaimed task until none is left, so the caller finishes all the work itself
 * when the pool is busy (with another caller's work, or with the outer level of a nested call),
 * and no call can wait for a pool thread that waits for it: nesting cannot deadlock. A
 * forEach called from inside a task of the same Parallelism runs its tasks directly on the
 * calling thread (the pool is already busy with the outer level).
 *
 * <h2>Returning and failing</h2>
 * forEach returns or throws only once no task of the call is running, so no pool thread writes
 * the caller's output after it: when a task fails, unclaimed tasks are skipped, running ones are
 * waited for, and the first failure is rethrown; when the caller is interrupted, it stops claiming
 * tasks, waits (uninterruptibly) for the running ones, restores the interrupt flag and throws a
 * {@link CancellationException} (the output is then incomplete); if every task had already
 * run, it returns normally with the interrupt flag set.
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
    /** The Parallelism whose task the current thread is running, or null. */
    private static final ThreadLocal<Parallelism> RUNNING = new ThreadLocal<>();

    private final int threads;
    private final long minWorkPerThread;
    private final ExecutorService pool;
    private volatile boolean closed;

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
     * all have finished (see the class documentation for nesting, failures and interrupts).
     *
     * @throws IllegalStateException if this Parallelism is closed
     * @throws CancellationException if the calling thread is interrupted before all tasks ran
     */
    public void forEach(int tasks, IntConsumer body) {
        checkOpen();
        if (tasks <= 1 || pool == null || RUNNING.get() == this) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        Job job = new Job(tasks, body);
        for (int h = Math.min(threads - 1, tasks - 1); h > 0; h--) {
            try {
                pool.execute(job::help);
            } catch (RejectedExecutionException e) {
                // Closed meanwhile: the caller claims the tasks no helper will.
                break;
            }
        }
        job.runOnCaller();
    }

    /** Kernels call this before work they keep on the calling thread, so a closed instance fails at any size. */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this Parallelism is closed: " + this);
        }
    }

    /** One forEach call: tasks claimed in order by whichever participant asks next. */
    private final class Job {
        private final int tasks;
        private final IntConsumer body;
        // Guarded by this:
        private int next;
        private int running;
        private boolean stopped;
        private Throwable failure;

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
        }

        /** On a pool thread: claim and run tasks until none is left. */
        void help() {
            for (int t = claim(); t >= 0; t = claim()) {
                run(t);
            }
        }

        void runOnCaller() {
            boolean interrupted = false;
            for (int t = claim(); t >= 0; t = claim()) {
                run(t);
                if (Thread.currentThread().isInterrupted()) {
                    interrupted = true;
                    stop(null);
                }
            }
            synchronized (this) {
                while (running > 0) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // Keep waiting: a running task may still write the caller's output.
                        interrupted = true;
                        stopped = true;
                    }
                }
            }
            if (failure != null) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                if (failure instanceof Error err) {
                    throw err;
                }
                throw failure instanceof RuntimeException re ? re : new IllegalStateException(failure);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
                if (next < tasks) {
                    throw new CancellationException("interrupted while running kernel tasks on " + Parallelism.this
                            + ": " + (tasks - next) + " of " + tasks + " tasks did not run, the output is incomplete");
                }
            }
        }

        /** The next task index, counted as running, or -1 when none is left or the job stopped. */
        private synchronized int claim() {
            if (stopped || next >= tasks) {
                return -1;
            }
            running++;
            return next++;
        }

        private void run(int t) {
            Parallelism outer = RUNNING.get();
            RUNNING.set(Parallelism.this);
            Throwable thrown = null;
            try {
                body.accept(t);
            } catch (Throwable e) {
                thrown = e;
            } finally {
                RUNNING.set(outer);
            }
            synchronized (this) {
                running--;
                if (thrown != null) {
                    stop(thrown);
                }
                notifyAll();
            }
        }

        /** Stops claiming; keeps the first failure. */
        private synchronized void stop(Throwable cause) {
            stopped = true;
            if (failure == null) {
                failure = cause;
            }
        }
    }

    /** Releases the pool threads; later calls to {@link #forEach} fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.shutdown();
        }
    }

    @Override
    public String toString() {
        return "Parallelism(" + threads + (threads == 1 ? " thread" : " threads") + (closed ? ", closed)" : ")");
    }
}
