package dev.bnn.bench;

import java.util.List;

/**
 * What {@link GemmBenchRunner} measures.
 *
 * @param quick   the short subset (three shapes, our kernels and one netlib, short iterations)
 * @param threads only this thread count; 0 for the default, 1 and all available processors
 * @param profGc  add JMH's GC profiler and report {@code gc.alloc.rate.norm} per call
 * @param kernels only these kernels of the run (empty: all of them)
 */
public record GemmBenchConfig(boolean quick, int threads, boolean profGc, List<GemmKernel> kernels) {
    public GemmBenchConfig {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be positive (or 0 for the default), got " + threads);
        }
        kernels = List.copyOf(kernels);
    }

    /** All kernels of the run. */
    public GemmBenchConfig(boolean quick, int threads, boolean profGc) {
        this(quick, threads, profGc, List.of());
    }

    /** The full run, default thread counts, no profiler. */
    public static GemmBenchConfig full() {
        return new GemmBenchConfig(false, 0, false);
    }
}
