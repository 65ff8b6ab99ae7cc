/**
 * Optimizers and learning-rate schedules. {@link dev.bnn.train.optim.Optimizer} documents the
 * lifecycle; {@link dev.bnn.train.optim.ElementwiseOptimizer} holds what SGD, Adam, AdaMax,
 * shift-based AdaMax and Bop share, including BinaryConnect's Glorot learning-rate scale for
 * latent binary weights; {@link dev.bnn.train.optim.RoutingOptimizer} splits binary and real
 * parameters between two optimizers. {@link dev.bnn.train.optim.Optimizers} and
 * {@link dev.bnn.train.optim.LearningRateSchedules} rebuild optimizers and schedules from their
 * configs.
 */
package dev.bnn.train.optim;
