package dev.bnn.kernels;

/**
 * Splits an m x n output into one tile per thread. The larger dimension is split (rows, or
 * columns in multiples of {@code colAlign}); reductions are never split, so the split changes
 * nothing in the results.
 */
final class Tiles {
    /** One tile of the output: rows [rowStart, rowEnd) x columns [colStart, colEnd). */
    @FunctionalInterface
    interface TileKernel {
        void run(int rowStart, int rowEnd, int colStart, int colEnd);
    }

    private Tiles() {}

    /**
     * Runs {@code kernel} over tiles covering the m x n output, one per thread, or one tile on
     * the calling thread when {@code work} (float-MAC equivalents) is too small to share.
     */
    static void run(Parallelism parallelism, int m, int n, long work, int colAlign, TileKernel kernel) {
        int tasks = (int) Math.max(1, Math.min(parallelism.threads(), work / parallelism.minWorkPerThread()));
        int colBlocks = (n + colAlign - 1) / colAlign;
        if (tasks == 1 || (m < 2 && colBlocks < 2)) {
            parallelism.checkOpen();
            kernel.run(0, m, 0, n);
        } else if (m >= n || colBlocks < tasks) {
            int parts = Math.min(tasks, m);
            parallelism.forEach(parts, t -> kernel.run(split(m, parts, t), split(m, parts, t + 1), 0, n));
        } else {
            parallelism.forEach(tasks, t -> kernel.run(0, m,
                    Math.min(n, split(colBlocks, tasks, t) * colAlign), Math.min(n, split(colBlocks, tasks, t + 1) * colAlign)));
        }
    }

    /** Start of part {@code t} when {@code total} items are split into {@code parts} near-equal parts. */
    private static int split(int total, int parts, int t) {
        return (int) ((long) total * t / parts);
    }
}
