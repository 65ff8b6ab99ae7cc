/**
 * Layers and networks: the {@link dev.bnn.train.nn.Module} protocol (forward, backward with
 * accumulating gradients, train/eval, config and state export, summary), explicit
 * {@link dev.bnn.train.nn.Parameter}s with latent binary weights, and the layers of the
 * BinaryConnect and BNN papers: {@code Dense}, {@code BinaryDense}, {@code Conv2d},
 * {@code BinaryConv2d}, {@code BatchNorm} (also shift-based), {@code MaxPool2d},
 * {@code SignActivation}, {@code HardTanh}, {@code Dropout}, {@code Flatten}, {@code Sequential}.
 * Activations are batch-first: dense {@code N x F}, spatial {@code N x H x W x C}.
 */
package dev.bnn.train.nn;
