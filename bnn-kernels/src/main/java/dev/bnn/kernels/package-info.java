/**
 * The compute kernels of bnn: binary (XNOR-popcount) GEMM with fused output transforms, a
 * blocked float GEMM, the BinaryConnect add/subtract product, bit packing and im2col.
 *
 * <p>Each kernel family has a public facade that validates arguments ({@link
 * dev.bnn.kernels.FloatGemm}, {@link dev.bnn.kernels.BinaryGemm}, {@link
 * dev.bnn.kernels.BinaryWeightGemm}, {@link dev.bnn.kernels.BitPacking}), one package-private
 * interface, a scalar reference implementation and a Vector API implementation. The
 * implementation is chosen once per JVM: the Vector API one when the {@code jdk.incubator.vector}
 * module is readable (start java with {@code --add-modules jdk.incubator.vector}; the
 * {@code ./bnn} launcher does), else the scalar one with a warning. {@code -Dbnn.kernels.scalar=true}
 * forces the scalar path. {@link dev.bnn.kernels.Kernels#implementation()} tells which was chosen.
 */
package dev.bnn.kernels;
