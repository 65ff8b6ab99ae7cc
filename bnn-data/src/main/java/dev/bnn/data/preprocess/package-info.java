/**
 * Preprocessing of the input images, fitted on the training split and stored in the model file:
 * {@link dev.bnn.data.preprocess.PixelScale} and {@link dev.bnn.data.preprocess.GcnZca}, rebuilt
 * by {@link dev.bnn.data.preprocess.Preprocessors}.
 */
package dev.bnn.data.preprocess;
