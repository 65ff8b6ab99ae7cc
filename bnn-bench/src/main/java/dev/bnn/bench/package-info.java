/**
 * JMH benchmarks of the bnn kernels: binary (XNOR-popcount) GEMM and its fused outputs, the
 * float-by-sign-bits backward products, float GEMM and netlib sgemm; and the pieces of {@code bnn
 * bench gemm}: {@link dev.bnn.bench.GemmBenchPlan} (what to measure), {@link
 * dev.bnn.bench.GemmBenchOptions} (the JMH options of a plan), {@link dev.bnn.bench.GemmBenchRunner}
 * (runs the plans), {@link dev.bnn.bench.GemmRows} (GMAC/s rows from JMH results) and {@link
 * dev.bnn.bench.GemmBenchReport} / {@link dev.bnn.bench.ResultTable} (the report). The command line
 * is the picocli command in bnn-examples. {@link dev.bnn.bench.BinaryPeakBenchmark} measures the
 * binary micro-kernel's ceiling on this CPU.
 *
 * <p>One multiply-accumulate (MAC) is one product a_ik b_kj added to c_ij, whether the operands
 * are floats or ±1 bits, so a GEMM of shape M x K x N costs M K N MACs and
 * GMAC/s = M K N ops/s / 1e9 for every kernel.
 *
 * <p>Each implementation runs in its own forked JVM; every fork adds
 * {@code --add-modules=jdk.incubator.vector} (see {@link dev.bnn.bench.BenchJvmArgs}).
 */
package dev.bnn.bench;
