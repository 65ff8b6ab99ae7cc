/**
 * Deployment: a frozen, bit-packed binarized network ({@link dev.bnn.infer.InferenceModel}) that
 * loads from one file and predicts, on bnn-core and bnn-kernels alone (no trainer). bnn-train's
 * {@code Freezer} builds one from a trained network; {@code docs/deploy-format.md} describes the
 * file byte by byte.
 *
 * <p>A frozen network is a chain of {@link dev.bnn.infer.FrozenLayer}s whose activations are
 * floats or packed sign bits ({@link dev.bnn.infer.Precision}). Between two binary layers a batch
 * norm and sign are one integer threshold per unit on the XNOR-popcount dot, and the output is
 * written as bits straight into the next layer's input.
 */
package dev.bnn.infer;
