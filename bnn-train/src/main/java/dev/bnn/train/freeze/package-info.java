/**
 * Deployment of a trained network: {@link dev.bnn.train.freeze.Freezer} turns a {@code Sequential}
 * of training layers into a bnn-infer {@code InferenceModel} that predicts exactly what the
 * network predicts in evaluation mode, with bit-packed weights and integer thresholds.
 */
package dev.bnn.train.freeze;
