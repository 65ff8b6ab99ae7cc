/**
 * The high-dimensional geometry of binarization (Anderson and Berg, "The High-Dimensional Geometry
 * of Binary Neural Networks", ICLR 2018) as diagnostics of a trained network:
 * {@link dev.bnn.train.analysis.Angles} (the angle between each latent weight vector and its sign,
 * against random Gaussian vectors of the same dimension), {@link dev.bnn.train.analysis.DotProducts}
 * (how well the binarized dot products track the continuous ones, layer by layer) and
 * {@link dev.bnn.train.analysis.Rotation} (a Haar-random rotation before binarizing, and the
 * paper's experiment on correlated inputs).
 */
package dev.bnn.train.analysis;
