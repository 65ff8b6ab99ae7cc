package dev.bnn.infer;

import dev.bnn.kernels.BinaryGemm;
import dev.bnn.kernels.BinaryWeightGemm;
import dev.bnn.kernels.FloatGemm;
import dev.bnn.kernels.Im2col;
import dev.bnn.kernels.Parallelism;

/**
 * The kernels a model runs on, over one {@link Parallelism}. Immutable and shared by every
 * calling thread: the facades hold no per-call state, and Parallelism lets several callers share
 * its pool (a caller runs its own tasks when the pool is busy).
 */
final class Engine {
    final Parallelism parallelism;
    final FloatGemm floatGemm;
    final BinaryGemm binaryGemm;
    final BinaryWeightGemm binaryWeightGemm;
    final Im2col im2col;

    Engine(Parallelism parallelism) {
        this.parallelism = parallelism;
        this.floatGemm = new FloatGemm(parallelism);
        this.binaryGemm = new BinaryGemm(parallelism);
        this.binaryWeightGemm = new BinaryWeightGemm(parallelism);
        this.im2col = new Im2col(parallelism);
    }
}
