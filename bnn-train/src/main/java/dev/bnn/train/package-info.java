/**
 * Training BinaryConnect and BNN networks (Courbariaux et al. 2015, 2016). The
 * {@link dev.bnn.train.Trainer} runs seeded mini-batch training of a
 * {@link dev.bnn.train.nn.Module} with a {@link dev.bnn.train.loss.Loss} and an
 * {@link dev.bnn.train.optim.Optimizer} under a {@link dev.bnn.train.TrainerConfig}, measures
 * every epoch ({@link dev.bnn.train.EpochMetrics}), keeps the best model, writes checkpoints
 * and resumes from them; {@link dev.bnn.train.TrainingListener}s hook into it. Sub-packages:
 * {@code nn} (layers), {@code quantize}, {@code constraint}, {@code loss}, {@code optim}
 * (optimizers and schedules), {@code io} (the model file).
 */
package dev.bnn.train;
