/**
 * The commands of the {@code bnn} command line ({@code train}, {@code eval}, {@code data},
 * {@code kernels}, {@code bench}) and what they share: data and thread options, the run's settings
 * ({@code run.json}), the model file's metadata, learning curves and progress.
 */
package dev.bnn.examples.cli;
