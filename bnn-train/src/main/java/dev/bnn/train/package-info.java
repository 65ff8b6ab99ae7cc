/**
 * Training BinaryConnect and BNN networks (Courbariaux et al. 2015, 2016): layers with
 * forward/backward, quantizers with straight-through estimators, optimizers and the trainer.
 * Builds on the kernels of {@code dev.bnn.kernels}.
 */
package dev.bnn.train;
