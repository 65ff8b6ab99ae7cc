/**
 * JMH benchmarks of the bnn kernels: binary (XNOR-popcount) GEMM against float GEMM and netlib
 * sgemm, and a runner ({@link dev.bnn.bench.GemmBenchRunner}) that turns the JMH results into
 * GMAC/s rows and tables.
 *
 * <p>One multiply-accumulate (MAC) is one product a_ik b_kj added to c_ij, whether the operands
 * are floats or ±1 bits, so a GEMM of shape M x K x N costs M K N MACs and
 * GMAC/s = M K N ops/s / 1e9 for every kernel.
 *
 * <p>Each implementation runs in its own forked JVM; every fork adds
 * {@code --add-modules=jdk.incubator.vector} (see {@link dev.bnn.bench.BenchJvmArgs}).
 */
package dev.bnn.bench;
